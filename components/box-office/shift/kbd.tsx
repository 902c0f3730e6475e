import { cn } from "@/lib/utils";

/** A keyboard shortcut hint. */
export function Kbd({ children, className }: { children: React.ReactNode; className?: string }) {
  return <kbd className={cn("bg-muted text-muted-foreground rounded border px-1 font-mono text-[11px] leading-4", className)}>{children}</kbd>;
}
