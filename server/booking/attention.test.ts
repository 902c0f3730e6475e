// Orders handed to staff: what the desk shows, a staff retry of a stalled refund, and resolving by hand, against the
// real PostgreSQL and Redis with the in-test payment provider.
import { beforeAll, describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import {
  accessTokenOf,
  createBookingScreening,
  mailTo,
  orderRow,
  paidOrder,
  withBookingHarness,
} from "@/tests/support/booking";
import { createTestUser, uniqueTestEmail } from "@/tests/support/users";

const MAX_ATTEMPTS = 2;
const clock = createClock();
const h = withBookingHarness({ clock, booking: { maxRefundAttempts: MAX_ATTEMPTS } });
let staffId: string;

beforeAll(async () => {
  staffId = (await createTestUser(h.services, { role: "STAFF" })).user.id;
});

/** A paid order whose customer refund the provider refused until the retries gave up. */
async function stalledRefund() {
  const screening = await createBookingScreening(h.services.db, clock);
  const customer = uniqueTestEmail("desk");
  const order = await paidOrder(h, screening, ["A1", "A2"], { email: customer });
  const { refundId } = await h.booking.requestRefund({ orderId: order.orderId, accessToken: accessTokenOf(order.result.orderPath) });
  h.fake.controls.failRefunds = MAX_ATTEMPTS;
  for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
    await expect(h.booking.processRefund({ refundId: refundId! })).rejects.toThrow(/retried automatically/);
  }
  expect(await h.booking.processRefund({ refundId: refundId! })).toEqual({ status: "NEEDS_ATTENTION" });
  return { order, refundId: refundId!, customer, screening };
}

const deskItem = async (orderId: string) => (await h.booking.needingAttention()).find((item) => item.orderId === orderId);

describe("orders needing attention", () => {
  it("lists a stalled refund with what went wrong, and a staff retry that succeeds clears it", async () => {
    const { order, refundId, customer } = await stalledRefund();

    const item = await deskItem(order.orderId);
    expect(item).toMatchObject({ reference: order.reference, status: "PAID", email: customer, totalAmount: order.payment.amount });
    expect(item!.problems).toEqual([`The customer's refund of £${(order.payment.amount / 100).toFixed(2)} failed ${MAX_ATTEMPTS} times at the payment provider.`]);
    expect(item!.refunds).toEqual([expect.objectContaining({ id: refundId, status: "FAILED", attempts: MAX_ATTEMPTS, needsAttention: true })]);

    expect(await h.booking.retryRefund({ refundId, staffId })).toEqual({ status: "SUCCEEDED" });

    expect(await deskItem(order.orderId)).toBeUndefined();
    const row = await orderRow(h.services.db, order.orderId);
    expect(row).toMatchObject({ status: "REFUNDED", needsAttention: false });
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation", "refund-done"]);
    const audit = await h.services.db.auditLog.findFirstOrThrow({ where: { entityId: order.orderId, action: "order.refund_retried" } });
    expect(audit).toMatchObject({ actorId: staffId, details: { refundId, outcome: "SUCCEEDED" } });
    // Retrying a refund that went through is refused and changes nothing.
    await expectAppError(h.booking.retryRefund({ refundId, staffId }), "CONFLICT", "ALREADY_REFUNDED");
  });

  it("a staff retry the provider refuses again goes back to the automatic retries, and returns here if they give up", async () => {
    const { order, refundId } = await stalledRefund();
    h.fake.controls.failRefunds = 1;

    expect(await h.booking.retryRefund({ refundId, staffId })).toEqual({ status: "RETRYING" });

    expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: refundId } })).toMatchObject({ status: "FAILED", attempts: 1, needsAttention: false });
    expect(await deskItem(order.orderId)).toBeUndefined();
    await expectAppError(h.booking.retryRefund({ refundId, staffId }), "CONFLICT", "ALREADY_RETRYING");
    // The automatic retries give up again: it is back on the desk.
    h.fake.controls.failRefunds = 1;
    expect(await h.booking.processRefund({ refundId })).toEqual({ status: "NEEDS_ATTENTION" });
    expect(await deskItem(order.orderId)).toBeDefined();
    expect((await orderRow(h.services.db, order.orderId)).status).toBe("PAID");
  });

  it("resolving by hand needs a note, clears the flags and is audited", async () => {
    const { order, refundId } = await stalledRefund();

    await expectAppError(h.booking.resolveAttention({ orderId: order.orderId, staffId, note: "  ok " }), "BAD_REQUEST");
    expect(await deskItem(order.orderId)).toBeDefined();

    await h.booking.resolveAttention({ orderId: order.orderId, staffId, note: "Refunded from the provider's dashboard" });

    expect(await deskItem(order.orderId)).toBeUndefined();
    expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: refundId } })).toMatchObject({ needsAttention: false });
    const audit = await h.services.db.auditLog.findFirstOrThrow({ where: { entityId: order.orderId, action: "order.attention_resolved" } });
    expect(audit).toMatchObject({ actorId: staffId, details: { note: "Refunded from the provider's dashboard" } });
    await expectAppError(h.booking.resolveAttention({ orderId: order.orderId, staffId, note: "again, twice" }), "CONFLICT", "ALREADY_RESOLVED");
    await expectAppError(h.booking.resolveAttention({ orderId: "no-such-order", staffId, note: "nothing here" }), "NOT_FOUND");
  });
});
