// The whole booking flow through the local Inngest executor (tools/inngest-local), as `npm run demo` runs it: the
// app's real functions served over HTTP by the SDK's node handler, the executor syncing them, events sent by the
// booking and payments modules through the app's Inngest client, and real PostgreSQL and Redis underneath.
//
// One ManualClock drives both the executor (sleeps, retry backoffs, crons) and the booking module, so a ten-minute
// order timeout or a reminder two days out happens when the test moves time, not by waiting for it.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { serve } from "inngest/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Booking } from "@/server/booking";
import {
  approvePayment,
  type BookingHarness,
  type BookingScreening,
  checkedOutOrder,
  createBookingScreening,
  createHarness,
  liveTickets,
  mailTo,
  orderRow,
  seatStates,
} from "@/tests/support/booking";
import { realNow, type Clock } from "@/tests/support/clock";
import { countDoubleSold } from "@/tests/support/screenings";
import { ManualClock } from "@/tools/inngest-local/scheduler";
import { startLocalInngest, type LocalInngest } from "@/tools/inngest-local/server";
import type { RunStatus } from "@/tools/inngest-local/types";
import { inngest } from "./client";
import { createFunctions } from "./functions";
import { inngestPublisher } from "./publisher";

const minute = 60_000;

let local: LocalInngest;
let app: http.Server;
let h: BookingHarness;
let manual: ManualClock;
let dataDir: string;
const ownScreenings: string[] = [];
/** Booking steps the test makes fail, by name, until it says otherwise. */
const failing = new Set<keyof Booking>();

beforeAll(async () => {
  manual = new ManualClock(realNow());
  dataDir = mkdtempSync(path.join(os.tmpdir(), "marquee-flow-"));
  local = await startLocalInngest({
    port: 0,
    dataFile: path.join(dataDir, "inngest.json"),
    clock: manual,
    quiet: true,
    syncIntervalMs: 0,
    persistDebounceMs: 1,
  });
  // What INNGEST_DEV does for `npm run demo`, for this executor's port only.
  inngest.setEnvVars({ INNGEST_DEV: local.url });

  const clock: Clock = {
    now: () => new Date(manual.now()),
    ms: () => manual.now(),
    advance: (ms) => manual.advance(ms),
    set: (ms) => manual.set(ms),
  };
  h = createHarness({ clock, events: inngestPublisher });
  const booking = new Proxy(h.booking, {
    get(target, name: keyof Booking) {
      if (failing.has(name)) return () => Promise.reject(new Error(`${String(name)} is failing (test)`));
      return target[name];
    },
  });
  const functions = createFunctions({ booking: () => booking, reconcileScope: () => ({ screeningIds: [...ownScreenings] }) });
  app = http.createServer(serve({ client: inngest, functions }));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const synced = await local.sync(`http://127.0.0.1:${(app.address() as AddressInfo).port}/api/inngest`);
  expect(synced).toMatchObject({ ok: true });
});

