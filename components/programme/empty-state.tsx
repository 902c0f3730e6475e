import type { LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils";

export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  className,
  headingLevel = "h2",
}: {
  icon: LucideIcon;
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
  headingLevel?: "h2" | "h3";
}) {
  const Heading = headingLevel;
  return (
    <div className={cn("flex flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-12 text-center", className)}>
      <Icon className="text-muted-foreground size-10" aria-hidden />
      <Heading className="text-lg font-semibold">{title}</Heading>
      {children ? <div className="text-muted-foreground max-w-md text-sm">{children}</div> : null}
      {action}
    </div>
  );
}
