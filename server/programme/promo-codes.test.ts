// Promo codes as admins manage them, against the real database: validation refusals change nothing, every change is
// audited with its before and after in the same transaction, two saves of one version can't both win, a paused code
// is refused at checkout, and the discount given counts only paid orders.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { checkedOutOrder, createBookingScreening, paidOrder, withBookingHarness, type BookingScreening } from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createTestUser } from "@/tests/support/users";
import { instantToWallClock, type AdminPromoCode } from "@/server/programme";
import {
  majorToMinor,
  minorToMajor,
  NO_PROMO_RESTRICTIONS,
  promoCodeBatchCsv,
  promoCodeBatchFormSchema,
  promoCodeFormSchema,
  type PromoCodeFormValues,
} from "@/server/programme/schemas";

const DAY = 24 * 3600_000;
const clock = createClock();
const h = withBookingHarness({ clock });

let adminId: string;
let screening: BookingScreening;

beforeAll(async () => {
  adminId = (await createTestUser(h.services, { role: "ADMIN" })).user.id;
  screening = await createBookingScreening(h.services.db, clock);
});

const uniqueCode = () => `pc-${randomBytes(4).toString("hex")}`;
const at = (days: number) => instantToWallClock(new Date(clock.ms() + days * DAY), "Europe/London");

function values(overrides: Partial<PromoCodeFormValues> = {}): PromoCodeFormValues {
  return {
    code: uniqueCode(),
    description: "Ten percent off",
    kind: "percent",
    percentOff: 10,
    amountOff: null,
    currency: null,
    validFrom: at(-1),
    validUntil: at(30),
    maxRedemptions: 50,
    ...NO_PROMO_RESTRICTIONS,
    ...overrides,
  };
}

const create = (overrides: Partial<PromoCodeFormValues> = {}) => h.services.programme.createPromoCode({ actorId: adminId, ...values(overrides) });
const valuesOf = (row: AdminPromoCode): PromoCodeFormValues & { id: string; version: number } => ({
  id: row.id,
  version: row.version,
  code: row.code,
  description: row.description,
  kind: row.kind,
  percentOff: row.percentOff,
  amountOff: row.amountOff,
  currency: row.currency as PromoCodeFormValues["currency"],
  validFrom: row.validFromLocal,
  validUntil: row.validUntilLocal,
  maxRedemptions: row.maxRedemptions,
  perCustomerLimit: row.perCustomerLimit,
  minTickets: row.minTickets,
  filmIds: row.filmIds,
  cinemaIds: row.cinemaIds,
  ticketTypes: row.ticketTypes,
  daysOfWeek: row.daysOfWeek,
});
const auditFor = (entityId: string) =>
  h.services.db.auditLog.findMany({ where: { entityType: "PromoCode", entityId }, orderBy: { createdAt: "asc" } });
const listed = async (code: string) => (await h.services.programme.listPromoCodes({ search: code })).promoCodes.find((row) => row.code === code);

describe("the form's schema", () => {
  it("refuses bad values beside their fields", () => {
    const issues = (input: PromoCodeFormValues) =>
      promoCodeFormSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]) ?? [];
    expect(issues(values({ percentOff: 0 }))).toEqual([["percentOff", "Enter a percentage from 1 to 100"]]);
    expect(issues(values({ percentOff: 101 }))).toEqual([["percentOff", "Enter a percentage from 1 to 100"]]);
    expect(issues(values({ kind: "amount", percentOff: null, amountOff: 0, currency: null }))).toEqual([
      ["amountOff", "Enter an amount above 0"],
      ["currency", "Choose a currency"],
    ]);
    expect(issues(values({ validFrom: "2031-01-02T10:00", validUntil: "2031-01-01T10:00" }))).toEqual([["validUntil", "The end must be after the start"]]);
    expect(issues(values({ code: "no spaces" }))[0]?.[0]).toBe("code");
    expect(issues(values({ maxRedemptions: 0 }))).toEqual([["maxRedemptions", "Allow at least 1 use"]]);
  });

  it("reads major units into minor units exactly", () => {
    expect(["12.50", "0.1", "7", "19.99", "0.29"].map(majorToMinor)).toEqual([1250, 10, 700, 1999, 29]);
    expect(["", "1.234", "-1", "1,50", "abc"].map(majorToMinor)).toEqual([null, null, null, null, null]);
    expect(minorToMajor(1999)).toBe("19.99");
    expect(minorToMajor(5)).toBe("0.05");
  });
});

