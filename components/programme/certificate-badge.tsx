import { certificateLabels } from "@/server/catalogue/labels";
import { cn } from "@/lib/utils";
import { certificateDescriptions } from "./labels";

// BBFC colours, darkened where needed so the white label keeps at least 4.5:1 contrast.
const styles: Record<string, string> = {
  U: "bg-emerald-700 text-white",
  PG: "bg-amber-400 text-black",
  C12A: "bg-orange-700 text-white",
  C15: "bg-pink-700 text-white",
  C18: "bg-red-700 text-white",
};

export function CertificateBadge({ certificate, className }: { certificate: string; className?: string }) {
  const label = certificateLabels[certificate as keyof typeof certificateLabels] ?? certificate;
  return (
    <span
      title={certificateDescriptions[certificate]}
      className={cn(
        "inline-flex h-6 min-w-6 shrink-0 items-center justify-center rounded-full px-1.5 text-xs leading-none font-bold",
        styles[certificate] ?? "bg-muted text-foreground",
        className,
      )}
    >
      <span className="sr-only">Certificate </span>
      {label}
    </span>
  );
}
