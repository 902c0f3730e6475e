"use client";

import { useMutation } from "@tanstack/react-query";
import { KeyRound, Loader2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/client";

/** A manager sets the PIN they type at a clerk's till to approve comps, large refunds, overrides and variances. */
export function ManagerPinCard() {
  const trpc = useTRPC();
  const [pin, setPin] = useState("");
  const [again, setAgain] = useState("");
  const save = useMutation(
    trpc.account.setManagerPin.mutationOptions({
      onSuccess: () => {
        toast.success("Approval PIN saved.");
        setPin("");
        setAgain("");
      },
    }),
  );
  const mismatch = again.length > 0 && pin !== again;
  const valid = /^\d{4,8}$/.test(pin) && pin === again;
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <KeyRound className="size-5" aria-hidden /> Approval PIN
        </CardTitle>
        <CardDescription>
          Type it at a clerk&apos;s till to approve what needs a manager: comps, large or late refunds, seat-rule overrides and till
          variances. Saving a PIN replaces the one you had. Keep it to yourself: it approves in your name.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) save.mutate({ pin });
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor="manager-pin">New PIN (4–8 digits)</Label>
            <Input id="manager-pin" type="password" inputMode="numeric" autoComplete="new-password" maxLength={8} className="w-40" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ""))} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="manager-pin-again">Repeat it</Label>
            <Input
              id="manager-pin-again"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              maxLength={8}
              className="w-40"
              value={again}
              aria-invalid={mismatch || undefined}
              onChange={(e) => setAgain(e.target.value.replace(/\D/g, ""))}
            />
          </div>
          <Button type="submit" disabled={!valid || save.isPending}>
            {save.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Save PIN
          </Button>
          {mismatch ? <p className="text-destructive w-full text-sm">The two PINs don&apos;t match.</p> : null}
          {save.error ? <p className="text-destructive w-full text-sm">{save.error.message}</p> : null}
        </form>
      </CardContent>
    </Card>
  );
}
