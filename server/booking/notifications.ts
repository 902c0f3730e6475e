// The customer's emails about an order. Each goes out once:
// - the confirmation and the reminder are claimed on the order (confirmationSentAt / reminderSentAt) before sending,
//   and the claim is given back if sending fails, so a retry sends it and a duplicate call doesn't;
// - the others follow a one-way status change (expired, refunded) that a retry finds already made, so they look in
//   the mail log (EmailMessage, which records every message sent) for the same message to the same address first.
import type { ReactElement } from "react";
import { dayKey, formatLongDate, formatMoney, formatTime } from "@/server/format";
import { seatKindLabels } from "@/server/catalogue/labels";
import type { Prisma } from "@/server/db/generated/client";
import type { RenderedEmail } from "@/server/mail";
import { bookingConfirmationSubject, renderBookingConfirmationEmail } from "@/server/mail/templates/booking-confirmation-email";
import { BookingExpiredEmail, bookingExpiredSubject } from "@/server/mail/templates/booking-expired-email";
import type { BookingEmailScreening } from "@/server/mail/templates/booking-parts";
import { RefundDoneEmail, refundDoneSubject } from "@/server/mail/templates/refund-done-email";
import { ShowReminderEmail, showReminderSubject } from "@/server/mail/templates/show-reminder-email";
import { UnfulfilledRefundEmail, unfulfilledRefundSubject } from "@/server/mail/templates/unfulfilled-refund-email";
import { StatusReason, type BookingContext } from "./context";
import { ticketQrPngDataUrl } from "./qr";
import { orderSummarySelect, seatLabel, seatOrder, ticketTypeName, toScreeningSummary, type ScreeningSummary } from "./views";
import { LIVE_TICKET_STATUSES } from "@/server/inventory";
import { type Seated, seated } from "./seated";

export const emailOrderSelect = {
  ...orderSummarySelect,
  confirmationSentAt: true,
  reminderSentAt: true,
  tickets: {
    where: { status: { in: [...LIVE_TICKET_STATUSES] } },
    orderBy: seatOrder,
    select: { code: true, status: true, ticketType: true, priceAmount: true, seat: { select: { rowLabel: true, number: true, kind: true } } },
  },
  items: {
    where: { status: { in: ["RESERVED", "SOLD"] } },
    orderBy: { createdAt: "asc" },
    select: { quantity: true, unitPriceAmount: true, product: { select: { name: true } } },
  },
} satisfies Prisma.OrderSelect;

export type EmailOrder = Seated<Prisma.OrderGetPayload<{ select: typeof emailOrderSelect }>>;

export type SendOutcome = { sent: true } | { sent: false; reason: string };

