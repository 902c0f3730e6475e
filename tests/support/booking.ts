// Booking scenarios: the real booking module over real PostgreSQL and Redis (services.ts), the real payments module
// over the in-memory provider of payments.ts, the real mailer writing to the development mailbox, and the clock of
// clock.ts. A test gets its harness with withBookingHarness(), then builds what it needs, each step on the last:
//   createBookingScreening(db, clock) → holdSeats (a basket) → checkoutBasket / checkedOutOrder (a PENDING order
//   waiting for its payment) → approvePayment → paidOrder (PAID, tickets sold, confirmation sent).
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { createBooking, type Booking, type BookingOptions } from "@/server/booking";
import type { Database } from "@/server/db";
import type { ScreeningFormat } from "@/server/db/generated/enums";
import { createRecordingPublisher, type EventPublisher } from "@/server/events";
import { createMailer } from "@/server/mail";
import { createPayments, type PaymentProvider } from "@/server/payments";
import { createClock, type Clock } from "./clock";
import { createFakeProvider, FAKE_PROVIDER, quietLog } from "./payments";
import { createTestScreening, type HallPlan, type TestScreening } from "./screenings";
import { createTestServices, type TestServices } from "./services";
import { uniqueTestEmail } from "./users";
import { builtPerFile } from "./per-file";

export interface BookingHarness {
  services: TestServices;
  clock: Clock;
  booking: Booking;
  payments: ReturnType<typeof createPayments>;
  events: ReturnType<typeof createRecordingPublisher>;
  fake: ReturnType<typeof createFakeProvider>;
  /** Mail sending fails while this is set. */
  mail: { failing: boolean };
  dispose: () => Promise<void>;
}

export interface BookingHarnessOptions {
  clock?: Clock;
  events?: EventPublisher & { published?: unknown[] };
  booking?: Partial<BookingOptions>;
  /** Real providers beside the fake one (e.g. Stripe against its stand-in); `booking.paymentProvider` picks one. */
  providers?: Record<string, PaymentProvider>;
}

export function createHarness(options: BookingHarnessOptions = {}): BookingHarness {
  const clock = options.clock ?? createClock();
  const services = createTestServices({ now: clock.now });
  const events = (options.events ?? createRecordingPublisher()) as ReturnType<typeof createRecordingPublisher>;
  const fake = createFakeProvider();
  const mail = { failing: false };
  const realMailer = createMailer({ db: services.db, config: { from: "Marquee <tickets@marquee.test>", devMailbox: true } });
  const mailer = {
    send: async (email: Parameters<typeof realMailer.send>[0]) => {
      if (mail.failing) throw new Error("mail provider unavailable");
      return realMailer.send(email);
    },
  };
  // The settle callback is a closure, as in server/services.ts (it runs only after `booking` exists).
  const payments = createPayments({
    db: services.db,
    events,
    now: clock.now,
    providers: { [FAKE_PROVIDER]: fake.provider, ...options.providers },
    settlePaidOrder: (orderId, paymentId) => booking.settlePaidOrder({ orderId, paymentId }),
    keepSeatsForPayment: (orderId, paymentId, known) => booking.keepSeatsForPayment({ orderId, paymentId, known }),
    paidOrderDeadline: () => booking.paidHoldUntil(),
    log: quietLog,
  });
  const booking: Booking = createBooking({
    db: services.db,
    redis: services.redis,
    inventory: services.inventory,
    concessions: services.concessions,
    payments,
    mailer,
    events,
    audit: services.audit,
    now: clock.now,
    options: { paymentProvider: FAKE_PROVIDER, appUrl: "http://marquee.test", ...options.booking },
    linkSecret: () => "booking-tests-link-secret",
  });
  return {
    services,
    clock,
    booking,
    payments,
    events,
    fake,
    mail,
    dispose: services.dispose,
  };
}