describe("creating", () => {
  it("stores the code as checkout looks it up, at version 1, and audits it", async () => {
    const code = uniqueCode();
    const created = await create({ code: `  ${code} `, description: "  Winter  " });
    expect(created).toMatchObject({ code: code.toUpperCase(), description: "Winter", status: "active", redemptions: 0, version: 1, discountGiven: [] });
    const [entry] = await auditFor(created.id);
    expect(entry).toMatchObject({ actorId: adminId, action: "promo_code.created", details: { before: null, after: { code: code.toUpperCase(), percentOff: 10, version: 1 } } });
  });

  it("refuses a code already taken, whatever its case, beside the code field, and changes nothing", async () => {
    const first = await create();
    const before = await h.services.db.promoCode.count();
    const error = await expectAppError(create({ code: first.code.toLowerCase() }), "CONFLICT", "CODE_TAKEN");
    expect(error.details?.field).toBe("code");
    expect(await h.services.db.promoCode.count()).toBe(before);
  });

  it("keeps only the chosen discount", async () => {
    const created = await create({ kind: "amount", percentOff: 20, amountOff: 250, currency: "GBP" });
    expect(created).toMatchObject({ kind: "amount", percentOff: null, amountOff: 250, currency: "GBP" });
  });
});

describe("editing", () => {
  it("saves from its version, bumps it, and audits before and after", async () => {
    const row = await create();
    const saved = await h.services.programme.updatePromoCode({ ...valuesOf(row), actorId: adminId, percentOff: 15, maxRedemptions: null });
    expect(saved).toMatchObject({ percentOff: 15, maxRedemptions: null, version: 2 });
    const entries = await auditFor(row.id);
    expect(entries.map((e) => e.action)).toEqual(["promo_code.created", "promo_code.updated"]);
    expect(entries[1]).toMatchObject({ details: { before: { percentOff: 10, maxRedemptions: 50, version: 1 }, after: { percentOff: 15, maxRedemptions: null, version: 2 } } });
  });

  it("refuses a limit below the redemptions so far, beside its field, and changes nothing", async () => {
    const row = await create();
    await h.services.db.promoCode.update({ where: { id: row.id }, data: { redemptions: 3 } });
    const error = await expectAppError(
      h.services.programme.updatePromoCode({ ...valuesOf(row), actorId: adminId, maxRedemptions: 2, description: "Changed" }),
      "BAD_REQUEST",
    );
    expect(error.details?.field).toBe("maxRedemptions");
    expect(await h.services.db.promoCode.findUnique({ where: { id: row.id } })).toMatchObject({ description: row.description, maxRedemptions: 50, version: 1 });
    expect((await auditFor(row.id)).map((e) => e.action)).toEqual(["promo_code.created"]);
  });

  it("of two concurrent saves from the same version, exactly one wins and the other gets CONFLICT", async () => {
    const row = await create();
    const results = await Promise.allSettled(
      ["Admin A", "Admin B"].map((description) => h.services.programme.updatePromoCode({ ...valuesOf(row), actorId: adminId, description })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("changed by someone else") });
    const winner = (won[0] as PromiseFulfilledResult<AdminPromoCode>).value.description;
    expect(await h.services.db.promoCode.findUnique({ where: { id: row.id } })).toMatchObject({ description: winner, version: 2 });
    expect((await auditFor(row.id)).map((e) => e.action)).toEqual(["promo_code.created", "promo_code.updated"]);
  });
});

