// Cancelling a screening. cancelScreening marks it CANCELLED at once (no new sales: booking, the inventory and the
// seat SQL all refuse a screening that isn't SCHEDULED) and records a ScreeningCancellation with one row per order to
// settle; then the "screening/cancelled" Inngest function settles each order in its own retried step
// (settleCancelledOrder: refund a paid order through booking's Refund path, release a basket, email the customer)
// and finishCancellation marks it done. Every step is idempotent per order, so a re-run, a cron or the page's
// "Finish now" button (processCancellation: all the steps in one call) finishes what the engine didn't.
import { conflict, notFound } from "@/server/errors";
import { staleVersionError } from "@/server/programme/context";
import { SCREENING_CONFLICT_MESSAGE, type SchedulingContext } from "./context";
import type { Notifications } from "./notifications";
import type { CancellationProgress, CancelScreeningInput } from "./schemas";

/** What a customer or the admin reads about an order the automation gave up on. */
const GAVE_UP = "The payment provider refused the refund repeatedly; it is on the box office's Needs attention list.";

export function createCancellations(ctx: SchedulingContext, notifications: Notifications) {
  const { db } = ctx;

  /** Adds the screening's orders that still need settling (paid or open) to the cancellation. Idempotent. */
  async function enrolOrders(cancellationId: string, screeningId: string) {
    const orders = await db.order.findMany({ where: { screeningId, status: { in: ["PAID", "PENDING"] } }, select: { id: true } });
    if (orders.length === 0) return;
    await db.screeningCancellationOrder.createMany({
      data: orders.map((order) => ({ cancellationId, orderId: order.id })),
      skipDuplicates: true,
    });
  }

  async function cancelScreening(input: CancelScreeningInput & { actorId: string }): Promise<{ cancellationId: string }> {
    const now = ctx.now();
    const cancellationId = await db.$transaction(async (tx) => {
      const screening = await tx.screening.findUnique({
        where: { id: input.id },
        select: { id: true, status: true, version: true, startsAt: true, hallId: true, filmId: true, publishedAt: true },
      });
      if (!screening) throw notFound("That screening");
      if (screening.status === "CANCELLED") throw conflict("This screening is already cancelled.", { reason: "SCREENING_CANCELLED" });
      const { count } = await tx.screening.updateMany({
        where: { id: input.id, version: input.version, status: "SCHEDULED" },
        data: { status: "CANCELLED", version: { increment: 1 } },
      });
      if (count === 0) throw staleVersionError(SCREENING_CONFLICT_MESSAGE);
      const cancellation = await tx.screeningCancellation.create({
        data: { screeningId: input.id, actorId: input.actorId, reason: input.reason, startedAt: now },
        select: { id: true },
      });
      const orders = await tx.order.findMany({ where: { screeningId: input.id, status: { in: ["PAID", "PENDING"] } }, select: { id: true } });
      await tx.screeningCancellationOrder.createMany({ data: orders.map((order) => ({ cancellationId: cancellation.id, orderId: order.id })) });
      await ctx.audit.record(
        {
          actorId: input.actorId,
          action: "screening.cancelled",
          entityType: "Screening",
          entityId: input.id,
          details: {
            before: { status: "SCHEDULED", version: screening.version, startsAt: screening.startsAt.toISOString() },
            after: { status: "CANCELLED", version: screening.version + 1, reason: input.reason, ordersToSettle: orders.length },
          },
        },
        tx,
      );
      return cancellation.id;
    });
    // Drop this process's cached copy of the screening (its status) and Redis's; holds are refused from now on.
    await ctx.inventory.rebuild(input.id).catch((error) => ctx.log.error(`screening ${input.id} not reloaded after cancelling`, error));
    try {
      await ctx.events.publish("screening/cancelled", { screeningId: input.id, cancellationId }, { id: `screening-cancelled-${cancellationId}` });
    } catch (error) {
      ctx.log.error(`could not publish screening/cancelled for ${cancellationId}; settling inline`, error);
      await processCancellation({ cancellationId }).catch((inline) => ctx.log.error(`inline cancellation ${cancellationId} stopped`, inline));
    }
    return { cancellationId };
  }

  async function cancellationOf(cancellationId: string) {
    const cancellation = await db.screeningCancellation.findUnique({ where: { id: cancellationId }, select: { id: true, screeningId: true, reason: true } });
    if (!cancellation) throw notFound("That cancellation");
    return cancellation;
  }

  /** The orders still to settle or email (failed ones too with `includeFailed`), enrolling any paid since. */
  async function ordersToSettle(input: { cancellationId: string; includeFailed?: boolean }): Promise<string[]> {
    const cancellation = await cancellationOf(input.cancellationId);
    await enrolOrders(cancellation.id, cancellation.screeningId);
    const rows = await db.screeningCancellationOrder.findMany({
      where: {
        cancellationId: cancellation.id,
        OR: [
          { state: { in: input.includeFailed ? ["PENDING", "FAILED"] : ["PENDING"] } },
          { state: { in: ["REFUNDED", "RELEASED"] }, emailedAt: null, order: { email: { not: null } } },
        ],
      },
      orderBy: { orderId: "asc" },
      select: { orderId: true },
    });
    return rows.map((row) => row.orderId);
  }

  /**
   * Settles one order of a cancelled screening: its money back (once: the refund id is derived from the order), its
   * seats released, its customer emailed (once: claimed on the row). Throws while the provider or the mail fails,
   * with the error recorded on the row for the page; a refund payments gave up on is recorded as FAILED.
   */
  async function settleCancelledOrder(input: { cancellationId: string; orderId: string }): Promise<{ state: string }> {
    const cancellation = await cancellationOf(input.cancellationId);
    const key = { cancellationId_orderId: { cancellationId: input.cancellationId, orderId: input.orderId } };
    let row = await db.screeningCancellationOrder.findUnique({ where: key });
    if (!row) throw notFound("That order of the cancelled screening");
    if (row.state === "PENDING" || row.state === "FAILED") {
      let result: Awaited<ReturnType<SchedulingContext["booking"]["endOrderOfCancelledScreening"]>>;
      try {
        result = await ctx.booking.endOrderOfCancelledScreening({ orderId: input.orderId });
      } catch (error) {
        await db.screeningCancellationOrder.update({
          where: key,
          data: { error: `Refund not done yet, retrying: ${error instanceof Error ? error.message : String(error)}` },
        });
        throw error;
      }
      if (result.outcome === "PAYMENT_IN_FLIGHT") {
        const message = "A payment for this order is still being confirmed; it will be refunded on the next run.";
        await db.screeningCancellationOrder.update({ where: key, data: { error: message } });
        throw new Error(message);
      }
      const state = result.outcome === "REFUNDED" ? "REFUNDED" : result.outcome === "NEEDS_ATTENTION" ? "FAILED" : "RELEASED";
      row = await db.screeningCancellationOrder.update({
        where: key,
        data: {
          state,
          refundId: result.refundId,
          error: state === "FAILED" ? GAVE_UP : null,
          // An order that had already ended by itself (expired) has nothing to be told.
          ...(result.outcome === "NOTHING" ? { emailedAt: ctx.now() } : {}),
        },
      });
    }
    if (row.state !== "FAILED" && row.emailedAt === null) {
      const claimedAt = ctx.now();
      const claim = await db.screeningCancellationOrder.updateMany({ where: { ...key.cancellationId_orderId, emailedAt: null }, data: { emailedAt: claimedAt } });
      if (claim.count === 1) {
        const refund = row.refundId ? await db.refund.findUnique({ where: { id: row.refundId }, select: { amount: true } }) : null;
        try {
          const sent = await notifications.sendCancelled({ orderId: input.orderId, reason: cancellation.reason, refundAmount: refund?.amount ?? 0 });
          if (!sent) await db.screeningCancellationOrder.updateMany({ where: { ...key.cancellationId_orderId, emailedAt: claimedAt }, data: { emailedAt: null } });
        } catch (error) {
          await db.screeningCancellationOrder.updateMany({
            where: { ...key.cancellationId_orderId, emailedAt: claimedAt },
            data: { emailedAt: null, error: `Email not sent yet, retrying: ${error instanceof Error ? error.message : String(error)}` },
          });
          throw error;
        }
      }
    }
    return { state: row.state };
  }

  /** Marks the cancellation done once no order is left to settle or email (failures stay listed). */
  async function finishCancellation(input: { cancellationId: string }): Promise<CancellationProgress> {
    const cancellation = await cancellationOf(input.cancellationId);
    const remaining = await ordersToSettle({ cancellationId: cancellation.id });
    if (remaining.length === 0) {
      await db.screeningCancellation.updateMany({ where: { id: cancellation.id, doneAt: null }, data: { doneAt: ctx.now() } });
    }
    return progressOf(cancellation.id);
  }

  /** Every step in one call: what the page's button and a periodic job run. Failures stay recorded per order. */
  async function processCancellation(input: { cancellationId: string; includeFailed?: boolean }): Promise<CancellationProgress> {
    for (const orderId of await ordersToSettle(input)) {
      try {
        await settleCancelledOrder({ cancellationId: input.cancellationId, orderId });
      } catch (error) {
        ctx.log.error(`order ${orderId} of cancellation ${input.cancellationId} not settled yet`, error);
      }
    }
    return finishCancellation(input);
  }

  async function progressOf(cancellationId: string): Promise<CancellationProgress> {
    const cancellation = await db.screeningCancellation.findUniqueOrThrow({
      where: { id: cancellationId },
      select: {
        id: true,
        screeningId: true,
        reason: true,
        doneAt: true,
        orders: { select: { orderId: true, state: true, error: true, emailedAt: true, order: { select: { reference: true, email: true } } } },
      },
    });
    const rows = cancellation.orders;
    const count = (state: string) => rows.filter((row) => row.state === state).length;
    return {
      cancellationId: cancellation.id,
      screeningId: cancellation.screeningId,
      reason: cancellation.reason,
      total: rows.length,
      refunded: count("REFUNDED"),
      released: count("RELEASED"),
      failed: count("FAILED"),
      pending: count("PENDING"),
      emailed: rows.filter((row) => row.emailedAt !== null && row.order.email !== null).length,
      done: cancellation.doneAt !== null,
      failures: rows
        .filter((row) => row.error !== null)
        .map((row) => ({ orderId: row.orderId, reference: row.order.reference, error: row.error! })),
    };
  }

  /** The page's poll: the screening's cancellation, or null if it has none. */
  async function cancellationProgress(input: { screeningId: string }): Promise<CancellationProgress | null> {
    const cancellation = await db.screeningCancellation.findUnique({ where: { screeningId: input.screeningId }, select: { id: true } });
    return cancellation ? progressOf(cancellation.id) : null;
  }

  return { cancelScreening, ordersToSettle, settleCancelledOrder, finishCancellation, processCancellation, cancellationProgress };
}
