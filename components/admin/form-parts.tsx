import { CircleAlert } from "lucide-react";
import type { ReactNode } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { cn } from "@/lib/utils";

// Pieces every admin form shares, written once: the "Not saved" refusal above a form and the textarea's look (shadcn
// has no textarea here; this matches its Input).

/** A refusal that belongs to no single field (a conflict, a server error), above the form. */
export function NotSaved({ children }: { children: ReactNode }) {
  return (
    <Alert variant="destructive">
      <CircleAlert aria-hidden />
      <AlertTitle>Not saved</AlertTitle>
      <AlertDescription>{children}</AlertDescription>
    </Alert>
  );
}

export const textareaClass = cn(
  "border-input placeholder:text-muted-foreground flex w-full rounded-md border bg-transparent px-3 py-2 text-base shadow-xs outline-none md:text-sm",
  "focus-visible:border-ring focus-visible:ring-ring/50 focus-visible:ring-[3px]",
  "aria-invalid:ring-destructive/20 aria-invalid:border-destructive",
);
