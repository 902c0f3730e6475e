// Emails to the customers of a screening the cinema changed: a new time, or a cancellation. Each is sent once: the
// mail log (EmailMessage) is checked for the same subject to the same address first, as booking does.
import { formatLongDate, formatMoney, formatTime } from "@/server/format";
import type { Prisma } from "@/server/db/generated/client";
import type { BookingEmailScreening } from "@/server/mail/templates/booking-parts";
import { ScreeningCancelledEmail, screeningCancelledSubject } from "@/server/mail/templates/screening-cancelled-email";
import { ScreeningChangedEmail, screeningChangedSubject } from "@/server/mail/templates/screening-changed-email";
import type { SchedulingContext } from "./context";

const screeningEmailSelect = {
  startsAt: true,
  preShowMinutes: true,
  film: { select: { title: true } },
  hall: { select: { name: true, cinema: { select: { name: true, address: true, city: true, postcode: true, timeZone: true } } } },
} satisfies Prisma.ScreeningSelect;

type EmailScreening = Prisma.ScreeningGetPayload<{ select: typeof screeningEmailSelect }>;

/** "Friday 27 November 2026, 19:30 (film at 19:50)": the block's start, and when the film itself begins. */
export function describeWhen(startsAt: Date, preShowMinutes: number, timeZone: string): string {
  const base = `${formatLongDate(startsAt, timeZone)}, ${formatTime(startsAt, timeZone)}`;
  if (preShowMinutes === 0) return base;
  return `${base} (film at ${formatTime(new Date(startsAt.getTime() + preShowMinutes * 60_000), timeZone)})`;
}

function forEmail(s: EmailScreening, startsAt = s.startsAt): BookingEmailScreening {
  const cinema = s.hall.cinema;
  return {
    filmTitle: s.film.title,
    when: describeWhen(startsAt, s.preShowMinutes, cinema.timeZone),
    cinemaName: cinema.name,
    cinemaAddress: `${cinema.address}, ${cinema.city} ${cinema.postcode}`,
    hallName: s.hall.name,
  };
}

export function createNotifications(ctx: SchedulingContext) {
  const { db } = ctx;

  async function alreadySent(to: string, tag: string, subject: string) {
    return (await db.emailMessage.count({ where: { to: to.trim().toLowerCase(), tag, subject, error: null } })) > 0;
  }

  /** Tells every customer with a paid order that the screening moved from `previousStartsAt`. Returns how many were told. */
  async function sendTimeChanged(screeningId: string, previousStartsAt: Date): Promise<number> {
    const screening = await db.screening.findUniqueOrThrow({ where: { id: screeningId }, select: screeningEmailSelect });
    const orders = await db.order.findMany({
      where: { screeningId, status: "PAID", email: { not: null } },
      select: { reference: true, email: true, customerName: true },
    });
    const details = forEmail(screening);
    const previously = describeWhen(previousStartsAt, screening.preShowMinutes, screening.hall.cinema.timeZone);
    let sent = 0;
    for (const order of orders) {
      const subject = screeningChangedSubject(details.filmTitle, order.reference, details.when);
      if (await alreadySent(order.email!, "screening-changed", subject)) continue;
      try {
        await ctx.mailer.send({
          to: order.email!,
          subject,
          tag: "screening-changed",
          template: ScreeningChangedEmail({ customerName: order.customerName, reference: order.reference, screening: details, previously }),
        });
        sent++;
      } catch (error) {
        // Recorded in the mail log with its error; the admin's change stands.
        ctx.log.error(`could not email ${order.reference} about the new time`, error);
      }
    }
    return sent;
  }

  /** The cancellation email for one order (with the refund, if any). Throws if sending fails, so a retry sends it. */
  async function sendCancelled(input: { orderId: string; reason: string; refundAmount: number }): Promise<boolean> {
    const order = await db.order.findUniqueOrThrow({
      where: { id: input.orderId },
      select: { reference: true, email: true, customerName: true, currency: true, screening: { select: screeningEmailSelect } },
    });
    if (!order.email || !order.screening) return false;
    const details = forEmail(order.screening);
    const subject = screeningCancelledSubject(details.filmTitle, order.reference);
    if (await alreadySent(order.email, "screening-cancelled", subject)) return true;
    await ctx.mailer.send({
      to: order.email,
      subject,
      tag: "screening-cancelled",
      template: ScreeningCancelledEmail({
        customerName: order.customerName,
        reference: order.reference,
        screening: details,
        reason: input.reason,
        refund: input.refundAmount > 0 ? formatMoney(input.refundAmount, order.currency) : null,
      }),
    });
    return true;
  }

  return { sendTimeChanged, sendCancelled };
}

export type Notifications = ReturnType<typeof createNotifications>;
