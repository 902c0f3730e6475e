// Box-office counter fixtures: tills and open shifts straight into the database (the Shift screen is server/shifts'),
// products with stock, and a counter built over a booking harness (the web's booking, inventory and fake payment
// provider) with the sandbox card terminal, so counter and web buyers share one seat inventory in a test.
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/server/accounts/passwords";
import type { Database } from "@/server/db";
import { createCounter, createSandboxTerminal } from "@/server/counter";
import type { BookingHarness } from "./booking";
import { createTestUser } from "./users";

export async function openTestShift(db: Database, input: { cinemaId: string; staffId: string; floatAmount?: number; currency?: string }) {
  const till = await db.till.create({ data: { cinemaId: input.cinemaId, name: `Till ${randomBytes(4).toString("hex")}` } });
  return db.shift.create({
    data: { tillId: till.id, cinemaId: input.cinemaId, staffId: input.staffId, currency: input.currency ?? "GBP", floatAmount: input.floatAmount ?? 10_000 },
  });
}

/** A STAFF user with an open shift at the cinema. */
export async function clerkAt(services: { db: Database }, cinemaId: string) {
  const { user, session } = await createTestUser(services, { role: "STAFF" });
  const shift = await openTestShift(services.db, { cinemaId, staffId: user.id });
  return { user, session, shift, actor: { id: user.id, role: user.role } };
}

/** A MANAGER with an approval PIN. */
export async function managerWithPin(services: { db: Database }, pin: string) {
  const { user, session } = await createTestUser(services, { role: "MANAGER" });
  await services.db.user.update({ where: { id: user.id }, data: { managerPinHash: await hashPassword(pin, 4) } });
  return { user, session, actor: { id: user.id, role: user.role } };
}

export async function createTestProduct(db: Database, input: { cinemaId: string; priceAmount: number; stock: number; name?: string }) {
  const product = await db.product.create({
    data: { name: input.name ?? `Popcorn ${randomBytes(3).toString("hex")}`, category: "Popcorn", currency: "GBP", priceAmount: input.priceAmount },
  });
  await db.productStock.create({ data: { productId: product.id, cinemaId: input.cinemaId, quantity: input.stock } });
  return product;
}

/** A counter over the harness's booking and payments (the same inventory as its web buyers). */
export function counterFor(h: BookingHarness, options: { refundsFail?: () => boolean; inventory?: Partial<BookingHarness["services"]["inventory"]> } = {}) {
  const terminal = createSandboxTerminal({ refundsFail: options.refundsFail });
  const counter = createCounter({
    db: h.services.db,
    booking: h.booking,
    inventory: { ...h.services.inventory, ...options.inventory },
    payments: h.payments,
    concessions: h.services.concessions,
    approvals: h.services.approvals,
    audit: h.services.audit,
    terminal,
    now: h.clock.now,
  });
  return { counter, terminal };
}
