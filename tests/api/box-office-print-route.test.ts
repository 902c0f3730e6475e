// POST /api/box-office/print/<reference> (app/api/box-office/print/[reference]/route.ts), called as Next calls it.
// The session is what getAppSession() would read from the request's cookie; everything else is the app's services().
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppSession } from "@/server/accounts/roles";
import { newTicketCode } from "@/server/booking/tokens";
import { createTestScreening } from "@/tests/support/screenings";
import { createTestUser } from "@/tests/support/users";

const session = vi.hoisted(() => ({ current: null as AppSession | null }));
vi.mock("@/lib/auth/next-auth", () => ({ getAppSession: async () => session.current }));

const { POST } = await import("@/app/api/box-office/print/[reference]/route");
const { services } = await import("@/server/services");

afterAll(async () => {
  const app = services();
  await app.inventory.close();
  app.redis.disconnect();
  await app.db.$disconnect();
});

const as = (role: AppSession["user"]["role"], id = `user-${role}`): AppSession => ({ user: { id, email: `${role}@example.test`, name: role, role } });

const call = (reference: string, what = "tickets") =>
  POST(new Request(`http://localhost/api/box-office/print/${reference}?what=${what}`, { method: "POST" }), {
    params: Promise.resolve({ reference }),
  });

describe("POST /api/box-office/print/<reference>", () => {
  let reference = "";
  let staff: AppSession;

  beforeAll(async () => {
    const db = services().db;
    staff = (await createTestUser({ db }, { role: "STAFF" })).session;
    const screening = await createTestScreening(db, { plan: ["SSSS"], startsAt: new Date(Date.now() + 24 * 3600_000) });
    const order = await db.order.create({
      data: {
        reference: `P${newTicketCode().slice(0, 7)}`,
        screeningId: screening.screeningId,
        status: "PAID",
        currency: "GBP",
        subtotalAmount: 2400,
        totalAmount: 2400,
        expiresAt: new Date(),
        paidAt: new Date(),
      },
    });
    await db.ticket.createMany({
      data: ["A1", "A2"].map((label) => ({
        orderId: order.id,
        screeningId: screening.screeningId,
        seatId: screening.seat(label),
        ticketType: "ADULT",
        currency: "GBP",
        priceAmount: 1200,
        status: "SOLD" as const,
        code: newTicketCode(),
      })),
    });
    reference = order.reference;
  });

  it("refuses the signed out with 401 and customers with 403, printing nothing", async () => {
    session.current = null;
    expect((await call(reference)).status).toBe(401);
    session.current = as("CUSTOMER");
    expect((await call(reference)).status).toBe(403);
    expect(await services().db.printRecord.count({ where: { staffId: "user-CUSTOMER" } })).toBe(0);
  });

  it("answers staff an 80 mm PDF, one page per ticket, and counts the print", async () => {
    session.current = staff;
    const response = await call(reference);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`inline; filename="${reference}-tickets.pdf"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPages().map((page) => Math.round(page.getWidth() * 100) / 100)).toEqual([226.77, 226.77]);
    const receipt = await call(reference, "receipt");
    expect(receipt.status).toBe(200);
    expect(await services().db.printRecord.count({ where: { staffId: staff.user.id, format: "pdf" } })).toBe(3);
  });

  it("says 404 for an unknown booking and 400 for an unknown kind of print", async () => {
    session.current = staff;
    expect((await call("NOSUCHREF")).status).toBe(404);
    expect((await call(reference, "poster")).status).toBe(400);
  });
});
