"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDownToLine, ArrowUpFromLine, CircleCheck, Loader2, LockKeyhole, Printer, ReceiptText, Wallet } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { MoneyInput } from "@/components/forms/money-input";
import { LoadError } from "@/components/layout/load-error";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { TableCell, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { cn } from "@/lib/utils";
import { formatLongDate, formatMoney, formatTime } from "@/server/format";
import type { DenominationCounts } from "@/server/shifts/denominations";
import type { CashMovementKindInput, ShiftReport, ShiftSummary, TillsView } from "@/server/shifts/schemas";
import { countPayload, countTotal, DenominationCounter, denominationLabel } from "./denomination-counter";
import { Kbd } from "./kbd";
import { CashTable, MovementsList, PrintOnlyReport, ReportTables, signedMoney, varianceTone } from "./report-view";

type Recent = RouterOutputs["shifts"]["recent"];

const neverChanges = () => () => {};

/** True when a key press belongs to a form field or an open dialog rather than to the page's shortcuts. */
function typingOrDialog(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return true;
  // A dialog on its way out (closing animation) no longer owns the keyboard.
  return !!document.querySelector('[role="dialog"][data-state="open"]');
}

function errorField(error: unknown, field: string): string | undefined {
  return (error as { data?: { fieldErrors?: Record<string, string[] | undefined> } } | null)?.data?.fieldErrors?.[field]?.[0];
}

/**
 * The clerk's shift at a glance: no shift → open one at a till with a counted float; an open shift → its X report,
 * live, with drops, payouts, pay-ins and the cash-up; a closed shift → its final report, ready to print.
 */
export function ShiftDesk({
  initialShift,
  initialTills,
  initialRecent,
  isManager,
}: {
  initialShift: ShiftSummary | null;
  initialTills: TillsView;
  initialRecent: Recent;
  isManager: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery({ ...trpc.shifts.currentShift.queryOptions(), initialData: initialShift, staleTime: 5_000 });
  const [viewing, setViewing] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.shifts.pathKey() });

  if (viewing) {
    return <ClosedShiftView shiftId={viewing} isManager={isManager} onDone={() => setViewing(null)} hasOpenShift={!!current.data} />;
  }
  if (current.isError) return <LoadError title="We couldn't load your shift" message={current.error.message} onRetry={() => current.refetch()} />;
  if (!current.data) {
    return (
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <OpenShiftForm initialTills={initialTills} onOpened={refresh} />
        <RecentShifts initialRecent={initialRecent} onView={setViewing} isManager={isManager} />
      </div>
    );
  }
  return (
    <OpenShiftPanel
      shift={current.data}
      isManager={isManager}
      onClosed={(shiftId) => {
        setViewing(shiftId);
        void refresh();
      }}
    />
  );
}

// ─── Opening ─────────────────────────────────────────────────────────────────

