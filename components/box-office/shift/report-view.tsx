// The shift and Z reports' tables: dense, readable on a counter monitor, and laid out for paper when printed.
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { formatMoney, formatTime } from "@/server/format";
import type { CashFigures, ReportBody, ShiftReport } from "@/server/shifts/schemas";

const kindNames = { DROP: "Drop", PAYOUT: "Payout", PAY_IN: "Pay-in", CORRECTION: "Correction" } as const;

export function varianceTone(variance: number, threshold: number): string {
  if (variance === 0) return "text-emerald-700 dark:text-emerald-400";
  return Math.abs(variance) > threshold ? "text-red-700 dark:text-red-400" : "text-amber-700 dark:text-amber-400";
}

export function signedMoney(amount: number, currency: string): string {
  return amount > 0 ? `+${formatMoney(amount, currency)}` : formatMoney(amount, currency);
}

function Section({ title, children, empty }: { title: string; children: React.ReactNode; empty?: string | false }) {
  return (
    <section className="break-inside-avoid space-y-1">
      <h3 className="text-sm font-semibold">{title}</h3>
      {empty ? <p className="text-muted-foreground text-sm">{empty}</p> : children}
    </section>
  );
}

const num = "text-right tabular-nums";

export function CashTable({ cash, currency, children }: { cash: CashFigures; currency: string; children?: React.ReactNode }) {
  const m = (n: number) => formatMoney(n, currency);
  const rows: Array<[string, number]> = [
    ["Float", cash.float],
    ["Cash sales", cash.cashSales],
    // (0 rather than −0, which prints as "-£0.00")
    ["Cash refunds", cash.cashRefunds ? -cash.cashRefunds : 0],
    ["Drops", cash.drops],
    ["Payouts", cash.payouts],
    ["Pay-ins", cash.payIns],
    ["Corrections", cash.corrections],
  ];
  return (
    <Table data-testid="cash-table">
      <TableBody>
        {rows.map(([label, amount]) => (
          <TableRow key={label}>
            <TableCell className="py-1">{label}</TableCell>
            <TableCell className={cn(num, "py-1")}>{m(amount)}</TableCell>
          </TableRow>
        ))}
        <TableRow className="font-semibold">
          <TableCell className="py-1">Expected cash</TableCell>
          <TableCell className={cn(num, "py-1")} data-testid="expected-cash">
            {m(cash.expected)}
          </TableCell>
        </TableRow>
        {children}
      </TableBody>
    </Table>
  );
}

/** Tenders, ticket types, concessions and refunds: the same for one shift and for a day. */
export function ReportTables({ body }: { body: ReportBody }) {
  const m = (n: number) => formatMoney(n, body.currency);
  return (
    <div className="grid gap-5 md:grid-cols-2 print:grid-cols-1">
      <Section title="Totals by tender" empty={body.tenders.length === 0 && "No payments taken yet."}>
        <Table data-testid="tender-table">
          <TableHeader>
            <TableRow>
              <TableHead>Tender</TableHead>
              <TableHead className={num}>Sales</TableHead>
              <TableHead className={num}>Taken</TableHead>
              <TableHead className={num}>Refunded</TableHead>
              <TableHead className={num}>Net</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {body.tenders.map((t) => (
              <TableRow key={t.provider}>
                <TableCell className="py-1">{t.label}</TableCell>
                <TableCell className={cn(num, "py-1")}>{t.count}</TableCell>
                <TableCell className={cn(num, "py-1")}>{m(t.amount)}</TableCell>
                <TableCell className={cn(num, "py-1")}>{t.refundAmount ? m(-t.refundAmount) : "—"}</TableCell>
                <TableCell className={cn(num, "py-1")}>{m(t.net)}</TableCell>
              </TableRow>
            ))}
            <TableRow className="border-t-2 font-semibold">
              <TableCell className="py-1">Total</TableCell>
              <TableCell />
              <TableCell className={cn(num, "py-1")}>{m(body.totals.sales)}</TableCell>
              <TableCell className={cn(num, "py-1")}>{body.totals.refunds ? m(-body.totals.refunds) : "—"}</TableCell>
              <TableCell className={cn(num, "py-1")} data-testid="net-total">
                {m(body.totals.net)}
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
      </Section>

      <Section title="Tickets by type" empty={body.ticketTypes.length === 0 && "No tickets sold yet."}>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Type</TableHead>
              <TableHead className={num}>Sold</TableHead>
              <TableHead className={num}>Value</TableHead>
              <TableHead className={num}>Refunded</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {body.ticketTypes.map((t) => (
              <TableRow key={t.code}>
                <TableCell className="py-1">{t.name}</TableCell>
                <TableCell className={cn(num, "py-1")}>{t.sold}</TableCell>
                <TableCell className={cn(num, "py-1")}>{m(t.soldAmount)}</TableCell>
                <TableCell className={cn(num, "py-1")}>{t.refunded ? `${t.refunded} · ${m(-t.refundedAmount)}` : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>

      <Section title="Concessions" empty={body.concessions.length === 0 && "No concessions sold yet."}>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Product</TableHead>
              <TableHead className={num}>Qty</TableHead>
              <TableHead className={num}>Value</TableHead>
              <TableHead className={num}>Refunded</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {body.concessions.map((c) => (
              <TableRow key={c.productId}>
                <TableCell className="py-1">{c.name}</TableCell>
                <TableCell className={cn(num, "py-1")}>{c.sold}</TableCell>
                <TableCell className={cn(num, "py-1")}>{m(c.soldAmount)}</TableCell>
                <TableCell className={cn(num, "py-1")}>{c.refunded ? `${c.refunded} · ${m(-c.refundedAmount)}` : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>

      <Section title="Refunds by reason" empty={body.refundsByReason.length === 0 && "No refunds."}>
        <Table>
          <TableBody>
            {body.refundsByReason.map((r) => (
              <TableRow key={r.reason}>
                <TableCell className="py-1">{r.reason.replaceAll("_", " ").toLowerCase()}</TableCell>
                <TableCell className={cn(num, "py-1")}>{r.count}</TableCell>
                <TableCell className={cn(num, "py-1")}>{m(-r.amount)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Section>
    </div>
  );
}

export function MovementsList({ movements, currency, timeZone }: { movements: ShiftReport["movements"]; currency: string; timeZone: string }) {
  return (
    <Section title="Cash movements" empty={movements.length === 0 && "No drops, payouts or pay-ins."}>
      <Table data-testid="movements-table">
        <TableBody>
          {movements.map((mv) => (
            <TableRow key={mv.id}>
              <TableCell className="py-1 tabular-nums">{formatTime(mv.createdAt, timeZone)}</TableCell>
              <TableCell className="py-1">{kindNames[mv.kind]}</TableCell>
              <TableCell className={cn(num, "py-1")}>{signedMoney(mv.amount, currency)}</TableCell>
              <TableCell className="py-1 whitespace-normal">
                {mv.reason} <span className="text-muted-foreground">· {mv.userName}</span>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}

/** Only the marked area is printed: the report on its own, without the app's header and navigation. */
export function PrintOnlyReport() {
  return (
    <style>{`@media print {
  body * { visibility: hidden !important; }
  [data-print-area], [data-print-area] * { visibility: visible !important; }
  [data-print-area] { position: absolute; left: 0; top: 0; width: 100%; }
}`}</style>
  );
}
