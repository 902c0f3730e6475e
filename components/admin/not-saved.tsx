import { CircleAlert } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";

/** Why a dialog's save was refused (a conflict, or a message for no one field), above its form. */
export function NotSaved({ children }: { children: React.ReactNode }) {
  return (
    <Alert variant="destructive">
      <CircleAlert aria-hidden />
      <AlertTitle>Not saved</AlertTitle>
      <AlertDescription>{children}</AlertDescription>
    </Alert>
  );
}
