"use client";

import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import { Kbd } from "./kbd";
import { formatMoney } from "@/server/format";
import { type DenominationCounts, denominationsFor } from "@/server/shifts/denominations";

/** The total of a count, ignoring anything that isn't a whole, non-negative number. */
export function countTotal(currency: string, counts: DenominationCounts): number {
  return denominationsFor(currency).reduce((sum, value) => {
    const count = counts[String(value)] ?? 0;
    return sum + (Number.isInteger(count) && count > 0 ? value * count : 0);
  }, 0);
}

/** Only the lines with a count, as the server wants them. */
export function countPayload(counts: DenominationCounts): DenominationCounts {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => Number.isInteger(n) && n > 0));
}

/** "£20", "50p": how a note or coin is named on the counting form and the report. */
export const denominationLabel = (value: number, currency: string) =>
  value < 100 && currency === "GBP" ? `${value}p` : formatMoney(value, currency).replace(/\.00$/, "");

/**
 * Notes and coins, largest first, one number field each with the line's value beside it and the running total at
 * the bottom. Tab moves down the drawer, arrow keys add or take one, Enter submits the surrounding form.
 */
export function DenominationCounter({
  currency,
  counts,
  onChange,
  idPrefix,
  autoFocus = false,
  columns = 2,
}: {
  currency: string;
  counts: DenominationCounts;
  onChange: (counts: DenominationCounts) => void;
  idPrefix: string;
  autoFocus?: boolean;
  /** Two side by side where there is room (opening), one in a narrow panel (closing). */
  columns?: 1 | 2;
}) {
  const denominations = denominationsFor(currency);
  const total = countTotal(currency, counts);
  return (
    <fieldset className="space-y-2" data-testid={`${idPrefix}-counter`}>
      <legend className="sr-only">Count by note and coin</legend>
      <div
        className={cn(
          "grid grid-cols-[3.5rem_5.5rem_1fr] items-center gap-x-3 gap-y-1",
          columns === 2 && "sm:grid-cols-[3.5rem_5.5rem_1fr_3.5rem_5.5rem_1fr]",
        )}
      >
        {denominations.map((value, index) => {
          const key = String(value);
          const count = counts[key];
          const id = `${idPrefix}-${key}`;
          return (
            <div key={key} className="contents">
              <label htmlFor={id} className="text-right text-sm font-medium tabular-nums">
                {denominationLabel(value, currency)}
              </label>
              <Input
                id={id}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                autoFocus={autoFocus && index === 0}
                aria-label={`${denominationLabel(value, currency)} count`}
                className="h-8 text-right tabular-nums"
                value={count === undefined || Number.isNaN(count) ? "" : String(count)}
                onChange={(event) => {
                  const typed = event.target.value.trim();
                  const next = { ...counts };
                  if (typed === "") delete next[key];
                  else next[key] = Math.max(0, Math.floor(Number(typed)));
                  onChange(next);
                }}
                onFocus={(event) => event.currentTarget.select()}
              />
              <span className="text-muted-foreground text-sm tabular-nums">{count ? formatMoney(value * count, currency) : ""}</span>
            </div>
          );
        })}
      </div>
      <p className="flex items-baseline justify-between border-t pt-2">
        <span className="text-sm font-medium">Total counted</span>
        <output className="text-lg font-semibold tabular-nums" data-testid={`${idPrefix}-total`} aria-live="polite">
          {formatMoney(total, currency)}
        </output>
      </p>
      <p className="text-muted-foreground text-xs">
        <Kbd>Tab</Kbd> next line · <Kbd>↑</Kbd>/<Kbd>↓</Kbd> add or take one ·{" "}
        <Kbd>Enter</Kbd> confirm
      </p>
    </fieldset>
  );
}
