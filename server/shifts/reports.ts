// X report (a shift so far, or closed), Z report (a cinema's day). Every figure is a SQL sum over the rows that
// moved the money — Payments, Refunds, CashMovements, Tickets and OrderItems tied to the shift — in integer minor
// units, so a report always equals its sales and refunds to the penny.
import { Prisma } from "@/server/db/generated/client";
import { badRequest, notFound } from "@/server/errors";
import { counterTenders } from "@/server/payments/tenders";
import { type Actor, needsSignOff, requireManager, type ShiftsContext, tenderLabel, visibleShift } from "./context";
import type { CashFigures, ReportBody, ShiftReport, ShiftSummary, ZReport } from "./schemas";

type Sql = Pick<ShiftsContext["db"], "$queryRaw">;

const n = (v: bigint | number | null | undefined) => Number(v ?? 0);

// Money was taken when a payment succeeded, whatever happened to it afterwards (a refund marks it REFUNDED or
// PARTIALLY_REFUNDED, and the refund is counted on its own).
const TAKEN = Prisma.sql`p."succeededAt" IS NOT NULL AND p."status" IN ('SUCCEEDED', 'REFUNDED', 'PARTIALLY_REFUNDED')`;

// A shift's refunds: those recorded on it (cash out of its drawer), and those its clerk made during it without
// naming a shift (e.g. back to a card), so that the report shows every refund the clerk gave.
const refundOfShift = (s: Prisma.Sql) => Prisma.sql`(r."shiftId" = ${s}."id" OR (r."shiftId" IS NULL AND r."staffId" = ${s}."staffId"
  AND r."createdAt" >= ${s}."openedAt" AND (${s}."closedAt" IS NULL OR r."createdAt" <= ${s}."closedAt")))`;

/** The drawer's figures per shift. Expected = float + cash sales − cash refunds + movements (signed). */
export async function cashFigures(db: Sql, shiftIds: string[]): Promise<Map<string, CashFigures>> {
  if (shiftIds.length === 0) return new Map();
  const rows = await db.$queryRaw<
    Array<{ id: string; float: number; sales: bigint; refunds: bigint; drops: bigint; payouts: bigint; payins: bigint; corrections: bigint }>
  >`
    SELECT s."id", s."floatAmount" AS float,
      (SELECT COALESCE(sum(p."amount"), 0) FROM "Payment" p
        WHERE p."shiftId" = s."id" AND p."provider" = ${counterTenders.cash} AND ${TAKEN}) AS sales,
      (SELECT COALESCE(sum(r."amount"), 0) FROM "Refund" r JOIN "Payment" p ON p."id" = r."paymentId"
        WHERE r."shiftId" = s."id" AND r."status" = 'SUCCEEDED' AND p."provider" = ${counterTenders.cash}) AS refunds,
      (SELECT COALESCE(sum(m."amount") FILTER (WHERE m."kind" = 'DROP'), 0) FROM "CashMovement" m WHERE m."shiftId" = s."id") AS drops,
      (SELECT COALESCE(sum(m."amount") FILTER (WHERE m."kind" = 'PAYOUT'), 0) FROM "CashMovement" m WHERE m."shiftId" = s."id") AS payouts,
      (SELECT COALESCE(sum(m."amount") FILTER (WHERE m."kind" = 'PAY_IN'), 0) FROM "CashMovement" m WHERE m."shiftId" = s."id") AS payins,
      (SELECT COALESCE(sum(m."amount") FILTER (WHERE m."kind" = 'CORRECTION'), 0) FROM "CashMovement" m WHERE m."shiftId" = s."id") AS corrections
    FROM "Shift" s WHERE s."id" IN (${Prisma.join(shiftIds)})`;
  return new Map(
    rows.map((r) => {
      const f = {
        float: r.float,
        cashSales: n(r.sales),
        cashRefunds: n(r.refunds),
        drops: n(r.drops),
        payouts: n(r.payouts),
        payIns: n(r.payins),
        corrections: n(r.corrections),
      };
      return [r.id, { ...f, expected: f.float + f.cashSales - f.cashRefunds + f.drops + f.payouts + f.payIns + f.corrections }];
    }),
  );
}

