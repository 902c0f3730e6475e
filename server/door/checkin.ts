// Admitting a ticket at the door. The admission is ONE conditional UPDATE: it sets checkedInAt only on a sold ticket
// not yet admitted, for this door's screening (or any of the cinema's screenings today) that isn't cancelled. Two
// doors scanning the same ticket at the same instant race on that row, and PostgreSQL lets exactly one of them change
// it; the other updates nothing. Only then is the ticket read, to tell the person at the door why it was refused.
import { RefundReason } from "@/server/booking";
import { seatKindLabels, ticketTypeLabel } from "@/server/catalogue/labels";
import { notFound } from "@/server/errors";
import { formatLongDate, formatTime } from "@/server/format";
import { normalizeScan } from "./codes";
import { cinemaDay, countersFor, type DoorContext } from "./context";
import type { CheckInResult, DoorOutcome } from "./schemas";

/**
 * Refunds of a whole order. Once one is on record, whatever its status, the order's tickets are refused: the customer
 * asked for their money back (or the cinema cancelled), and the provider may already have paid it out while the
 * tickets were not yet marked REFUNDED (a process that died between the two; asking again or reconciliation finishes
 * it). Staff refunds of some tickets mark those tickets REFUNDED in the transaction that records the refund.
 */
const WHOLE_ORDER_REFUNDS: string[] = [RefundReason.CUSTOMER_REQUEST, RefundReason.SCREENING_CANCELLED];

export interface CheckInInput {
  code: string;
  cinemaId: string;
  screeningId: string | null;
  staffId: string;
}

