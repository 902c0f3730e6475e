// Booking takes seats to tickets, so every order it handles has a screening. Only the box office's sale of
// concessions alone has none (Order.screeningId is nullable for it), and such an order never reaches booking's web
// flows: it has no holder, owner or guest link. Booking narrows what it loads with `seated`.
import { notFound } from "@/server/errors";

export type Seated<T> = Omit<T, "screeningId" | "screening"> &
  (T extends { screeningId: unknown } ? { screeningId: string } : unknown) &
  (T extends { screening: infer S } ? { screening: NonNullable<S> } : unknown);

export function seated<T extends { screeningId?: string | null; screening?: unknown }>(order: T): Seated<T> {
  if (order.screeningId === null || order.screening === null) throw notFound("That booking");
  return order as unknown as Seated<T>;
}
