"use client";

import type { ReactNode } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";

/**
 * The frame of the admin's create/edit dialogs. The form inside is mounted per opening, so it starts from the record
 * as it was when the dialog opened; `closeThen` closes the dialog and then runs what follows (reload the list).
 */
export function RecordDialog({
  open,
  onOpenChange,
  className = "sm:max-w-2xl",
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  className?: string;
  children: (closeThen: (then: () => Promise<unknown>) => Promise<void>) => ReactNode;
}) {
  const closeThen = async (then: () => Promise<unknown>) => {
    onOpenChange(false);
    await then();
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className={`max-h-[92vh] overflow-y-auto ${className}`}>{open ? children(closeThen) : null}</DialogContent>
    </Dialog>
  );
}