describe("at checkout", () => {
  it("a paused code is refused and a resumed one works; the list counts only paid orders' discounts", async () => {
    const row = await create({ maxRedemptions: 5 });
    const paused = await h.services.programme.setPromoCodeActive({ id: row.id, version: row.version, active: false, actorId: adminId });
    expect(paused).toMatchObject({ active: false, status: "paused", version: 2 });
    await expectAppError(checkedOutOrder(h, screening, ["A1"], { promoCode: row.code.toLowerCase() }), "BAD_REQUEST", "PROMO_UNKNOWN");
    expect((await listed(row.code))?.redemptions).toBe(0);

    const resumed = await h.services.programme.setPromoCodeActive({ id: row.id, version: paused.version, active: true, actorId: adminId });
    expect(resumed.status).toBe("active");
    // One paid order (two adult seats, 2400, 10% off = 240) and one checked out but not paid.
    await paidOrder(h, screening, ["A2", "A3"], { promoCode: row.code });
    await checkedOutOrder(h, screening, ["A4"], { promoCode: row.code });
    expect(await listed(row.code)).toMatchObject({ redemptions: 2, maxRedemptions: 5, discountGiven: [{ currency: "GBP", amount: 240 }] });
    expect((await auditFor(row.id)).map((e) => e.action)).toEqual(["promo_code.created", "promo_code.paused", "promo_code.resumed"]);

    // A code that was redeemed can't be deleted; an unused one can.
    await expectAppError(h.services.programme.deletePromoCode({ id: row.id, version: resumed.version, actorId: adminId }), "BAD_REQUEST", "PROMO_USED");
    const unused = await create();
    await h.services.programme.deletePromoCode({ id: unused.id, version: unused.version, actorId: adminId });
    expect(await h.services.db.promoCode.findUnique({ where: { id: unused.id } })).toBeNull();
    expect((await auditFor(unused.id)).map((e) => e.action)).toEqual(["promo_code.created", "promo_code.deleted"]);
  });
});

describe("listing", () => {
  it("filters by status and searches code and description", async () => {
    const tag = randomBytes(3).toString("hex");
    const live = await create({ description: `Live ${tag}` });
    const soon = await create({ description: `Soon ${tag}`, validFrom: at(2), validUntil: at(5) });
    const gone = await create({ description: `Gone ${tag}`, validFrom: at(-5), validUntil: at(-2) });
    const off = await create({ description: `Off ${tag}` });
    await h.services.programme.setPromoCodeActive({ id: off.id, version: off.version, active: false, actorId: adminId });
    const ids = async (status?: "active" | "paused" | "expired" | "upcoming") =>
      (await h.services.programme.listPromoCodes({ status, search: tag })).promoCodes.map((row) => row.id).sort();
    expect(await ids()).toEqual([live.id, soon.id, gone.id, off.id].sort());
    expect(await ids("active")).toEqual([live.id]);
    expect(await ids("upcoming")).toEqual([soon.id]);
    expect(await ids("expired")).toEqual([gone.id]);
    expect(await ids("paused")).toEqual([off.id]);
    expect((await h.services.programme.listPromoCodes({ search: live.code.toLowerCase() })).promoCodes.map((r) => r.id)).toEqual([live.id]);
  });
});

describe("restrictions as admins save them", () => {
  it("stores restrictions de-duplicated and in order, audits them, and refuses films or cinemas that don't exist", async () => {
    const row = await create({ perCustomerLimit: 2, minTickets: 2, ticketTypes: ["CHILD", "ADULT", "CHILD"], daysOfWeek: [5, 1, 5], cinemaIds: [] });
    expect(row).toMatchObject({ perCustomerLimit: 2, minTickets: 2, ticketTypes: ["CHILD", "ADULT"], daysOfWeek: [1, 5] });
    const [created] = await auditFor(row.id);
    expect(created!.details).toMatchObject({ after: { perCustomerLimit: 2, minTickets: 2, ticketTypes: ["CHILD", "ADULT"], daysOfWeek: [1, 5] } });

    const error = await expectAppError(create({ filmIds: ["no-such-film"] }), "BAD_REQUEST");
    expect(error.details?.field).toBe("filmIds");
    expect((await expectAppError(create({ cinemaIds: ["no-such-cinema"] }), "BAD_REQUEST")).details?.field).toBe("cinemaIds");
    expect((await expectAppError(create({ ticketTypes: ["PENSIONER"] }), "BAD_REQUEST")).details?.field).toBe("ticketTypes");
    expect(promoCodeFormSchema.safeParse(values({ daysOfWeek: [8] })).success).toBe(false);
    expect(promoCodeFormSchema.safeParse(values({ minTickets: 0 })).error?.issues[0]?.message).toBe("At least 1 ticket");
  });
});

