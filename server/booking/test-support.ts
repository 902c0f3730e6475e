// Shared pieces of booking's tests: real PostgreSQL and Redis (tests/support/services.ts), the real payments module
// (server/payments) over a small in-test payment provider whose refunds and statuses the tests control, the real
// mailer writing to the development mailbox, and a clock the tests move by hand. Not used by the application.
import { randomBytes } from "node:crypto";
import type { Database } from "@/server/db";
import type { ScreeningFormat } from "@/server/db/generated/enums";
import { isAppError } from "@/server/errors";
import { createRecordingPublisher, type EventPublisher } from "@/server/events";
import { createMailer } from "@/server/mail";
import { createPayments, type PaymentProvider, type ProviderEvent, type ProviderPaymentStatus } from "@/server/payments";
import { createTestScreening, type HallPlan, type TestScreening } from "@/tests/support/screenings";
import { createTestServices, type TestServices } from "@/tests/support/services";
import { expect } from "vitest";
import { createBooking, type Booking, type BookingOptions } from ".";

export const PROVIDER = "fake";

/** A clock the tests move by hand; it starts at the real time so rows stamped by the database stay comparable. */
export function createClock(start = Math.floor(Date.now() / 1000) * 1000) {
  let nowMs = start;
  return {
    now: () => new Date(nowMs),
    ms: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
    set: (ms: number) => {
      nowMs = ms;
    },
  };
}
export type Clock = ReturnType<typeof createClock>;

/** A payment provider in memory: checkouts succeed when the test says so; refunds can be made to fail. */
export function createFakeProvider() {
  const checkouts = new Map<string, { amount: number; currency: string; status: ProviderPaymentStatus["status"]; refunded: number }>();
  const controls = { failRefunds: 0, refundCalls: 0 };
  let events = 0;
  const provider: PaymentProvider = {
    name: PROVIDER,
    async createCheckout(request) {
      const providerRef = `fake_${randomBytes(8).toString("hex")}`;
      checkouts.set(providerRef, { amount: request.amount, currency: request.currency, status: "open", refunded: 0 });
      return { providerRef, redirectUrl: `https://pay.example.test/${providerRef}?return=${encodeURIComponent(request.returnUrl)}` };
    },
    async refund(request) {
      controls.refundCalls += 1;
      if (controls.failRefunds > 0) {
        controls.failRefunds -= 1;
        throw new Error("the provider is down");
      }
      const checkout = checkouts.get(request.providerRef);
      if (checkout) {
        checkout.refunded += request.amount;
        if (checkout.refunded >= checkout.amount) checkout.status = "refunded";
      }
      return { refundRef: `re_${request.idempotencyKey}` };
    },
    async status(providerRef) {
      const checkout = checkouts.get(providerRef);
      if (!checkout) throw new Error(`unknown checkout ${providerRef}`);
      return { status: checkout.status, amount: checkout.amount, currency: checkout.currency, refundedAmount: checkout.refunded };
    },
    async verifyWebhook(rawBody) {
      return JSON.parse(rawBody) as ProviderEvent;
    },
  };
  return {
    provider,
    controls,
    /** The customer pays at the provider: its books say so, and this is the webhook it sends. */
    approve(providerRef: string): string {
      const checkout = checkouts.get(providerRef)!;
      checkout.status = "succeeded";
      const event: ProviderEvent = {
        id: `evt_${++events}_${providerRef}`,
        type: "payment.succeeded",
        providerRef,
        amount: checkout.amount,
        currency: checkout.currency,
        payload: { providerRef },
      };
      return JSON.stringify(event);
    },
    decline(providerRef: string): string {
      checkouts.get(providerRef)!.status = "declined";
      const event: ProviderEvent = { id: `evt_${++events}_${providerRef}`, type: "payment.failed", providerRef, amount: null, currency: null, payload: {} };
      return JSON.stringify(event);
    },
    setStatus(providerRef: string, status: ProviderPaymentStatus["status"]) {
      checkouts.get(providerRef)!.status = status;
    },
  };
}

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

export function createHarness(
  options: { clock?: Clock; events?: EventPublisher & { published?: unknown[] }; booking?: Partial<BookingOptions> } = {},
): BookingHarness {
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
    providers: { [PROVIDER]: fake.provider },
    settlePaidOrder: (orderId, paymentId) => booking.settlePaidOrder({ orderId, paymentId }),
    log: { info: () => {}, warn: () => {}, error: () => {} },
  });
  const booking: Booking = createBooking({
    db: services.db,
    inventory: services.inventory,
    payments,
    mailer,
    events,
    audit: services.audit,
    now: clock.now,
    options: { paymentProvider: PROVIDER, appUrl: "http://marquee.test", ...options.booking },
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
    dispose: async () => {
      await services.inventory.close();
      await services.dispose();
    },
  };
}

export interface BookingScreening extends TestScreening {
  pricePlanId: string;
}

/**
 * A screening with a full price plan: adult 1200, child 800, senior 900 (no student tickets), premium seats +300,
 * and an IMAX surcharge of 250 when the screening is IMAX.
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
  });
  return { orderId: basket.id, reference: basket.reference, holderKey };
}

export const adults = (screening: TestScreening, ...labels: string[]) =>
  Object.fromEntries(screening.seats(...labels).map((id) => [id, "ADULT" as const]));

/** Checks out a basket (adult tickets unless told otherwise) and returns the checkout and its payment row. */
export async function checkoutBasket(
  h: BookingHarness,
  screening: TestScreening,
  basket: { orderId: string; holderKey: string },
  labels: string[],
  extra: { email?: string; userId?: string | null; promoCode?: string; ticketTypes?: Record<string, "ADULT" | "CHILD" | "SENIOR" | "STUDENT"> } = {},
) {
  const result = await h.booking.checkout({
    orderId: basket.orderId,
    holderKey: basket.holderKey,
    userId: extra.userId ?? null,
    email: extra.email ?? `buyer-${randomBytes(4).toString("hex")}@test.marquee.local`,
    name: "Test Buyer",
    ticketTypes: extra.ticketTypes ?? adults(screening, ...labels),
    promoCode: extra.promoCode,
  });
  const payment = await h.services.db.payment.findFirst({
    where: { orderId: basket.orderId, status: "PENDING" },
    orderBy: { createdAt: "desc" },
  });
  return { result, payment };
}

/** The provider's success webhook, delivered to payments as the route handler would (records it as SUCCEEDED). */
export async function approvePayment(h: BookingHarness, providerRef: string) {
  const answer = await h.payments.handleWebhook({ provider: PROVIDER, rawBody: h.fake.approve(providerRef), headers: {} });
  expect(answer.outcome).toBe("recorded");
  return answer;
}

/** Checkout, pay and settle: a PAID order with sold tickets. */
export async function paidOrder(h: BookingHarness, screening: TestScreening, labels: string[], extra: { userId?: string | null; email?: string } = {}) {
  const holderKey = extra.userId ? `user:${extra.userId}` : guestKey();
  const basket = await holdSeats(h, screening, labels, holderKey, extra.userId ?? null);
  const { result, payment } = await checkoutBasket(h, screening, basket, labels, extra);
  await approvePayment(h, payment!.providerRef);
  await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment!.id });
  return { ...basket, result, payment: payment! };
}

/** Awaits a refusal: an AppError whose code (and details.reason, if given) match. */
export async function expectAppError(promise: Promise<unknown>, code: string, reason?: string) {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}${reason ? `/${reason}` : ""}, but it succeeded`);
    },
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw error;
  expect(error.code, error.message).toBe(code);
  if (reason) expect(error.details?.reason, error.message).toBe(reason);
  return error;
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