/** "an hour", "2 hours", "90 minutes". */
export function describeMinutes(minutes: number): string {
  if (minutes === 60) return "an hour";
  if (minutes > 60 && minutes % 60 === 0) return `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

function screeningForEmail(s: ScreeningSummary): BookingEmailScreening {
  const zone = s.cinema.timeZone;
  return {
    filmTitle: s.film.title,
    when: `${formatLongDate(s.startsAt, zone)}, ${formatTime(s.startsAt, zone)}`,
    cinemaName: s.cinema.name,
    cinemaAddress: `${s.cinema.address}, ${s.cinema.city} ${s.cinema.postcode}`,
    hallName: s.hallName,
  };
}

export function createNotifications(ctx: BookingContext) {
  const { db, mailer } = ctx;

  const load = async (orderId: string) => {
    const order = await db.order.findUnique({ where: { id: orderId }, select: emailOrderSelect });
    return order && seated<Prisma.OrderGetPayload<{ select: typeof emailOrderSelect }>>(order);
  };

  /** Sends unless the mail log already has this message for this address (see the top of the file). */
  async function sendOnce(email: { to: string; subject: string; tag: string; template: ReactElement }): Promise<SendOutcome> {
    const earlier = await db.emailMessage.findFirst({
      where: { to: email.to.trim().toLowerCase(), tag: email.tag, subject: email.subject, error: null },
      select: { id: true },
    });
    if (earlier) return { sent: false, reason: "already sent" };
    await mailer.send(email);
    return { sent: true };
  }

  /** Claims a "sent at" column, sends, and gives the claim back if sending fails. */
  async function sendClaimed(
    orderId: string,
    column: "confirmationSentAt" | "reminderSentAt",
    email: {
      to: string;
      subject: string;
      tag: string;
      secrets: string[];
      content: () => Promise<({ template: ReactElement } | { rendered: RenderedEmail }) & { secrets?: string[] }>;
    },
  ): Promise<SendOutcome> {
    const claimedAt = ctx.now();
    const claimed = await db.order.updateMany({ where: { id: orderId, [column]: null }, data: { [column]: claimedAt } });
    if (claimed.count === 0) return { sent: false, reason: "already sent" };
    try {
      const { secrets = [], ...content } = await email.content();
      await mailer.send({ to: email.to, subject: email.subject, tag: email.tag, ...content, secrets: [...email.secrets, ...secrets] });
      return { sent: true };
    } catch (error) {
      await db.order.updateMany({ where: { id: orderId, [column]: claimedAt }, data: { [column]: null } });
      throw error;
    }
  }

  const money = (order: Pick<EmailOrder, "currency">, amount: number) => formatMoney(amount, order.currency);
  // What opens a guest's order or gets anyone through the door: kept out of the stored copy in production (mailer).
  const orderSecrets = (order: EmailOrder) => [
    ...(order.userId ? [] : [ctx.accessTokenFor(order.id)]),
    ...order.tickets.map((ticket) => ticket.code),
  ];
  const screeningUrl = (order: EmailOrder) => ctx.absolute(`/screenings/${order.screening.id}`);

  async function confirmationTemplate(order: EmailOrder, summary: ScreeningSummary) {
    const tickets = await Promise.all(
      order.tickets.map(async (t) => ({
        seatLabel: seatLabel(t.seat),
        description:
          t.seat.kind === "STANDARD"
            ? ticketTypeName(order.screening, t.ticketType)
            : `${ticketTypeName(order.screening, t.ticketType)} · ${seatKindLabels[t.seat.kind]}`,
        price: money(order, t.priceAmount),
        code: t.code,
        qrDataUrl: await ticketQrPngDataUrl(t.code),
        ticketUrl: ctx.absolute(ctx.ticketPath(order, t.code)),
      })),
    );
    const rendered = await renderBookingConfirmationEmail({
      customerName: order.customerName,
      reference: order.reference,
      screening: screeningForEmail(summary),
      tickets,
      items: order.items.map((item) => ({ name: item.product.name, quantity: item.quantity, price: money(order, item.quantity * item.unitPriceAmount) })),
      subtotal: money(order, order.subtotalAmount),
      discount:
        order.discountAmount > 0
          ? { label: order.promoCode ? `Promo code ${order.promoCode.code}` : "Discount", amount: money(order, order.discountAmount) }
          : null,
      bookingFee: order.bookingFeeAmount > 0 ? money(order, order.bookingFeeAmount) : null,
      total: money(order, order.totalAmount),
      orderUrl: ctx.absolute(ctx.orderPath(order)),
      refundCutoff: describeMinutes(ctx.options.refundCutoffMinutes),
    });
    // The QR codes are the ticket codes as pictures.
    return { rendered, secrets: tickets.map((ticket) => ticket.qrDataUrl) };
  }

  return {
    /**
     * The confirmation with every ticket and its QR code, once the order is paid and its tickets are sold. `known`:
     * the order as settlement has just made it (read with emailOrderSelect, then paid, coded and sold), instead of
     * reading it again; the claim below is conditional on the row either way.
     */
    async sendConfirmation(orderId: string, known?: EmailOrder): Promise<SendOutcome> {
      const order = known ?? (await load(orderId));
      if (!order) return { sent: false, reason: "no such order" };
      if (order.status !== "PAID") return { sent: false, reason: `order is ${order.status}` };
      if (order.confirmationSentAt) return { sent: false, reason: "already sent" };
      if (!order.email) return { sent: false, reason: "order has no email address" };
      if (order.tickets.length === 0 || order.tickets.some((t) => t.status !== "SOLD")) {
        return { sent: false, reason: "tickets not sold yet" };
      }
      const summary = toScreeningSummary(order.screening);
      return sendClaimed(order.id, "confirmationSentAt", {
        to: order.email,
        subject: bookingConfirmationSubject(summary.film.title, order.reference),
        tag: "booking-confirmation",
        secrets: orderSecrets(order),
        content: () => confirmationTemplate(order, summary),
      });
    },

    /** The reminder before the show, once, for a paid order booked before the reminder window opened. */
    async sendReminder(orderId: string): Promise<SendOutcome> {
      const order = await load(orderId);
      if (!order) return { sent: false, reason: "no such order" };
      if (order.status !== "PAID") return { sent: false, reason: `order is ${order.status}` };
      if (order.reminderSentAt) return { sent: false, reason: "already sent" };
      if (!order.email) return { sent: false, reason: "order has no email address" };
      const now = ctx.now();
      const summary = toScreeningSummary(order.screening);
      if (summary.startsAt <= now) return { sent: false, reason: "the show has started" };
      const windowOpens = summary.startsAt.getTime() - ctx.options.reminderHoursBefore * 3600_000;
      // Booked inside the window: the confirmation has just told them everything a reminder would.
      if (order.paidAt && order.paidAt.getTime() >= windowOpens) return { sent: false, reason: "booked shortly before the show" };
      const zone = summary.cinema.timeZone;
      const today = dayKey(now, zone);
      const showDay = dayKey(summary.startsAt, zone);
      const tomorrow = dayKey(new Date(now.getTime() + 24 * 3600_000), zone);
      const time = formatTime(summary.startsAt, zone);
      const startsIn =
        showDay === today ? `today at ${time}` : showDay === tomorrow ? `tomorrow at ${time}` : `on ${formatLongDate(summary.startsAt, zone)} at ${time}`;
      return sendClaimed(order.id, "reminderSentAt", {
        to: order.email,
        subject: showReminderSubject(summary.film.title, order.reference),
        tag: "show-reminder",
        secrets: orderSecrets(order),
        content: async () => ({
          template: ShowReminderEmail({
            customerName: order.customerName,
            reference: order.reference,
            screening: screeningForEmail(summary),
            seatLabels: order.tickets.map((t) => seatLabel(t.seat)),
            startsIn,
            orderUrl: ctx.absolute(ctx.orderPath(order)),
          }),
        }),
      });
    },

    async sendExpired(orderId: string): Promise<SendOutcome> {
      const order = await load(orderId);
      if (!order?.email) return { sent: false, reason: "order has no email address" };
      const summary = toScreeningSummary(order.screening);
      return sendOnce({
        to: order.email,
        subject: bookingExpiredSubject(summary.film.title, order.reference),
        tag: "booking-expired",
        template: BookingExpiredEmail({
          customerName: order.customerName,
          reference: order.reference,
          screening: screeningForEmail(summary),
          checkoutMinutes: ctx.options.checkoutMinutes,
          screeningUrl: screeningUrl(order),
        }),
      });
    },

    async sendRefundDone(orderId: string, amount: number): Promise<SendOutcome> {
      const order = await load(orderId);
      if (!order?.email) return { sent: false, reason: "order has no email address" };
      const summary = toScreeningSummary(order.screening);
      return sendOnce({
        to: order.email,
        subject: refundDoneSubject(summary.film.title, order.reference),
        tag: "refund-done",
        template: RefundDoneEmail({
          customerName: order.customerName,
          reference: order.reference,
          screening: screeningForEmail(summary),
          amount: money(order, amount),
        }),
      });
    },

    async sendUnfulfilledRefund(orderId: string, amount: number): Promise<SendOutcome> {
      const order = await load(orderId);
      if (!order?.email) return { sent: false, reason: "order has no email address" };
      const summary = toScreeningSummary(order.screening);
      return sendOnce({
        to: order.email,
        subject: unfulfilledRefundSubject(summary.film.title, order.reference),
        tag: "unfulfilled-refund",
        template: UnfulfilledRefundEmail({
          cause: order.statusReason === StatusReason.SETTLEMENT_FAILED ? "settlement_failed" : "seats_taken",
          customerName: order.customerName,
          reference: order.reference,
          screening: screeningForEmail(summary),
          amount: money(order, amount),
          screeningUrl: screeningUrl(order),
        }),
      });
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