describe("batches of single-use codes", () => {
  it("generates exactly `count` unique single-use codes with the shared settings, audited once, listed as one batch, as CSV", async () => {
    const { maxRedemptions: _unused, code: _code, ...shared } = values({ description: "Gift voucher", perCustomerLimit: 1 });
    void _unused;
    void _code;
    const prefix = `g${randomBytes(3).toString("hex")}`;
    const batch = await h.services.programme.generatePromoCodeBatch({ actorId: adminId, ...shared, prefix, count: 1200 });
    expect(batch.codes).toHaveLength(1200);
    expect(new Set(batch.codes.map((c) => c.code)).size).toBe(1200);
    expect(batch.codes.every((c) => new RegExp(`^${prefix.toUpperCase()}-[A-Z2-9]{8}$`).test(c.code))).toBe(true);
    const rows = await h.services.db.promoCode.findMany({ where: { batchId: batch.batchId } });
    expect(rows).toHaveLength(1200);
    expect(new Set(rows.map((r) => JSON.stringify([r.maxRedemptions, r.perCustomerLimit, r.percentOff, r.description])))).toEqual(
      new Set([JSON.stringify([1, 1, 10, "Gift voucher"])]),
    );

    const audit = await h.services.db.auditLog.findMany({ where: { entityType: "PromoCodeBatch", entityId: batch.batchId } });
    expect(audit.map((e) => [e.action, e.actorId])).toEqual([["promo_code.batch_created", adminId]]);
    expect(audit[0]!.details).toMatchObject({ after: { prefix: prefix.toUpperCase(), count: 1200, maxRedemptions: 1, description: "Gift voucher" } });

    const list = await h.services.programme.listPromoCodes({});
    expect(list.batches.find((b) => b.batchId === batch.batchId)).toMatchObject({ count: 1200, redeemed: 0, description: "Gift voucher" });
    expect(list.promoCodes.some((row) => row.batchId === batch.batchId)).toBe(false);
    expect((await h.services.programme.listPromoCodes({ search: batch.codes[0]!.code })).promoCodes.map((r) => r.code)).toEqual([batch.codes[0]!.code]);

    const csv = promoCodeBatchCsv(await h.services.programme.promoCodeBatchCodes({ batchId: batch.batchId })).trimEnd().split("\r\n");
    expect(csv[0]).toBe("code,description,valid_from,valid_until,used");
    expect(csv).toHaveLength(1201);
    expect(csv[1]).toMatch(new RegExp(`^${prefix.toUpperCase()}-[A-Z2-9]{8},Gift voucher,\\d{4}-.*Z,\\d{4}-.*Z,0$`));
    expect(promoCodeBatchCsv({ batchId: "b", codes: [{ ...batch.codes[0]!, description: 'Say "hi", twice' }] })).toContain('"Say ""hi"", twice"');
  });

  it("refuses a bad batch before writing anything", async () => {
    const before = await h.services.db.promoCode.count();
    const { maxRedemptions: _unused, code: _code, ...shared } = values({ filmIds: ["no-such-film"] });
    void _unused;
    void _code;
    await expectAppError(h.services.programme.generatePromoCodeBatch({ actorId: adminId, ...shared, prefix: "NOPE", count: 10 }), "BAD_REQUEST");
    expect(await h.services.db.promoCode.count()).toBe(before);
    expect(promoCodeBatchFormSchema.safeParse({ ...shared, prefix: "A", count: 10 }).error?.issues[0]?.message).toBe("Use 2–16 letters or digits");
  });
});
