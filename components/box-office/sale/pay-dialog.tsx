"use client";

import { Banknote, CreditCard, Gift, Loader2, SplitSquareHorizontal } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import type { RouterInputs } from "@/lib/trpc/types";
import { formatMoney } from "@/server/format";
import { parseAmount, quickCash } from "./cash";

export type Tender = RouterInputs["counter"]["sell"]["tender"];
type Kind = Tender["kind"];

const kinds: Array<{ kind: Kind; label: string; key: string; icon: typeof Banknote }> = [
  { kind: "cash", label: "Cash", key: "C", icon: Banknote },
  { kind: "card", label: "Card", key: "K", icon: CreditCard },
  { kind: "split", label: "Split", key: "S", icon: SplitSquareHorizontal },
  { kind: "comp", label: "Comp", key: "M", icon: Gift },
];

/**
 * Mounted afresh for each sale (keyed by its request key), so every sale starts on cash with empty fields.
 * The pay step: choose the tender (Alt+C cash, Alt+K card, Alt+S split, Alt+M comp), take the money, Enter to finish.
 * Cash with an empty amount is the exact amount. The sandbox terminal asks the clerk to play the customer's bank.
 */
export function PayDialog({
  open,
  onOpenChange,
  total,
  currency,
  terminal,
  isManager,
  pending,
  error,
  onPay,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  total: number;
  currency: string;
  terminal: { name: string; simulated: boolean };
  isManager: boolean;
  pending: boolean;
  error: string | null;
  onPay: (tender: Tender, email: string) => void;
}) {
  const [kind, setKind] = useState<Kind>("cash");
  const [tendered, setTendered] = useState("");
  const [cashPart, setCashPart] = useState("");
  const [reason, setReason] = useState("");
  const [pin, setPin] = useState("");
  const [email, setEmail] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const approveButton = useRef<HTMLButtonElement>(null);
  const money = (amount: number) => formatMoney(amount, currency);

  useEffect(() => {
    if (open) requestAnimationFrame(() => (kind === "card" ? approveButton.current : firstField.current)?.focus());
  }, [open, kind]);

  const tenderedAmount = tendered.trim() ? parseAmount(tendered) : total;
  const cashPartAmount = parseAmount(cashPart);
  const change = kind === "cash" && tenderedAmount !== null ? tenderedAmount - total : kind === "split" && cashPartAmount !== null && tenderedAmount !== null && tendered.trim() ? tenderedAmount - cashPartAmount : 0;

  const submit = (simulate?: "approve" | "decline") => {
    setLocalError(null);
    if (pending) return;
    if (kind === "cash") {
      if (tenderedAmount === null) return setLocalError("Type the cash handed over, like 20 or 12.50.");
      if (tenderedAmount < total) return setLocalError(`That's less than the total of ${money(total)}.`);
      onPay({ kind: "cash", tendered: tenderedAmount }, email);
    } else if (kind === "card") {
      onPay({ kind: "card", simulate: terminal.simulated ? (simulate ?? "approve") : undefined }, email);
    } else if (kind === "split") {
      if (cashPartAmount === null || cashPartAmount <= 0 || cashPartAmount >= total) {
        return setLocalError(`The cash part must be more than nothing and less than ${money(total)}.`);
      }
      const handed = tendered.trim() ? parseAmount(tendered) : cashPartAmount;
      if (handed === null || handed < cashPartAmount) return setLocalError("The cash handed over is less than the cash part.");
      onPay({ kind: "split", cashAmount: cashPartAmount, tendered: handed, simulate: terminal.simulated ? (simulate ?? "approve") : undefined }, email);
    } else {
      if (reason.trim().length < 3) return setLocalError("Give a reason for the complimentary sale.");
      onPay({ kind: "comp", reason: reason.trim(), managerPin: isManager ? undefined : pin.trim() || undefined }, email);
    }
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.altKey) {
      const chosen = kinds.find((k) => event.code === `Key${k.key}`);
      if (chosen) {
        event.preventDefault();
        setKind(chosen.kind);
        setLocalError(null);
      }
      return;
    }
    const typing = event.target instanceof HTMLInputElement;
    const needsBank = terminal.simulated && (kind === "card" || kind === "split");
    if (needsBank && !typing && (event.key === "a" || event.key === "d")) {
      event.preventDefault();
      submit(event.key === "a" ? "approve" : "decline");
    } else if (event.key === "Enter" && !(event.target instanceof HTMLButtonElement)) {
      event.preventDefault();
      submit();
    }
  };

  const shown = error ?? localError;
  return (
    <Dialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <DialogContent className="sm:max-w-lg" onKeyDown={onKeyDown} aria-describedby="pay-total">
        <DialogHeader>
          <DialogTitle>Take payment</DialogTitle>
          <DialogDescription id="pay-total">
            Total <span className="text-foreground text-lg font-semibold tabular-nums">{money(total)}</span>
          </DialogDescription>
        </DialogHeader>
        <div role="tablist" aria-label="Tender" className="grid grid-cols-4 gap-1">
          {kinds.map(({ kind: k, label, key, icon: Icon }) => (
            <Button
              key={k}
              type="button"
              role="tab"
              aria-selected={kind === k}
              variant={kind === k ? "default" : "outline"}
              size="sm"
              onClick={() => setKind(k)}
            >
              <Icon aria-hidden /> {label}
              <kbd className="ml-1 hidden rounded border px-1 text-[10px] opacity-70 sm:inline">Alt+{key}</kbd>
            </Button>
          ))}
        </div>

        <div role="tabpanel" aria-label={kinds.find((k) => k.kind === kind)?.label} className="space-y-3">
          {kind === "cash" ? (
            <>
              <div className="grid gap-1.5">
                <Label htmlFor="tendered">Cash handed over</Label>
                <Input
                  id="tendered"
                  ref={firstField}
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder={`${(total / 100).toFixed(2)} (exact)`}
                  value={tendered}
                  onChange={(event) => setTendered(event.target.value)}
                />
              </div>
              <div className="flex flex-wrap gap-2" aria-label="Quick cash">
                <Button type="button" variant="secondary" size="sm" onClick={() => onPay({ kind: "cash", tendered: total }, email)} disabled={pending}>
                  Exact {money(total)}
                </Button>
                {quickCash(total, currency).map((amount) => (
                  <Button key={amount} type="button" variant="secondary" size="sm" onClick={() => onPay({ kind: "cash", tendered: amount }, email)} disabled={pending}>
                    {money(amount)}
                  </Button>
                ))}
              </div>
              <p className="text-sm" aria-live="polite">
                Change due:{" "}
                <strong className={cn("text-lg tabular-nums", change < 0 && "text-destructive")} data-testid="change-preview">
                  {tenderedAmount === null ? "—" : money(Math.max(0, change))}
                </strong>
              </p>
            </>
          ) : null}

          {kind === "split" ? (
            <div className="grid grid-cols-2 gap-3">
              <div className="grid gap-1.5">
                <Label htmlFor="cash-part">Cash part</Label>
                <Input id="cash-part" ref={firstField} inputMode="decimal" autoComplete="off" value={cashPart} onChange={(e) => setCashPart(e.target.value)} />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="split-tendered">Cash handed over</Label>
                <Input id="split-tendered" inputMode="decimal" autoComplete="off" placeholder="exact" value={tendered} onChange={(e) => setTendered(e.target.value)} />
              </div>
              <p className="col-span-2 text-sm">
                Card pays{" "}
                <strong className="tabular-nums" data-testid="card-part">
                  {cashPartAmount !== null && cashPartAmount < total ? money(total - cashPartAmount) : "—"}
                </strong>
                {tendered.trim() && change > 0 ? <> · change due <strong className="tabular-nums">{money(change)}</strong></> : null}
              </p>
            </div>
          ) : null}

          {kind === "card" || kind === "split" ? (
            terminal.simulated ? (
              <div className="rounded-md border border-dashed p-3" role="group" aria-label="Sandbox card terminal">
                <p className="text-muted-foreground mb-2 text-xs">
                  {terminal.name}: you play the customer&apos;s bank. <kbd className="rounded border px-1">A</kbd> approve ·{" "}
                  <kbd className="rounded border px-1">D</kbd> decline
                </p>
                <div className="flex gap-2">
                  <Button type="button" onClick={() => submit("approve")} disabled={pending} ref={approveButton}>
                    Approve card
                  </Button>
                  <Button type="button" variant="outline" onClick={() => submit("decline")} disabled={pending}>
                    Decline card
                  </Button>
                </div>
              </div>
            ) : (
              <Button type="button" onClick={() => submit()} disabled={pending}>
                <CreditCard aria-hidden /> Charge on {terminal.name}
              </Button>
            )
          ) : null}

          {kind === "comp" ? (
            <div className="grid gap-3">
              <div className="grid gap-1.5">
                <Label htmlFor="comp-reason">Reason</Label>
                <Input id="comp-reason" ref={firstField} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Projector fault last visit" />
              </div>
              {isManager ? (
                <p className="text-muted-foreground text-xs">Approved by you as a manager.</p>
              ) : (
                <div className="grid gap-1.5">
                  <Label htmlFor="comp-pin">Manager PIN</Label>
                  <Input id="comp-pin" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
                </div>
              )}
            </div>
          ) : null}

          <div className="grid gap-1.5">
            <Label htmlFor="sale-email">Email the tickets (optional)</Label>
            <Input id="sale-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="customer@example.com" />
          </div>
        </div>

        {shown ? (
          <Alert variant="destructive">
            <AlertDescription>{shown}</AlertDescription>
          </Alert>
        ) : null}

        {kind === "cash" || kind === "comp" ? (
          <Button type="button" onClick={() => submit()} disabled={pending} className="w-full">
            {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Complete sale <kbd className="ml-1 rounded border px-1 text-[10px] opacity-70">Enter</kbd>
          </Button>
        ) : pending ? (
          <p className="text-muted-foreground flex items-center gap-2 text-sm">
            <Loader2 className="size-4 animate-spin" aria-hidden /> Waiting for the terminal…
          </p>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
