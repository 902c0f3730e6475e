import { CircleAlert, CircleCheck } from "lucide-react";
import type { ReactNode } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";

/** A problem with the whole form, announced to screen readers as it appears. */
export function FormError({ children }: { children: ReactNode }) {
  return (
    <Alert variant="destructive">
      <CircleAlert aria-hidden />
      <AlertDescription>{children}</AlertDescription>
    </Alert>
  );
}

/** Good news carried over from the previous step ("Email confirmed"); polite, so it doesn't interrupt. */
export function FormNotice({ children }: { children: ReactNode }) {
  return (
    <Alert role="status" className="border-emerald-600/30 bg-emerald-50 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100">
      <CircleCheck aria-hidden />
      <AlertDescription className="text-current">{children}</AlertDescription>
    </Alert>
  );
}