/**
 * The harness of the enclosing file or describe block: built in its beforeAll, disposed in its afterAll. The object
 * is returned at once, to be declared next to the tests (`const h = withBookingHarness({ clock })`), and reads through
 * to the harness once beforeAll has built it; reading it before then (outside a test or hook) throws. (Not named
 * use…: it registers vitest hooks, not React ones.)
 */
export function withBookingHarness(options: BookingHarnessOptions = {}): BookingHarness {
  return builtPerFile("withBookingHarness", () => createHarness(options));
}

export interface BookingScreening extends TestScreening {
  pricePlanId: string;
}

/**
 * A screening two days after the clock's now (or `startsInMinutes`), with a full price plan: adult 1200, child 800,
 * senior 900 (no student tickets), premium seats +300, and an IMAX surcharge of 250 when the screening is IMAX.
 */
export async function createBookingScreening(
  db: Database,
  clock: Clock,
  options: { plan?: HallPlan; format?: ScreeningFormat; startsInMinutes?: number } = {},
): Promise<BookingScreening> {
  const screening = await createTestScreening(db, {
    plan: options.plan ?? ["SSSSSSSS", "SSSSSSSS", "PPPPPPPP"],
    startsAt: new Date(clock.ms() + (options.startsInMinutes ?? 2 * 24 * 60) * 60_000),
    preventSingleGaps: false,
  });
  const { pricePlanId } = await db.screening.update({
    where: { id: screening.screeningId },
    data: { format: options.format ?? "TWO_D" },
    select: { pricePlanId: true },
  });
  await db.ticketPrice.createMany({
    data: [
      { pricePlanId, ticketType: "CHILD", amount: 800 },
      { pricePlanId, ticketType: "SENIOR", amount: 900 },
    ],
  });
  await db.formatSurcharge.create({ data: { pricePlanId, format: "IMAX", amount: 250 } });
  return { ...screening, pricePlanId };
}

/** A promo code valid from a day before the clock's now to 30 days after it, unless told otherwise. */
export async function createPromo(
  db: Database,
  clock: Clock,
  options: { percentOff?: number; amountOff?: number; currency?: string; maxRedemptions?: number; validFrom?: Date; validUntil?: Date; active?: boolean } = {},
) {
  const code = `T${randomBytes(5).toString("hex").toUpperCase()}`;
  return db.promoCode.create({
    data: {
      code,
      description: "Test promo",
      percentOff: options.amountOff === undefined ? (options.percentOff ?? 10) : null,
      amountOff: options.amountOff ?? null,
      currency: options.amountOff === undefined ? null : (options.currency ?? "GBP"),
      maxRedemptions: options.maxRedemptions ?? null,
      validFrom: options.validFrom ?? new Date(clock.ms() - 24 * 3600_000),
      validUntil: options.validUntil ?? new Date(clock.ms() + 30 * 24 * 3600_000),
      active: options.active ?? true,
    },
  });
}

let counter = 0;
export const guestKey = () => `guest:${randomBytes(24).toString("base64url")}`;
export const requestKey = () => `req-${Date.now().toString(36)}-${++counter}`;

/** A basket holding these seats for the holder. */
export async function holdSeats(h: BookingHarness, screening: TestScreening, labels: string[], holderKey = guestKey(), userId: string | null = null) {
  const basket = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey, userId });
  await h.services.inventory.hold({
    screeningId: screening.screeningId,
    orderId: basket.id,
    seatIds: screening.seats(...labels),
    requestKey: requestKey(),
    // As the web's baskets do (booking.holdSeats): the hold lives in Redis until checkout writes the tickets.
    redisOnly: true,
  });
  return { orderId: basket.id, reference: basket.reference, holderKey };
}

export const adults = (screening: TestScreening, ...labels: string[]) =>
  Object.fromEntries(screening.seats(...labels).map((id) => [id, "ADULT"]));

