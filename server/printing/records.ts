// Counting prints. Each print of a ticket or a receipt is a PrintRecord with its copy number; copy 1 is the original
// and anything later is a reprint, marked "REPRINT" on the paper and audited as one. The order's row is locked while
// the copies are numbered, so two clerks printing the same booking at once get copies 1 and 2, never two originals
// (the unique index on order, kind, ticket and copy is the last word).
import { notFound, preconditionFailed } from "@/server/errors";
import type { PrintingContext } from "./context";
import type { PrintFormat, PrintWhat, RecordPrintResult } from "./schemas";

export async function recordPrint(
  ctx: PrintingContext,
  input: { reference: string; what: PrintWhat; format: PrintFormat; staffId: string },
): Promise<RecordPrintResult> {
  const reference = input.reference.trim().toUpperCase();
  return ctx.db.$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<Array<{ id: string; status: string }>>`
      SELECT "id", "status"::text AS "status" FROM "Order" WHERE "reference" = ${reference} FOR UPDATE`;
    if (!order) throw notFound("That booking");
    if (order.status !== "PAID" && order.status !== "REFUNDED") {
      throw preconditionFailed("This booking isn't paid, so there is nothing to print.");
    }
    const kind = input.what === "tickets" ? "TICKET" : "RECEIPT";
    const subjects: Array<string | null> =
      kind === "TICKET"
        ? (await tx.ticket.findMany({ where: { orderId: order.id, status: "SOLD" }, select: { id: true }, orderBy: { id: "asc" } })).map((t) => t.id)
        : [null];
    if (subjects.length === 0) throw preconditionFailed("This booking has no valid tickets to print.");
    const previous = await tx.printRecord.groupBy({
      by: ["ticketId"],
      where: { orderId: order.id, kind },
      _max: { copy: true },
    });
    const copies: Record<string, number> = {};
    const rows = subjects.map((ticketId) => {
      const copy = (previous.find((p) => p.ticketId === ticketId)?._max.copy ?? 0) + 1;
      copies[ticketId ?? "receipt"] = copy;
      return { orderId: order.id, ticketId, kind, copy, format: input.format, staffId: input.staffId } as const;
    });
    await tx.printRecord.createMany({ data: rows });
    const reprint = rows.some((r) => r.copy > 1);
    await ctx.audit.record(
      {
        actorId: input.staffId,
        action: `order.${input.what === "tickets" ? "tickets" : "receipt"}_${reprint ? "reprinted" : "printed"}`,
        entityType: "Order",
        entityId: order.id,
        details: { reference, format: input.format, copies },
      },
      tx,
    );
    return { copies, reprint };
  });
}
