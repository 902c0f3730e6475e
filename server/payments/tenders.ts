// The box office's tenders are Payment rows like the web's, named by these providers. They are taken at the counter
// (the drawer or the card terminal), so they are SUCCEEDED when written and never go through a webhook; shift
// reports sum them by provider, and a staff refund of one goes back the same way (cash from the drawer, card to the
// terminal).
export const counterTenders = {
  cash: "counter-cash",
  card: "counter-card",
  complimentary: "counter-comp",
} as const;

export type CounterTender = keyof typeof counterTenders;
export type CounterTenderProvider = (typeof counterTenders)[CounterTender];

export function isCounterTender(provider: string): provider is CounterTenderProvider {
  return (Object.values(counterTenders) as string[]).includes(provider);
}