function OpenShiftForm({ initialTills, onOpened }: { initialTills: TillsView; onOpened: () => void }) {
  const trpc = useTRPC();
  // The page's data may be from long before this form appears (after a close): always ask again on mount.
  const tills = useQuery({ ...trpc.shifts.tills.queryOptions(undefined), initialData: initialTills, refetchOnMount: "always" });
  const free = tills.data.tills.filter((t) => !t.openShift);
  const [tillId, setTillId] = useState<string | null>(free.length === 1 ? free[0]!.id : null);
  const [counts, setCounts] = useState<DenominationCounts>({});
  const [byTotal, setByTotal] = useState(false);
  const [total, setTotal] = useState<number | null>(null);
  // Server-rendered until React takes over; browser tests wait for data-ready before typing.
  const ready = useSyncExternalStore(neverChanges, () => true, () => false);
  const currency = tills.data.cinema?.currency ?? "GBP";
  const open = useMutation(
    trpc.shifts.open.mutationOptions({
      onSuccess: (shift) => {
        toast.success(`Shift open on ${shift.tillName} with a float of ${formatMoney(shift.floatAmount, shift.currency)}.`);
        onOpened();
      },
      onError: (error) => {
        toast.error(error.message);
        void tills.refetch();
      },
    }),
  );
  // Number keys choose a till while no field has the focus.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingOrDialog(event) || !/^[1-9]$/.test(event.key)) return;
      const till = tills.data.tills[Number(event.key) - 1];
      if (till && !till.openShift) {
        event.preventDefault();
        setTillId(till.id);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [tills.data.tills]);

  if (!tills.data.cinema) {
    return (
      <Alert>
        <AlertTitle>No home cinema</AlertTitle>
        <AlertDescription>Your account isn&apos;t linked to a cinema yet. Ask an admin to set your home cinema, then open a till.</AlertDescription>
      </Alert>
    );
  }
  const floatAmount = byTotal ? (total ?? Number.NaN) : countTotal(currency, counts);
  const invalid = !tillId || Number.isNaN(floatAmount) || floatAmount < 0;
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (invalid || open.isPending) return;
    open.mutate({ tillId: tillId!, float: byTotal ? { amount: floatAmount } : { denominations: countPayload(counts) } });
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Wallet className="size-5" aria-hidden /> Open a shift
        </CardTitle>
        <CardDescription>
          {tills.data.cinema.name}. Choose your till, count the float in the drawer, and open. Sales and cash refunds need an open shift.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={submit} className="space-y-5" aria-label="Open a shift" data-ready={ready || undefined}>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Till</legend>
            {tills.data.tills.length === 0 ? (
              <p className="text-muted-foreground text-sm">This cinema has no tills yet. An admin adds them.</p>
            ) : (
              <div role="radiogroup" aria-label="Till" className="flex flex-wrap gap-2">
                {tills.data.tills.map((till, index) => {
                  const taken = !!till.openShift;
                  const chosen = till.id === tillId;
                  return (
                    <button
                      key={till.id}
                      type="button"
                      role="radio"
                      aria-checked={chosen}
                      disabled={taken}
                      onClick={() => setTillId(till.id)}
                      className={cn(
                        "focus-visible:ring-ring flex min-w-36 flex-col items-start rounded-md border px-3 py-2 text-left text-sm outline-none focus-visible:ring-[3px]",
                        chosen ? "border-primary bg-primary/10" : "hover:bg-accent",
                        taken && "cursor-not-allowed opacity-60",
                      )}
                    >
                      <span className="flex w-full items-center justify-between gap-2 font-medium">
                        {till.name} {index < 9 ? <Kbd>{index + 1}</Kbd> : null}
                      </span>
                      <span className="text-muted-foreground text-xs">
                        {taken ? `Open: ${till.openShift!.staffName}` : "Free"}
                      </span>
                    </button>
                  );
                })}
              </div>
            )}
          </fieldset>

          <div className="space-y-2">
            <div className="flex items-center justify-between gap-2">
              <h3 className="text-sm font-medium">Float</h3>
              <Button type="button" variant="link" size="sm" className="h-auto p-0" onClick={() => setByTotal((v) => !v)}>
                {byTotal ? "Count by note and coin" : "Enter a total instead"}
              </Button>
            </div>
            {byTotal ? (
              <div className="grid max-w-xs gap-1.5">
                <Label htmlFor="float-total">Float total</Label>
                <MoneyInput id="float-total" value={total} onValueChange={setTotal} autoFocus placeholder="100.00" />
              </div>
            ) : (
              <DenominationCounter currency={currency} counts={counts} onChange={setCounts} idPrefix="float" />
            )}
          </div>

          {open.error ? (
            <Alert variant="destructive">
              <AlertDescription>{open.error.message}</AlertDescription>
            </Alert>
          ) : null}
          <Button type="submit" disabled={invalid || open.isPending}>
            {open.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <CircleCheck aria-hidden />}
            Open shift{!Number.isNaN(floatAmount) ? ` with ${formatMoney(floatAmount, currency)}` : ""}
            <Kbd className="bg-primary-foreground/20 text-primary-foreground ml-1">Enter</Kbd>
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

// ─── An open shift ───────────────────────────────────────────────────────────

const movementCopy: Record<CashMovementKindInput, { title: string; key: string; help: string; button: string }> = {
  DROP: { title: "Cash drop", key: "D", help: "Cash taken out of the drawer to the safe.", button: "Record drop" },
  PAYOUT: { title: "Payout", key: "P", help: "Cash paid out of the drawer for something other than a refund.", button: "Record payout" },
  PAY_IN: { title: "Pay-in", key: "I", help: "Cash put into the drawer, e.g. more change.", button: "Record pay-in" },
};

function OpenShiftPanel({ shift, isManager, onClosed }: { shift: ShiftSummary; isManager: boolean; onClosed: (shiftId: string) => void }) {
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.shifts.report.queryOptions({ shiftId: shift.id }), refetchInterval: 15_000, staleTime: 0 });
  const [movement, setMovement] = useState<CashMovementKindInput | null>(null);
  const [closing, setClosing] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typingOrDialog(event) || closing) return;
      const key = event.key.toUpperCase();
      const kind = (Object.keys(movementCopy) as CashMovementKindInput[]).find((k) => movementCopy[k].key === key);
      if (kind) {
        event.preventDefault();
        setMovement(kind);
      } else if (key === "C") {
        event.preventDefault();
        setClosing(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [closing]);

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_24rem]" data-shift-id={shift.id}>
      <div className="min-w-0">
        {report.isPending ? (
          <Skeleton className="h-96 w-full" />
        ) : report.isError ? (
          <LoadError title="We couldn't load the X report" message={report.error.message} onRetry={() => report.refetch()} />
        ) : (
          <ShiftReportCard report={report.data} />
        )}
      </div>
      <div className="space-y-4">
        <Card>
          <CardHeader className="pb-2">
            <CardTitle className="text-base">
              {shift.tillName} · {shift.staffName}
            </CardTitle>
            <CardDescription>
              Open since {formatTime(shift.openedAt, shift.timeZone)}, float {formatMoney(shift.floatAmount, shift.currency)}
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-2" data-ready={report.isSuccess || undefined}>
            {(Object.keys(movementCopy) as CashMovementKindInput[]).map((kind) => (
              <Button key={kind} type="button" variant="outline" className="justify-between" onClick={() => setMovement(kind)} disabled={closing}>
                <span className="flex items-center gap-2">
                  {kind === "PAY_IN" ? <ArrowDownToLine aria-hidden /> : <ArrowUpFromLine aria-hidden />}
                  {movementCopy[kind].title}
                </span>
                <Kbd>{movementCopy[kind].key}</Kbd>
              </Button>
            ))}
            <Button type="button" className="justify-between" onClick={() => setClosing(true)} disabled={closing}>
              <span className="flex items-center gap-2">
                <LockKeyhole aria-hidden /> Close shift
              </span>
              <Kbd className="bg-primary-foreground/20 text-primary-foreground">C</Kbd>
            </Button>
            {isManager ? (
              <Button asChild variant="link" size="sm" className="justify-start px-0">
                <Link href="/box-office/shift/z">Z report for the day</Link>
              </Button>
            ) : null}
          </CardContent>
        </Card>
        {closing && report.data ? (
          <CloseShiftCard report={report.data} onCancel={() => setClosing(false)} onClosed={onClosed} />
        ) : null}
      </div>
      <CashMovementDialog kind={movement} currency={shift.currency} onClose={() => setMovement(null)} onRecorded={() => report.refetch()} />
    </div>
  );
}