/** Tenders, ticket types, concessions and refunds of a set of shifts, summed. */
export async function reportBody(db: Sql, shiftIds: string[], currency: string, cash: CashFigures): Promise<ReportBody> {
  const ids = shiftIds.length ? Prisma.join(shiftIds) : Prisma.sql`NULL`;
  const [sales, refunds, tickets, items] = await Promise.all([
    db.$queryRaw<Array<{ provider: string; count: number; amount: bigint }>>`
      SELECT p."provider", count(*)::int AS count, COALESCE(sum(p."amount"), 0) AS amount
      FROM "Payment" p WHERE p."shiftId" IN (${ids}) AND ${TAKEN}
      GROUP BY p."provider" ORDER BY p."provider"`,
    db.$queryRaw<Array<{ provider: string; reason: string; count: number; amount: bigint }>>`
      SELECT p."provider", COALESCE(r."reasonCode", r."reason") AS reason, count(*)::int AS count, COALESCE(sum(r."amount"), 0) AS amount
      FROM "Refund" r JOIN "Payment" p ON p."id" = r."paymentId"
      WHERE r."status" = 'SUCCEEDED' AND EXISTS (SELECT 1 FROM "Shift" s WHERE s."id" IN (${ids}) AND ${refundOfShift(Prisma.sql`s`)})
      GROUP BY 1, 2`,
    db.$queryRaw<Array<{ code: string; name: string | null; status: string; count: number; amount: bigint }>>`
      SELECT t."ticketType" AS code, max(tt."name") AS name, t."status"::text AS status, count(*)::int AS count,
        COALESCE(sum(t."priceAmount"), 0) AS amount
      FROM "Ticket" t JOIN "Order" o ON o."id" = t."orderId"
      LEFT JOIN "TicketType" tt ON tt."cinemaId" = o."cinemaId" AND tt."code" = t."ticketType"
      WHERE o."shiftId" IN (${ids}) AND t."status" IN ('SOLD', 'REFUNDED')
      GROUP BY t."ticketType", t."status" ORDER BY t."ticketType"`,
    db.$queryRaw<Array<{ productId: string; name: string; status: string; count: bigint; amount: bigint }>>`
      SELECT i."productId", max(pr."name") AS name, i."status"::text AS status, COALESCE(sum(i."quantity"), 0) AS count,
        COALESCE(sum(i."quantity" * i."unitPriceAmount"), 0) AS amount
      FROM "OrderItem" i JOIN "Order" o ON o."id" = i."orderId" JOIN "Product" pr ON pr."id" = i."productId"
      WHERE o."shiftId" IN (${ids}) AND i."status" IN ('SOLD', 'REFUNDED')
      GROUP BY i."productId", i."status" ORDER BY 2`,
  ]);

  const tenders = new Map<string, ReportBody["tenders"][number]>();
  const tender = (provider: string) => {
    let t = tenders.get(provider);
    if (!t) tenders.set(provider, (t = { provider, label: tenderLabel(provider), count: 0, amount: 0, refundCount: 0, refundAmount: 0, net: 0 }));
    return t;
  };
  for (const row of sales) Object.assign(tender(row.provider), { count: row.count, amount: n(row.amount) });
  const reasons = new Map<string, { reason: string; count: number; amount: number }>();
  for (const row of refunds) {
    const t = tender(row.provider);
    t.refundCount += row.count;
    t.refundAmount += n(row.amount);
    const r = reasons.get(row.reason) ?? { reason: row.reason, count: 0, amount: 0 };
    r.count += row.count;
    r.amount += n(row.amount);
    reasons.set(row.reason, r);
  }
  for (const t of tenders.values()) t.net = t.amount - t.refundAmount;

  const ticketTypes = new Map<string, ReportBody["ticketTypes"][number]>();
  for (const row of tickets) {
    const line = ticketTypes.get(row.code) ?? { code: row.code, name: row.name ?? row.code, sold: 0, soldAmount: 0, refunded: 0, refundedAmount: 0 };
    // A refunded ticket was sold first: it counts in both, so sold − refunded is what the shift kept.
    line.sold += row.count;
    line.soldAmount += n(row.amount);
    if (row.status === "REFUNDED") {
      line.refunded += row.count;
      line.refundedAmount += n(row.amount);
    }
    ticketTypes.set(row.code, line);
  }
  const concessions = new Map<string, ReportBody["concessions"][number]>();
  for (const row of items) {
    const line = concessions.get(row.productId) ?? { productId: row.productId, name: row.name, sold: 0, soldAmount: 0, refunded: 0, refundedAmount: 0 };
    line.sold += n(row.count);
    line.soldAmount += n(row.amount);
    if (row.status === "REFUNDED") {
      line.refunded += n(row.count);
      line.refundedAmount += n(row.amount);
    }
    concessions.set(row.productId, line);
  }

  const tenderList = [...tenders.values()].sort((a, b) => a.provider.localeCompare(b.provider));
  const totalSales = tenderList.reduce((sum, t) => sum + t.amount, 0);
  const totalRefunds = tenderList.reduce((sum, t) => sum + t.refundAmount, 0);
  return {
    currency,
    cash,
    tenders: tenderList,
    ticketTypes: [...ticketTypes.values()],
    concessions: [...concessions.values()],
    refundsByReason: [...reasons.values()].sort((a, b) => a.reason.localeCompare(b.reason)),
    totals: { sales: totalSales, refunds: totalRefunds, net: totalSales - totalRefunds },
  };
}

