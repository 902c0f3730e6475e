"use client";

import { useMutation } from "@tanstack/react-query";
import { FileDown, Loader2, Printer, ReceiptText } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { formatLongDate, formatMoney, formatTime } from "@/server/format";
import type { PrintSheet, PrintTicket, PrintWhat } from "@/server/printing/schemas";
import { seatKindLabels } from "@/server/catalogue/labels";

// 80 mm thermal paper: one ticket per page, the receipt on its own; black on white, nothing of the site around it.
// Chromium drops "size: 80mm auto" (it takes no auto length) and prints on the paper the printer's driver chose, the
// 80 mm roll on a thermal printer, which is what we want; a fixed length ("80mm 297mm") would feed paper after every
// ticket on a roll. Printers whose driver can't do that print the PDF, which is sized exactly.
const printCss = `
@media print {
  @page { size: 80mm auto; margin: 0 }
  html, body { background: #fff !important; }
  body > a, header, footer, nav, [data-sonner-toaster], [data-print-toolbar] { display: none !important; }
  main > div { padding: 0 !important; margin: 0 !important; }
  [data-print-root] { width: 80mm !important; margin: 0 !important; padding: 0 !important; gap: 0 !important; display: block !important; }
  [data-print-root] * { color: #000 !important; box-shadow: none !important; }
  [data-print-mode="tickets"] [data-receipt], [data-print-mode="receipt"] [data-ticket] { display: none !important; }
  [data-ticket], [data-receipt] { border: 0 !important; border-radius: 0 !important; margin: 0 !important; }
  [data-ticket] { break-after: page; page-break-after: always; }
}`;

const kbd = "bg-muted rounded border px-1 font-mono text-[11px]";

export function PrintSheetView({ sheet, autoprint }: { sheet: PrintSheet; autoprint: PrintWhat | null }) {
  const trpc = useTRPC();
  const record = useMutation(trpc.printing.recordPrint.mutationOptions());
  const [mode, setMode] = useState<PrintWhat | null>(null);
  // Copies printed so far, per ticket id and "receipt": the next print of anything above 0 is a reprint.
  const [printed, setPrinted] = useState<Record<string, number>>(() => ({
    ...Object.fromEntries(sheet.tickets.map((t) => [t.id, t.printed])),
    receipt: sheet.receiptPrinted,
  }));
  // What the paper about to be printed says: the copy numbers recording this print answered.
  const [copies, setCopies] = useState<Record<string, number>>({});
  const started = useRef(false);

  const print = useCallback(
    async (what: PrintWhat) => {
      if (what === "tickets" && sheet.tickets.length === 0) return;
      try {
        const answer = await record.mutateAsync({ reference: sheet.order.reference, what, format: "paper" });
        // Rendered before the dialog opens, so the paper carries REPRINT where it must.
        flushSync(() => {
          setCopies(answer.copies);
          setPrinted((was) => ({ ...was, ...answer.copies }));
          setMode(what);
        });
        window.print();
      } catch (error) {
        toast.error(error instanceof Error ? error.message : "The print couldn't be recorded. Try again.");
      }
    },
    [record, sheet.order.reference, sheet.tickets.length],
  );

  useEffect(() => {
    if (!autoprint || started.current) return;
    started.current = true;
    void print(autoprint);
  }, [autoprint, print]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || (event.target instanceof HTMLElement && event.target.closest("input, textarea, select"))) return;
      if (event.key === "t" || event.key === "T") void print("tickets");
      if (event.key === "r" || event.key === "R") void print("receipt");
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [print]);

  // On screen, the preview shows what the next print will be; once printed, what was printed.
  const copyOf = (key: string) => (mode ? (copies[key] ?? (printed[key] ?? 0) + 1) : (printed[key] ?? 0) + 1);
  const pdfAction = (what: PrintWhat) => `/api/box-office/print/${encodeURIComponent(sheet.order.reference)}?what=${what}`;
  const notePdf = (what: PrintWhat) =>
    setPrinted((was) => {
      const next = { ...was };
      for (const key of what === "tickets" ? sheet.tickets.map((t) => t.id) : ["receipt"]) next[key] = (next[key] ?? 0) + 1;
      return next;
    });

  return (
    <div className="space-y-4">
      <style>{printCss}</style>
      <div data-print-toolbar className="flex flex-wrap items-center gap-2">
        <Button type="button" onClick={() => void print("tickets")} disabled={record.isPending || sheet.tickets.length === 0}>
          {record.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Printer aria-hidden />} Print tickets{" "}
          <kbd className={`${kbd} text-foreground`}>T</kbd>
        </Button>
        <Button type="button" variant="outline" onClick={() => void print("receipt")} disabled={record.isPending}>
          <ReceiptText aria-hidden /> Print receipt <kbd className={kbd}>R</kbd>
        </Button>
        <form method="post" action={pdfAction("tickets")} target="_blank" onSubmit={() => notePdf("tickets")}>
          <Button type="submit" variant="outline" disabled={sheet.tickets.length === 0}>
            <FileDown aria-hidden /> PDF tickets
          </Button>
        </form>
        <form method="post" action={pdfAction("receipt")} target="_blank" onSubmit={() => notePdf("receipt")}>
          <Button type="submit" variant="outline">
            <FileDown aria-hidden /> PDF receipt
          </Button>
        </form>
        <p className="text-muted-foreground text-sm">
          Booking {sheet.order.reference} · {sheet.tickets.length} valid ticket{sheet.tickets.length === 1 ? "" : "s"} · 80 mm paper
        </p>
      </div>

      <div data-print-root data-print-mode={mode ?? undefined} className="flex flex-wrap items-start gap-4">
        {sheet.tickets.map((ticket) => (
          <TicketSlip key={ticket.id} sheet={sheet} ticket={ticket} reprint={copyOf(ticket.id) > 1} />
        ))}
        <Receipt sheet={sheet} reprint={copyOf("receipt") > 1} />
      </div>
    </div>
  );
}

