// Cash arithmetic for the pay step: what the clerk types ("20", "12.50") in minor units, and the quick-cash buttons
// (the exact amount and the next note values above it).

/** "20" → 2000, "12.5" → 1250; null for anything that isn't an amount. Empty means "exact". */
export function parseAmount(text: string): number | null {
  const trimmed = text.trim().replace(/^£/, "");
  if (!/^\d{1,6}(\.\d{0,2})?$/.test(trimmed)) return null;
  const [whole, fraction = ""] = trimmed.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** The notes a customer is likely to hand over, by currency (minor units). */
const NOTES: Record<string, number[]> = {
  GBP: [500, 1000, 2000, 5000],
  EUR: [500, 1000, 2000, 5000, 10000],
  USD: [100, 500, 1000, 2000, 5000, 10000],
};

/** The next few round amounts at or above the total that a customer hands over: up to three distinct values. */
export function quickCash(total: number, currency: string): number[] {
  const notes = NOTES[currency] ?? NOTES.GBP!;
  const values = new Set<number>();
  for (const note of notes) {
    const amount = Math.ceil(total / note) * note;
    if (amount > total) values.add(amount);
    if (values.size >= 3) break;
  }
  return [...values].sort((a, b) => a - b).slice(0, 3);
}