const summaryInclude = {
  till: { select: { name: true } },
  cinema: { select: { name: true, timeZone: true } },
  staff: { select: { name: true, email: true } },
} as const;

type ShiftWithNames = Prisma.ShiftGetPayload<{ include: typeof summaryInclude }>;

export function toSummary(shift: ShiftWithNames): ShiftSummary {
  return {
    id: shift.id,
    status: shift.status,
    tillId: shift.tillId,
    tillName: shift.till.name,
    cinemaId: shift.cinemaId,
    cinemaName: shift.cinema.name,
    timeZone: shift.cinema.timeZone,
    staffId: shift.staffId,
    staffName: shift.staff.name || shift.staff.email,
    currency: shift.currency,
    openedAt: shift.openedAt,
    floatAmount: shift.floatAmount,
  };
}

export { summaryInclude };

const zeroCash = (float: number): CashFigures => ({ float, cashSales: 0, cashRefunds: 0, drops: 0, payouts: 0, payIns: 0, corrections: 0, expected: float });

export function createReports(ctx: ShiftsContext) {
  const { db } = ctx;

  /** The X report of an open shift, or the final report of a closed one (with its cash-up and any corrections). */
  async function shiftReport(input: { actor: Actor; shiftId: string }): Promise<ShiftReport> {
    await visibleShift(ctx, input.actor, input.shiftId);
    const shift = await db.shift.findUniqueOrThrow({
      where: { id: input.shiftId },
      include: {
        ...summaryInclude,
        closedBy: { select: { name: true, email: true } },
        varianceApprovedBy: { select: { name: true, email: true } },
        movements: { orderBy: { createdAt: "asc" }, include: { user: { select: { name: true, email: true } } } },
      },
    });
    const cash = (await cashFigures(db, [shift.id])).get(shift.id) ?? zeroCash(shift.floatAmount);
    const body = await reportBody(db, [shift.id], shift.currency, cash);
    const closed = shift.status === "CLOSED";
    return {
      ...body,
      kind: closed ? "CLOSED" : "X",
      shift: toSummary(shift),
      movements: shift.movements.map((m) => ({
        id: m.id,
        kind: m.kind,
        amount: m.amount,
        reason: m.reason,
        userName: m.user.name || m.user.email,
        createdAt: m.createdAt,
      })),
      closing: closed
        ? {
            closedAt: shift.closedAt!,
            closedByName: shift.closedBy ? shift.closedBy.name || shift.closedBy.email : "",
            countedCashAmount: shift.countedCashAmount!,
            countedDenominations: (shift.countedDenominations as Record<string, number> | null) ?? null,
            expectedCashAmount: shift.expectedCashAmount!,
            varianceAmount: shift.varianceAmount!,
            varianceAfterCorrections: shift.countedCashAmount! - cash.expected,
            varianceApprovedByName: shift.varianceApprovedBy ? shift.varianceApprovedBy.name || shift.varianceApprovedBy.email : null,
            varianceNote: shift.varianceNote,
            needsSignOff: !shift.varianceApprovedById && needsSignOff(shift.varianceAmount!, ctx.options.varianceThreshold),
          }
        : null,
      varianceThreshold: ctx.options.varianceThreshold,
      generatedAt: ctx.now(),
    };
  }

  /** Every shift opened on the cinema's calendar day (its own time zone), with the day's totals. Managers only. */
  async function zReport(input: { actor: Actor; cinema: string; date: string }): Promise<ZReport> {
    requireManager(input.actor, "The Z report");
    const cinema = await db.cinema.findFirst({
      where: { OR: [{ id: input.cinema }, { slug: input.cinema }] },
      select: { id: true, name: true, timeZone: true, currency: true },
    });
    if (!cinema) throw notFound("That cinema");
    if (Number.isNaN(Date.parse(`${input.date}T00:00:00Z`))) throw badRequest("That is not a date.", { field: "date" });
    const idRows = await db.$queryRaw<Array<{ id: string }>>`
      SELECT s."id" FROM "Shift" s
      WHERE s."cinemaId" = ${cinema.id}
        AND (s."openedAt" AT TIME ZONE 'UTC' AT TIME ZONE ${cinema.timeZone})::date = ${input.date}::date
      ORDER BY s."openedAt"`;
    const ids = idRows.map((r) => r.id);
    const shifts = ids.length
      ? await db.shift.findMany({
          where: { id: { in: ids } },
          include: { ...summaryInclude, varianceApprovedBy: { select: { name: true, email: true } } },
          orderBy: { openedAt: "asc" },
        })
      : [];
    const figures = await cashFigures(db, ids);
    const cash = zeroCash(0);
    for (const f of figures.values()) {
      for (const key of Object.keys(cash) as Array<keyof CashFigures>) cash[key] += f[key];
    }
    const body = await reportBody(db, ids, cinema.currency, cash);
    const rows = shifts.map((s) => ({
      ...toSummary(s),
      closedAt: s.closedAt,
      cash: figures.get(s.id) ?? zeroCash(s.floatAmount),
      countedCashAmount: s.countedCashAmount,
      varianceAmount: s.varianceAmount,
      needsSignOff: s.status === "CLOSED" && !s.varianceApprovedById && needsSignOff(s.varianceAmount ?? 0, ctx.options.varianceThreshold),
      varianceApprovedByName: s.varianceApprovedBy ? s.varianceApprovedBy.name || s.varianceApprovedBy.email : null,
    }));
    const closed = rows.filter((r) => r.status === "CLOSED");
    return {
      ...body,
      cinema: { id: cinema.id, name: cinema.name, timeZone: cinema.timeZone, currency: cinema.currency },
      date: input.date,
      shifts: rows,
      countedCash: closed.reduce((sum, r) => sum + (r.countedCashAmount ?? 0), 0),
      variance: closed.reduce((sum, r) => sum + (r.varianceAmount ?? 0), 0),
      openShifts: rows.length - closed.length,
      generatedAt: ctx.now(),
    };
  }

  return { shiftReport, zReport };
}