// Black on white with a heavy border rather than white on black: browsers leave backgrounds out of prints unless
// "background graphics" is ticked, and a white-on-nothing REPRINT would vanish.
function Reprint() {
  return <p className="border-[3px] border-black py-0.5 text-center text-lg font-black tracking-[0.3em] text-black">*** REPRINT ***</p>;
}

const slip = "w-[80mm] shrink-0 bg-white p-[3mm] text-black rounded-sm border border-dashed border-zinc-400 font-sans";

function TicketSlip({ sheet, ticket, reprint }: { sheet: PrintSheet; ticket: PrintTicket; reprint: boolean }) {
  const s = sheet.screening;
  const zone = sheet.cinema.timeZone;
  return (
    <article data-ticket aria-label={`Ticket ${ticket.seatLabel}`} className={`${slip} space-y-1 text-center`}>
      {reprint ? <Reprint /> : null}
      <p className="text-xs font-bold tracking-[0.2em] uppercase">{sheet.cinema.name}</p>
      {s ? (
        <>
          <p className="text-xl leading-tight font-black">{s.filmTitle}</p>
          <p className="text-xs">
            <span className="border border-black px-1 font-bold">{s.certificate}</span> · {s.formatLabel}
          </p>
          <p className="text-sm">{formatLongDate(s.startsAt, zone)}</p>
          <p className="text-3xl leading-none font-black tabular-nums">{formatTime(s.startsAt, zone)}</p>
          {s.featureStartsAt > s.startsAt ? <p className="text-xs">Film starts {formatTime(s.featureStartsAt, zone)}</p> : null}
          <p className="text-base font-bold">{s.hallName}</p>
        </>
      ) : null}
      <p className="text-5xl leading-none font-black">
        <span className="align-middle text-base font-bold">SEAT </span>
        {ticket.seatLabel}
      </p>
      {ticket.seatKindLabel !== seatKindLabels.STANDARD ? <p className="text-xs">{ticket.seatKindLabel}</p> : null}
      <p className="text-sm font-semibold">
        {ticket.ticketTypeLabel} · {formatMoney(ticket.priceAmount, ticket.currency)}
      </p>
      <div
        role="img"
        aria-label={`QR code for ticket ${ticket.code}`}
        className="mx-auto w-[44mm] [&>svg]:block [&>svg]:h-auto [&>svg]:w-full"
        dangerouslySetInnerHTML={{ __html: ticket.qrSvg }}
      />
      <p className="font-mono text-[10px] tracking-widest">{ticket.code}</p>
      <p className="text-sm font-bold">Booking {sheet.order.reference}</p>
      <p className="text-[9px]">One person per ticket. The code is checked once at the door.</p>
    </article>
  );
}