export function createCheckIn(ctx: DoorContext) {
  const { db } = ctx;

  async function readTicket(code: string) {
    return db.ticket.findUnique({
      where: { code },
      select: {
        id: true,
        status: true,
        ticketType: true,
        checkedInAt: true,
        checkedInBy: { select: { name: true } },
        seat: { select: { rowLabel: true, number: true, kind: true } },
        order: { select: { reference: true, refunds: { where: { reason: { in: WHOLE_ORDER_REFUNDS } }, select: { id: true }, take: 1 } } },
        screening: {
          select: {
            id: true,
            startsAt: true,
            status: true,
            film: { select: { title: true } },
            hall: {
              select: {
                name: true,
                cinemaId: true,
                cinema: { select: { name: true, timeZone: true, ticketTypes: { select: { code: true, name: true } } } },
              },
            },
          },
        },
      },
    });
  }
  type TicketRow = NonNullable<Awaited<ReturnType<typeof readTicket>>>;

  function ticketView(t: TicketRow): NonNullable<CheckInResult["ticket"]> {
    return {
      seatLabel: `${t.seat.rowLabel}${t.seat.number}`,
      seatKindLabel: seatKindLabels[t.seat.kind],
      ticketTypeLabel: ticketTypeLabel(t.ticketType, t.screening.hall.cinema.ticketTypes),
      orderReference: t.order.reference,
      checkedInAt: t.checkedInAt,
      checkedInByName: t.checkedInBy?.name ?? null,
      screening: {
        id: t.screening.id,
        filmTitle: t.screening.film.title,
        startsAt: t.screening.startsAt,
        hallName: t.screening.hall.name,
        cinemaName: t.screening.hall.cinema.name,
        timeZone: t.screening.hall.cinema.timeZone,
      },
    };
  }

  /** Why a ticket that the update didn't admit was refused, most decisive reason first. */
  function refusal(t: TicketRow, input: CheckInInput, day: { start: Date; end: Date }): { outcome: DoorOutcome; message: string } {
    const s = t.screening;
    const zone = s.hall.cinema.timeZone;
    const when = `${s.film.title}, ${formatLongDate(s.startsAt, zone)} at ${formatTime(s.startsAt, zone)}, ${s.hall.name}`;
    if (t.status === "REFUNDED") return { outcome: "REFUNDED", message: "Refunded: this ticket is no longer valid." };
    if (t.order.refunds.length > 0) return { outcome: "REFUNDED", message: "Refunded: this booking was refunded (or its refund is under way)." };
    if (t.status !== "SOLD") return { outcome: "NOT_VALID", message: "Not valid: this ticket was cancelled or exchanged." };
    if (s.status === "CANCELLED") return { outcome: "NOT_VALID", message: `Not valid: the screening was cancelled (${when}).` };
    if (s.startsAt < day.start || s.startsAt >= day.end) return { outcome: "WRONG_DAY", message: `Wrong day: this ticket is for ${when}.` };
    if (s.hall.cinemaId !== input.cinemaId) {
      return { outcome: "WRONG_SCREENING", message: `Wrong cinema: this ticket is for ${s.hall.cinema.name}, ${when}.` };
    }
    if (input.screeningId && s.id !== input.screeningId) {
      return { outcome: "WRONG_SCREENING", message: `Wrong screening: this ticket is for ${when}.` };
    }
    if (t.checkedInAt) {
      const by = t.checkedInBy?.name ? ` by ${t.checkedInBy.name}` : "";
      return { outcome: "ALREADY_ADMITTED", message: `Already admitted at ${formatTime(t.checkedInAt, zone)}${by}.` };
    }
    // Only reachable if the ticket changed between the update and this read (admitted, then refunded, …).
    return { outcome: "NOT_VALID", message: "Not valid: scan it again." };
  }

  return {
    async checkIn(input: CheckInInput): Promise<CheckInResult> {
      const code = normalizeScan(input.code);
      const none = (message: string): CheckInResult => ({ outcome: "NOT_FOUND", message, code, ticket: null, counter: null });
      if (!code) return none("Not a Marquee ticket code.");
      const cinema = await db.cinema.findUnique({ where: { id: input.cinemaId }, select: { timeZone: true } });
      if (!cinema) throw notFound("That cinema");
      const at = ctx.now();
      const day = cinemaDay(cinema.timeZone, at);

      const admitted = await db.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ id: string; orderId: string; screeningId: string }>>`
          UPDATE "Ticket" t
             SET "checkedInAt" = (${at}::timestamptz AT TIME ZONE 'UTC'), "checkedInById" = ${input.staffId}, "updatedAt" = now()
            FROM "Screening" s, "Hall" h
           WHERE t."code" = ${code} AND t."status" = 'SOLD' AND t."checkedInAt" IS NULL
             AND s."id" = t."screeningId" AND s."status" = 'SCHEDULED'
             AND s."startsAt" >= (${day.start}::timestamptz AT TIME ZONE 'UTC') AND s."startsAt" < (${day.end}::timestamptz AT TIME ZONE 'UTC')
             AND h."id" = s."hallId" AND h."cinemaId" = ${input.cinemaId}
             AND (${input.screeningId}::text IS NULL OR t."screeningId" = ${input.screeningId}::text)
             AND NOT EXISTS (SELECT 1 FROM "Refund" r WHERE r."orderId" = t."orderId" AND r."reason" = ANY(${WHOLE_ORDER_REFUNDS}::text[]))
          RETURNING t."id", t."orderId", t."screeningId"`;
        const row = rows[0];
        if (row) {
          await ctx.audit.record(
            {
              actorId: input.staffId,
              action: "ticket.checked_in",
              entityType: "Ticket",
              entityId: row.id,
              details: { orderId: row.orderId, screeningId: row.screeningId, door: input.screeningId ?? "any" },
            },
            tx,
          );
        }
        return row ?? null;
      });

      const ticket = await readTicket(code);
      if (!ticket) return none("Not found: no ticket has this code.");
      const ours = ticket.screening.hall.cinemaId === input.cinemaId;
      const [counter] = ours ? await countersFor(db, [ticket.screening.id]) : [];
      if (admitted) {
        return {
          outcome: "ADMITTED",
          message: `Admitted: seat ${ticket.seat.rowLabel}${ticket.seat.number}.`,
          code,
          ticket: ticketView(ticket),
          counter: counter ?? null,
        };
      }
      return { ...refusal(ticket, input, day), code, ticket: ticketView(ticket), counter: counter ?? null };
    },
  };
}
