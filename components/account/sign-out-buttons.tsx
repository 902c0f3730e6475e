"use client";

import { LoaderCircle, LogOut, ShieldCheck } from "lucide-react";
import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { signOutAction, signOutEverywhereAction } from "@/lib/auth/actions";

function ActionButton({ icon, children, variant }: { icon: ReactNode; children: ReactNode; variant: "outline" | "destructive" }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant={variant} disabled={pending} aria-busy={pending} className="w-full sm:w-auto">
      {pending ? <LoaderCircle className="animate-spin" aria-hidden /> : icon}
      {children}
    </Button>
  );
}

export function SignOutButton() {
  return (
    <form action={signOutAction} className="w-full sm:w-auto">
      <ActionButton variant="outline" icon={<LogOut aria-hidden />}>
        Sign out
      </ActionButton>
    </form>
  );
}

/** Ends every session of this account (other browsers, phones, a forgotten library computer) and this one too. */
export function SignOutEverywhereButton() {
  return (
    <form action={signOutEverywhereAction} className="w-full sm:w-auto">
      <ActionButton variant="destructive" icon={<ShieldCheck aria-hidden />}>
        Sign out everywhere
      </ActionButton>
    </form>
  );
}