export interface CheckoutDetails {
  email?: string;
  userId?: string | null;
  promoCode?: string;
  /** Seat id → ticket type code (ADULT, CHILD, … or one of the cinema's own). */
  ticketTypes?: Record<string, string>;
  /** Concessions added at checkout (productId, quantity). */
  concessions?: Array<{ productId: string; quantity: number }>;
}

/** Checks out a basket (adult tickets unless told otherwise) and returns the checkout and its payment row. */
export async function checkoutBasket(
  h: BookingHarness,
  screening: TestScreening,
  basket: { orderId: string; holderKey: string },
  labels: string[],
  extra: CheckoutDetails = {},
) {
  const result = await h.booking.checkout({
    orderId: basket.orderId,
    holderKey: basket.holderKey,
    userId: extra.userId ?? null,
    email: extra.email ?? uniqueTestEmail("buyer"),
    name: "Test Buyer",
    ticketTypes: extra.ticketTypes ?? adults(screening, ...labels),
    promoCode: extra.promoCode,
    concessions: extra.concessions,
  });
  const payment = await h.services.db.payment.findFirst({
    where: { orderId: basket.orderId, status: "PENDING" },
    orderBy: { createdAt: "desc" },
  });
  return { result, payment };
}

/**
 * These seats held and checked out by a customer (a new address unless `email` is given; signed in when `userId` is):
 * a PENDING order waiting for its payment.
 */
export async function checkedOutOrder(h: BookingHarness, screening: TestScreening, labels: string[], extra: CheckoutDetails = {}) {
  const userId = extra.userId ?? null;
  const basket = await holdSeats(h, screening, labels, userId ? `user:${userId}` : guestKey(), userId);
  const customer = extra.email ?? uniqueTestEmail("buyer");
  const { result, payment } = await checkoutBasket(h, screening, basket, labels, { ...extra, email: customer });
  if (!payment) throw new Error(`checkout of ${basket.reference} started no payment`);
  return { basket, result, payment, customer };
}

/** The provider's success webhook, delivered to payments as the route handler would (records it as SUCCEEDED). */
export async function approvePayment(h: BookingHarness, providerRef: string) {
  const answer = await h.payments.handleWebhook({ provider: FAKE_PROVIDER, rawBody: h.fake.approve(providerRef), headers: {} });
  expect(answer.outcome).toBe("recorded");
  return answer;
}

/** Checkout, pay and settle: a PAID order with sold tickets. */
export async function paidOrder(h: BookingHarness, screening: TestScreening, labels: string[], extra: { userId?: string | null; email?: string; promoCode?: string } = {}) {
  const { basket, result, payment, customer } = await checkedOutOrder(h, screening, labels, extra);
  await approvePayment(h, payment.providerRef);
  await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
  return { ...basket, result, payment, customer };
}

/** The access token in a guest's order link (`/orders/REF?token=…`). */
export function accessTokenOf(orderPath: string): string {
  const token = new URL(orderPath, "http://x").searchParams.get("token");
  if (!token) throw new Error(`no token in ${orderPath}`);
  return token;
}

export async function mailTo(db: Database, email: string) {
  return db.emailMessage.findMany({ where: { to: email.toLowerCase() }, orderBy: { createdAt: "asc" } });
}

export async function orderRow(db: Database, orderId: string) {
  return db.order.findUniqueOrThrow({ where: { id: orderId }, include: { tickets: { orderBy: { createdAt: "asc" } } } });
}

/** Live (held or sold) tickets of a screening's seats, by seat id. */
export async function liveTickets(db: Database, screeningId: string) {
  return db.ticket.findMany({ where: { screeningId, status: { in: ["HELD", "SOLD"] } }, select: { seatId: true, orderId: true, status: true } });
}

/** What the seat map shows for these seats, in the order given. */
export async function seatStates(h: BookingHarness, screening: TestScreening, ...labels: string[]) {
  const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
  return screening.seats(...labels).map((id) => map.seats.find((s) => s.id === id)?.state);
}