function CashMovementDialog({
  kind,
  currency,
  onClose,
  onRecorded,
}: {
  kind: CashMovementKindInput | null;
  currency: string;
  onClose: () => void;
  onRecorded: () => void;
}) {
  const trpc = useTRPC();
  const [amount, setAmount] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const record = useMutation(
    trpc.shifts.recordCash.mutationOptions({
      onSuccess: (_, input) => {
        toast.success(`${movementCopy[input.kind].title} of ${formatMoney(input.amount, currency)} recorded.`);
        onRecorded();
        close();
      },
    }),
  );
  const close = () => {
    setAmount(null);
    setReason("");
    record.reset();
    onClose();
  };
  const copy = kind ? movementCopy[kind] : null;
  const valid = amount !== null && Number.isInteger(amount) && amount > 0 && reason.trim().length >= 3;
  return (
    <Dialog open={!!kind} onOpenChange={(open) => (!open ? close() : undefined)}>
      <DialogContent>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (kind && valid && !record.isPending) record.mutate({ kind, amount: amount!, reason });
          }}
        >
          <DialogHeader>
            <DialogTitle>{copy?.title}</DialogTitle>
            <DialogDescription>{copy?.help}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="movement-amount">Amount</Label>
            <MoneyInput key={kind ?? "none"} id="movement-amount" value={amount} onValueChange={setAmount} autoFocus placeholder="0.00" />
            {errorField(record.error, "amount") ? <p className="text-destructive text-sm">{errorField(record.error, "amount")}</p> : null}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="movement-reason">Reason</Label>
            <Input id="movement-reason" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} placeholder="e.g. Safe drop at 18:00" />
          </div>
          {record.error && !errorField(record.error, "amount") ? (
            <Alert variant="destructive">
              <AlertDescription>{record.error.message}</AlertDescription>
            </Alert>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close}>
              Cancel <Kbd>Esc</Kbd>
            </Button>
            <Button type="submit" disabled={!valid || record.isPending}>
              {record.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              {copy?.button}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function CloseShiftCard({ report, onCancel, onClosed }: { report: ShiftReport; onCancel: () => void; onClosed: (shiftId: string) => void }) {
  const trpc = useTRPC();
  const currency = report.currency;
  const [counts, setCounts] = useState<DenominationCounts>({});
  const [managerPin, setManagerPin] = useState("");
  const [note, setNote] = useState("");
  const counted = countTotal(currency, counts);
  const expected = report.cash.expected;
  const variance = counted - expected;
  const overThreshold = Math.abs(variance) > report.varianceThreshold;
  const close = useMutation(
    trpc.shifts.close.mutationOptions({
      onSuccess: (result) => {
        toast.success(
          result.needsSignOff
            ? "Shift closed. The variance is waiting for a manager's sign-off."
            : `Shift closed${result.varianceAmount ? ` with a variance of ${signedMoney(result.varianceAmount, currency)}` : ", cash balanced"}.`,
        );
        onClosed(result.shiftId);
      },
    }),
  );
  const pinError = errorField(close.error, "managerPin");
  return (
    <Card className="border-primary/50" data-testid="close-shift">
      <CardHeader className="pb-2">
        <CardTitle className="text-base">Close shift: count the drawer</CardTitle>
        <CardDescription>Count every note and coin in the drawer, float included.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="space-y-4"
          aria-label="Close shift"
          onSubmit={(event) => {
            event.preventDefault();
            if (close.isPending) return;
            close.mutate({ counted: { denominations: countPayload(counts) }, managerPin: managerPin || undefined, note: note || undefined });
          }}
        >
          <DenominationCounter currency={currency} counts={counts} onChange={setCounts} idPrefix="count" autoFocus columns={1} />
          <dl className="grid grid-cols-2 gap-y-1 rounded-md border p-3 text-sm" aria-live="polite">
            <dt>Expected</dt>
            <dd className="text-right tabular-nums" data-testid="close-expected">
              {formatMoney(expected, currency)}
            </dd>
            <dt>Counted</dt>
            <dd className="text-right tabular-nums">{formatMoney(counted, currency)}</dd>
            <dt className="font-semibold">Variance</dt>
            <dd className={cn("text-right font-semibold tabular-nums", varianceTone(variance, report.varianceThreshold))} data-testid="close-variance">
              {variance === 0 ? "Balanced" : signedMoney(variance, currency)}
            </dd>
          </dl>
          {overThreshold ? (
            <div className="space-y-2 rounded-md border border-red-300 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/40">
              <p className="text-sm">
                A variance over {formatMoney(report.varianceThreshold, currency)} needs a manager&apos;s sign-off. A manager can type their PIN
                now, or sign it off later.
              </p>
              <div className="grid gap-1.5">
                <Label htmlFor="close-pin">Manager PIN</Label>
                <Input
                  id="close-pin"
                  type="password"
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={8}
                  value={managerPin}
                  onChange={(event) => setManagerPin(event.target.value.replace(/\D/g, ""))}
                  aria-invalid={!!pinError || undefined}
                  aria-describedby={pinError ? "close-pin-error" : undefined}
                />
                {pinError ? (
                  <p id="close-pin-error" className="text-destructive text-sm">
                    {pinError}
                  </p>
                ) : null}
              </div>
            </div>
          ) : null}
          <div className="grid gap-1.5">
            <Label htmlFor="close-note">Note (optional)</Label>
            <Input id="close-note" value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} placeholder="Anything the manager should know" />
          </div>
          {close.error && !pinError ? (
            <Alert variant="destructive">
              <AlertDescription>{close.error.message}</AlertDescription>
            </Alert>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={close.isPending}>
              {close.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <LockKeyhole aria-hidden />}
              Close shift with {formatMoney(counted, currency)}
            </Button>
            <Button type="button" variant="outline" onClick={onCancel}>
              Keep shift open
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

// ─── Reports ─────────────────────────────────────────────────────────────────

export function ShiftReportCard({ report }: { report: ShiftReport }) {
  const { shift, closing, currency } = report;
  const zone = shift.timeZone;
  const m = (n: number) => formatMoney(n, currency);
  return (
    <Card data-print-area data-testid="shift-report" className="print:border-0 print:shadow-none">
      <CardHeader className="pb-2">
        <CardTitle className="flex flex-wrap items-center gap-2 text-lg">
          <ReceiptText className="size-5 print:hidden" aria-hidden />
          {report.kind === "X" ? "X report (so far)" : "Shift report"}
          <Badge variant={report.kind === "X" ? "secondary" : "outline"}>{report.kind === "X" ? "Open" : "Closed"}</Badge>
        </CardTitle>
        <CardDescription>
          {shift.cinemaName} · {shift.tillName} · {shift.staffName} · {formatLongDate(shift.openedAt, zone)}, {formatTime(shift.openedAt, zone)}
          {closing ? `–${formatTime(closing.closedAt, zone)}` : ""} · printed {formatTime(report.generatedAt, zone)}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        <div className="grid gap-5 md:grid-cols-2 print:grid-cols-1">
          <section className="space-y-1">
            <h3 className="text-sm font-semibold">Cash drawer</h3>
            <CashTable cash={report.cash} currency={currency}>
              {closing ? (
                <>
                  {closing.expectedCashAmount !== report.cash.expected ? (
                    <TableRow>
                      <TableCell className="py-1">Expected at close (before corrections)</TableCell>
                      <TableCell className="py-1 text-right tabular-nums">{m(closing.expectedCashAmount)}</TableCell>
                    </TableRow>
                  ) : null}
                  <TableRow>
                    <TableCell className="py-1">Counted</TableCell>
                    <TableCell className="py-1 text-right tabular-nums" data-testid="counted-cash">
                      {m(closing.countedCashAmount)}
                    </TableCell>
                  </TableRow>
                  <TableRow className="font-semibold">
                    <TableCell className="py-1">Variance</TableCell>
                    <TableCell
                      className={cn("py-1 text-right tabular-nums", varianceTone(closing.varianceAmount, report.varianceThreshold))}
                      data-testid="variance"
                    >
                      {closing.varianceAmount === 0 ? "Balanced" : signedMoney(closing.varianceAmount, currency)}
                    </TableCell>
                  </TableRow>
                  {closing.varianceAfterCorrections !== closing.varianceAmount ? (
                    <TableRow>
                      <TableCell className="py-1">Variance after corrections</TableCell>
                      <TableCell className="py-1 text-right tabular-nums">{signedMoney(closing.varianceAfterCorrections, currency)}</TableCell>
                    </TableRow>
                  ) : null}
                </>
              ) : null}
            </CashTable>
            {closing ? (
              <p className="text-sm" data-testid="sign-off-status">
                {closing.varianceApprovedByName
                  ? `Variance signed off by ${closing.varianceApprovedByName}.`
                  : closing.needsSignOff
                    ? "Variance waiting for a manager's sign-off."
                    : "No sign-off needed."}{" "}
                Closed by {closing.closedByName}.
              </p>
            ) : null}
            {closing?.varianceNote ? <p className="text-muted-foreground text-sm whitespace-pre-line">Note: {closing.varianceNote}</p> : null}
          </section>
          <div className="space-y-5">
            {closing?.countedDenominations && Object.keys(closing.countedDenominations).length ? (
              <section className="space-y-1">
                <h3 className="text-sm font-semibold">Counted by denomination</h3>
                <ul className="grid grid-cols-2 gap-x-4 text-sm tabular-nums">
                  {Object.entries(closing.countedDenominations)
                    .sort(([a], [b]) => Number(b) - Number(a))
                    .map(([value, count]) => (
                    <li key={value} className="flex justify-between">
                      <span>
                        {count} × {denominationLabel(Number(value), currency)}
                      </span>
                      <span>{m(Number(value) * count)}</span>
                    </li>
                    ))}
                </ul>
              </section>
            ) : null}
            <MovementsList movements={report.movements} currency={currency} timeZone={zone} />
          </div>
        </div>
        <ReportTables body={report} />
      </CardContent>
    </Card>
  );
}

function ClosedShiftView({ shiftId, isManager, onDone, hasOpenShift }: { shiftId: string; isManager: boolean; onDone: () => void; hasOpenShift: boolean }) {
  const trpc = useTRPC();
  const report = useQuery(trpc.shifts.report.queryOptions({ shiftId }));
  return (
    <div className="space-y-4">
      <PrintOnlyReport />
      <div className="flex flex-wrap items-center gap-2 print:hidden">
        <Button type="button" onClick={() => window.print()} disabled={!report.isSuccess}>
          <Printer aria-hidden /> Print report
        </Button>
        <Button type="button" variant="outline" onClick={onDone}>
          {hasOpenShift ? "Back to my shift" : "Open a new shift"}
        </Button>
        {isManager ? (
          <Button asChild variant="link">
            <Link href="/box-office/shift/z">Z report for the day</Link>
          </Button>
        ) : null}
      </div>
      {report.isPending ? (
        <Skeleton className="h-96 w-full" />
      ) : report.isError ? (
        <LoadError title="We couldn't load the report" message={report.error.message} onRetry={() => report.refetch()} />
      ) : (
        <>
          {report.data.closing?.needsSignOff ? <SignOffCard shiftId={shiftId} report={report.data} /> : null}
          <ShiftReportCard report={report.data} />
        </>
      )}
    </div>
  );
}

function SignOffCard({ shiftId, report }: { shiftId: string; report: ShiftReport }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [managerPin, setManagerPin] = useState("");
  const [note, setNote] = useState("");
  const signOff = useMutation(
    trpc.shifts.signOff.mutationOptions({
      onSuccess: () => {
        toast.success("Variance signed off.");
        void queryClient.invalidateQueries({ queryKey: trpc.shifts.report.queryKey({ shiftId }) });
      },
    }),
  );
  const pinError = errorField(signOff.error, "managerPin");
  return (
    <Card className="border-red-300 print:hidden dark:border-red-900">
      <CardHeader className="pb-2">
        <CardTitle className="text-base">Manager sign-off needed</CardTitle>
        <CardDescription>
          The variance of {signedMoney(report.closing!.varianceAmount, report.currency)} is over {formatMoney(report.varianceThreshold, report.currency)}.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            signOff.mutate({ shiftId, managerPin: managerPin || undefined, note: note || undefined });
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor="signoff-pin">Manager PIN</Label>
            <Input
              id="signoff-pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              maxLength={8}
              className="w-36"
              value={managerPin}
              onChange={(event) => setManagerPin(event.target.value.replace(/\D/g, ""))}
              aria-invalid={!!pinError || undefined}
            />
          </div>
          <div className="grid min-w-48 flex-1 gap-1.5">
            <Label htmlFor="signoff-note">Note (optional)</Label>
            <Input id="signoff-note" value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} />
          </div>
          <Button type="submit" disabled={signOff.isPending}>
            {signOff.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Sign off
          </Button>
          {signOff.error ? <p className="text-destructive w-full text-sm">{signOff.error.message}</p> : null}
        </form>
      </CardContent>
    </Card>
  );
}

function RecentShifts({ initialRecent, onView, isManager }: { initialRecent: Recent; onView: (id: string) => void; isManager: boolean }) {
  const trpc = useTRPC();
  const recent = useQuery({ ...trpc.shifts.recent.queryOptions(), initialData: initialRecent, refetchOnMount: "always" });
  const closed = useMemo(() => recent.data.filter((s) => s.status === "CLOSED"), [recent.data]);
  return (
    <Card>
      <CardHeader className="pb-2">
        <CardTitle className="text-base">Your recent shifts</CardTitle>
      </CardHeader>
      <CardContent className="space-y-2">
        {closed.length === 0 ? (
          <p className="text-muted-foreground text-sm">No closed shifts yet.</p>
        ) : (
          <ul className="divide-y text-sm">
            {closed.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-2 py-1.5">
                <span>
                  {s.tillName} · {formatLongDate(s.openedAt, s.timeZone)} {formatTime(s.openedAt, s.timeZone)}
                </span>
                <Button type="button" variant="link" size="sm" className="h-auto p-0" onClick={() => onView(s.id)}>
                  Report
                </Button>
              </li>
            ))}
          </ul>
        )}
        {isManager ? (
          <Button asChild variant="link" size="sm" className="h-auto px-0">
            <Link href="/box-office/shift/z">Z report for the day</Link>
          </Button>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** One shift's report on its own page (a manager comes from the Z report): sign-off, corrections, print. */
export function ShiftReportPage({ shiftId, isManager }: { shiftId: string; isManager: boolean }) {
  const trpc = useTRPC();
  const report = useQuery(trpc.shifts.report.queryOptions({ shiftId }));
  return (
    <div className="space-y-4">
      <PrintOnlyReport />
      <div className="flex flex-wrap items-center gap-2 print:hidden">
        <Button type="button" onClick={() => window.print()} disabled={!report.isSuccess}>
          <Printer aria-hidden /> Print report
        </Button>
        <Button asChild variant="outline">
          <Link href={isManager ? "/box-office/shift/z" : "/box-office/shift"}>{isManager ? "Back to the Z report" : "Back to my shift"}</Link>
        </Button>
      </div>
      {report.isPending ? (
        <Skeleton className="h-96 w-full" />
      ) : report.isError ? (
        <LoadError title="We couldn't load the report" message={report.error.message} onRetry={() => report.refetch()} />
      ) : (
        <>
          {report.data.closing?.needsSignOff ? <SignOffCard shiftId={shiftId} report={report.data} /> : null}
          {isManager ? <CorrectionCard shiftId={shiftId} currency={report.data.currency} /> : null}
          <ShiftReportCard report={report.data} />
        </>
      )}
    </div>
  );
}

/** A manager's correction of a shift's figures: a signed amount with a reason, recorded after the fact and audited. */
function CorrectionCard({ shiftId, currency }: { shiftId: string; currency: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState<number | null>(null);
  const [direction, setDirection] = useState<"more" | "less">("less");
  const [reason, setReason] = useState("");
  const [formKey, setFormKey] = useState(0);
  const correct = useMutation(
    trpc.shifts.correct.mutationOptions({
      onSuccess: () => {
        toast.success("Correction recorded.");
        setAmount(null);
        setReason("");
        setFormKey((k) => k + 1);
        void queryClient.invalidateQueries({ queryKey: trpc.shifts.report.queryKey({ shiftId }) });
      },
    }),
  );
  const valid = amount !== null && Number.isInteger(amount) && amount > 0 && reason.trim().length >= 3;
  return (
    <Card className="print:hidden">
      <CardHeader className="pb-2">
        <CardTitle className="text-base">Record a correction</CardTitle>
        <CardDescription>
          A closed shift is never edited: a correction is added beside it, with your name and reason, and the report shows the variance
          after it.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-wrap items-end gap-3"
          aria-label="Record a correction"
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) correct.mutate({ shiftId, amount: direction === "less" ? -amount! : amount!, reason });
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor="correction-direction">The drawer should have had</Label>
            <select
              id="correction-direction"
              value={direction}
              onChange={(event) => setDirection(event.target.value as "more" | "less")}
              className="border-input focus-visible:border-ring focus-visible:ring-ring/50 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]"
            >
              <option value="less">less cash</option>
              <option value="more">more cash</option>
            </select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="correction-amount">Amount</Label>
            <MoneyInput key={formKey} id="correction-amount" className="w-28" value={amount} onValueChange={setAmount} placeholder="0.00" />
          </div>
          <div className="grid min-w-56 flex-1 gap-1.5">
            <Label htmlFor="correction-reason">Reason</Label>
            <Input id="correction-reason" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={200} placeholder="e.g. Drop not recorded at 17:00" />
          </div>
          <Button type="submit" disabled={!valid || correct.isPending}>
            {correct.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Record {amount && amount > 0 ? formatMoney(direction === "less" ? -amount : amount, currency) : "correction"}
          </Button>
          {correct.error ? <p className="text-destructive w-full text-sm">{correct.error.message}</p> : null}
        </form>
      </CardContent>
    </Card>
  );
}
