import { formatMoney } from "@/server/format";

export interface PriceBreakdownLine {
  key: string;
  label: string;
  detail?: string;
  amount: number;
}

/** Lines, subtotal, discount, booking fee and total, in integer minor units. */
export function PriceBreakdown({
  lines,
  currency,
  subtotal,
  discount,
  discountLabel,
  bookingFee = 0,
  total,
  totalLabel = "Total",
}: {
  lines: PriceBreakdownLine[];
  currency: string;
  subtotal: number;
  discount: number;
  discountLabel?: string;
  /** The price plan's booking fee, already in `total`. */
  bookingFee?: number;
  total: number;
  totalLabel?: string;
}) {
  const money = (amount: number) => formatMoney(amount, currency);
  return (
    <dl className="grid grid-cols-[1fr_auto] gap-y-2 text-sm">
      {lines.map((line) => (
        <div key={line.key} className="contents">
          <dt>
            {line.label}
            {line.detail ? <span className="text-muted-foreground block text-xs">{line.detail}</span> : null}
          </dt>
          <dd className="pl-4 text-right tabular-nums">{money(line.amount)}</dd>
        </div>
      ))}
      <div className="contents">
        <dt className="border-t pt-2">Subtotal</dt>
        <dd className="border-t pt-2 pl-4 text-right tabular-nums">{money(subtotal)}</dd>
      </div>
      {discount > 0 ? (
        <div className="contents text-emerald-700 dark:text-emerald-400">
          <dt>{discountLabel ?? "Discount"}</dt>
          <dd className="pl-4 text-right tabular-nums">−{money(discount)}</dd>
        </div>
      ) : null}
      {bookingFee > 0 ? (
        <div className="contents">
          <dt>Booking fee</dt>
          <dd className="pl-4 text-right tabular-nums" data-testid="booking-fee">
            {money(bookingFee)}
          </dd>
        </div>
      ) : null}
      <div className="contents text-base font-semibold">
        <dt>{totalLabel}</dt>
        <dd className="pl-4 text-right tabular-nums" data-testid="order-total">
          {money(total)}
        </dd>
      </div>
    </dl>
  );
}