function Row({ left, right, strong }: { left: React.ReactNode; right: React.ReactNode; strong?: boolean }) {
  return (
    <div className={`flex justify-between gap-2 ${strong ? "text-base font-black" : ""}`}>
      <span className="min-w-0">{left}</span>
      <span className="shrink-0 tabular-nums">{right}</span>
    </div>
  );
}

function Receipt({ sheet, reprint }: { sheet: PrintSheet; reprint: boolean }) {
  const o = sheet.order;
  const zone = sheet.cinema.timeZone;
  const money = (amount: number, currency = o.currency) => formatMoney(amount, currency);
  const at = o.paidAt ?? o.createdAt;
  const rule = <hr className="my-1 border-t border-dashed border-black" />;
  return (
    <section data-receipt aria-label="Receipt" className={`${slip} space-y-0.5 text-xs`}>
      {reprint ? <Reprint /> : null}
      <p className="text-center text-sm font-black uppercase">{sheet.cinema.name}</p>
      <p className="text-center text-[10px]">
        {sheet.cinema.address}, {sheet.cinema.city} {sheet.cinema.postcode}
      </p>
      <p className="py-1 text-center text-sm font-bold tracking-[0.2em]">RECEIPT</p>
      <Row left="Booking" right={<strong>{o.reference}</strong>} />
      <Row left="Date" right={`${formatLongDate(at, zone)} ${formatTime(at, zone)}`} />
      <Row left="Clerk" right={o.clerkName ?? "Online"} />
      {o.tillName ? <Row left="Till / shift" right={`${o.tillName} / ${o.shiftId?.slice(-6) ?? ""}`} /> : null}
      {sheet.screening ? (
        <>
          {rule}
          <p className="font-bold">
            {sheet.screening.filmTitle} ({sheet.screening.certificate})
          </p>
          <p>
            {formatLongDate(sheet.screening.startsAt, zone)} {formatTime(sheet.screening.startsAt, zone)} · {sheet.screening.hallName}
          </p>
        </>
      ) : null}
      {rule}
      {sheet.lines.map((line, i) => (
        <Row
          key={i}
          left={`${line.quantity > 1 ? `${line.quantity} × ` : ""}${line.label}${line.refunded ? " (refunded)" : ""}`}
          right={money(line.amount, line.currency)}
        />
      ))}
      {rule}
      <Row left="Subtotal" right={money(o.subtotalAmount)} />
      {o.discountAmount ? <Row left="Discount" right={`-${money(o.discountAmount)}`} /> : null}
      {o.bookingFeeAmount ? <Row left="Booking fee" right={money(o.bookingFeeAmount)} /> : null}
      <Row left="TOTAL" right={money(o.totalAmount)} strong />
      {sheet.tenders.map((tender, i) => (
        <div key={i}>
          <Row left={`${tender.label}${tender.note ? ` (${tender.note})` : ""}`} right={money(tender.amount, tender.currency)} />
          {tender.tenderedAmount !== null ? <Row left="  Cash tendered" right={money(tender.tenderedAmount, tender.currency)} /> : null}
          {tender.changeAmount !== null ? <Row left="  Change" right={money(tender.changeAmount, tender.currency)} /> : null}
        </div>
      ))}
      {sheet.refunds.map((refund, i) => (
        <Row key={`r${i}`} left={`Refunded ${formatTime(refund.createdAt, zone)}`} right={`-${money(refund.amount, refund.currency)}`} />
      ))}
      {rule}
      <p className="text-center">Thank you. Enjoy the film!</p>
    </section>
  );
}