afterAll(async () => {
  await local?.stop();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
  await h?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

const settle = () => local.executor.idle();
/** Moves time in slices, letting the executor finish what each slice woke before the next (a retry after a retry). */
async function advance(ms: number, slices = 1) {
  for (let i = 0; i < slices; i++) {
    manual.advance(ms / slices);
    await settle();
  }
}

/** Runs of one of the app's functions started by events about this order, oldest first. */
function runsOf(fn: string, orderId: string) {
  return local.executor
    .listRuns({ functionId: `${inngest.id}-${fn}`, limit: 1000 })
    .filter((run) => JSON.stringify(local.executor.getRun(run.id)?.event.data ?? {}).includes(orderId))
    .reverse();
}
const statuses = (fn: string, orderId: string): RunStatus[] => runsOf(fn, orderId).map((run) => run.status);

async function screening(): Promise<BookingScreening> {
  const created = await createBookingScreening(h.services.db, h.clock);
  ownScreenings.push(created.screeningId);
  return created;
}

/** A PENDING order, once the executor has run what its checkout started. */
async function checkedOut(show: BookingScreening, labels: string[]) {
  const order = await checkedOutOrder(h, show, labels);
  await settle();
  return order;
}

describe("booking through the local Inngest executor", () => {
  it("paid: the webhook's event drives the saga, cancels the timeout, and the reminder goes out before the show", async () => {
    const show = await screening();
    const { basket, payment, customer } = await checkedOut(show, ["A1", "A2"]);
    expect(statuses("order-timeout", basket.orderId)).toEqual(["sleeping"]);

    await approvePayment(h, payment.providerRef);
    await settle();

    expect(statuses("payment-saga", basket.orderId)).toEqual(["completed"]);
    expect(runsOf("payment-saga", basket.orderId)[0]!.output).toEqual({ outcome: "confirmed" });
    expect(statuses("order-timeout", basket.orderId)).toEqual(["cancelled"]);
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order.status).toBe("PAID");
    expect(order.tickets.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation"]);
    expect(statuses("show-reminder", basket.orderId)).toEqual(["sleeping"]);

    // The provider delivers the same success again: recorded once, no second saga.
    await approvePayment(h, payment.providerRef);
    await settle();
    expect(statuses("payment-saga", basket.orderId)).toEqual(["completed"]);

    // Two days later, three hours before the show, the reminder.
    const startsAt = (await h.services.db.screening.findUniqueOrThrow({ where: { id: show.screeningId } })).startsAt.getTime();
    await advance(startsAt - 3 * 60 * minute - manual.now() + 1_000);
    expect(statuses("show-reminder", basket.orderId)).toEqual(["completed"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation", "show-reminder"]);
  });

  it("abandoned: the timeout wakes at the deadline, expires the order, frees the seats and tells the customer", async () => {
    const show = await screening();
    const { basket, result, customer } = await checkedOut(show, ["B1", "B2"]);
    expect(await seatStates(h, show, "B1", "B2")).toEqual(["held", "held"]);

    await advance(result.expiresAt.getTime() - manual.now() - 1_000);
    expect(statuses("order-timeout", basket.orderId)).toEqual(["sleeping"]);
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("PENDING");

    await advance(2_000);

    expect(statuses("order-timeout", basket.orderId)).toEqual(["completed"]);
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("EXPIRED");
    expect(await seatStates(h, show, "B1", "B2")).toEqual(["free", "free"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-expired"]);
  });

  it("refund: the request's event runs the refund through the provider and puts the seats back on sale", async () => {
    const show = await screening();
    const { basket, result, payment, customer } = await checkedOut(show, ["A3"]);
    await approvePayment(h, payment.providerRef);
    await settle();
    const accessToken = new URL(result.orderPath, "http://x").searchParams.get("token");

    expect(await h.booking.requestRefund({ orderId: basket.orderId, accessToken })).toMatchObject({ status: "PENDING" });
    await settle();

    expect(statuses("process-refund", basket.orderId)).toEqual(["completed"]);
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("REFUNDED");
    expect(await seatStates(h, show, "A3")).toEqual(["free"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation", "refund-done"]);
  });

  it("a saga step that keeps failing is retried with backoff, then compensated: refunded in full, nothing sold", async () => {
    const show = await screening();
    const { basket, payment, customer } = await checkedOut(show, ["C1", "C2"]);
    failing.add("sellSeats");
    try {
      await approvePayment(h, payment.providerRef);
      await settle();
      const [saga] = runsOf("payment-saga", basket.orderId);
      // Waiting for its next attempt, not failed.
      expect(saga!.status).toBe("running");
      expect(saga!.pending).toEqual([expect.objectContaining({ kind: "step", name: "sell-seats", attempt: 1 })]);
      // 9 attempts (retries: 8) with backoff doubling from 1 s: under half an hour in all.
      await advance(40 * minute, 40);
    } finally {
      failing.delete("sellSeats");
    }

    expect(statuses("payment-saga", basket.orderId)).toEqual(["failed"]);
    expect(statuses("payment-saga-compensation", basket.orderId)).toEqual(["completed"]);
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order.status).toBe("REFUNDED");
    expect(order.tickets.some((t) => t.status === "HELD" || t.status === "SOLD")).toBe(false);
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("REFUNDED");
    expect(await seatStates(h, show, "C1", "C2")).toEqual(["free", "free"]);
    expect(await countDoubleSold(h.services.db, show.screeningId)).toBe(0);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["unfulfilled-refund"]);
    // The order timeout was cancelled by the payment, so it can't expire the order under the compensation.
    expect(statuses("order-timeout", basket.orderId)).toEqual(["cancelled"]);
    expect(await liveTickets(h.services.db, show.screeningId)).toEqual([]);
  });
});
