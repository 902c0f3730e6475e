// Notes and coins by currency, in minor units, largest first: the float and the cash-up are counted in these.
// Pure, so the browser's counting form imports it too.

const byCurrency: Record<string, readonly number[]> = {
  GBP: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  USD: [10000, 5000, 2000, 1000, 500, 100, 25, 10, 5, 1],
};

// A decimal currency we have no list for still counts in the usual 1-2-5 steps.
const fallback = [10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1] as const;

export function denominationsFor(currency: string): readonly number[] {
  return byCurrency[currency.toUpperCase()] ?? fallback;
}

/** Denomination (minor units, as a string key) → how many of it. */
export type DenominationCounts = Record<string, number>;

/** The total of a count, refusing denominations the currency doesn't have. */
export function totalOfCount(currency: string, counts: DenominationCounts): number {
  const allowed = new Set(denominationsFor(currency));
  let total = 0;
  for (const [key, count] of Object.entries(counts)) {
    const value = Number(key);
    if (!allowed.has(value)) throw new RangeError(`${key} is not a ${currency} denomination`);
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`bad count for ${key}`);
    total += value * count;
  }
  return total;
}

/** The count without its zero lines, for storing (readers sort it: integer-like keys never keep an order). */
export function normaliseCount(currency: string, counts: DenominationCounts): DenominationCounts {
  const out: DenominationCounts = {};
  for (const value of denominationsFor(currency)) {
    const count = counts[String(value)] ?? 0;
    if (count > 0) out[String(value)] = count;
  }
  return out;
}
