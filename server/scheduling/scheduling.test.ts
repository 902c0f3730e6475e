import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { createScreeningCancellation } from "@/inngest/functions/screening-cancellation";
import { addDaysToKey, dayKeyIn } from "@/server/catalogue/days";
import { createCatalogue } from "@/server/catalogue";
import { createMailer } from "@/server/mail";
import { createScheduling, insertScreening, PLAN_BY_TIME_BAND, type RunInput } from "@/server/scheduling";
import {

  createBookingScreening,
  guestKey,
  holdSeats,
  mailTo,
  orderRow,
  paidOrder,
  withBookingHarness,
} from "@/tests/support/booking";
import { expectAppError } from "@/tests/support/errors";
import { createTestUser } from "@/tests/support/users";

// The scheduler against real PostgreSQL and Redis, with booking and payments through the booking harness (the fake
// provider's refund failure switch stands for a provider outage). Times are on the test cinema's wall clock
// (Europe/London), on days computed from the real date.
const MAX_REFUND_ATTEMPTS = 3;
const h = withBookingHarness({ booking: { maxRefundAttempts: MAX_REFUND_ATTEMPTS } });

function scheduler() {
  const mailer = createMailer({ db: h.services.db, config: { from: "Marquee <tickets@marquee.test>", devMailbox: true } });
  return createScheduling({
    db: h.services.db,
    audit: h.services.audit,
    mailer,
    booking: h.booking,
    inventory: h.services.inventory,
    prices: h.services.prices,
    programme: h.services.programme,
    events: h.events,
    now: h.clock.now,
    log: { error: () => {} },
  });
}

/** A day `n` days after the clock's today, in London. */
const day = (n: number) => addDaysToKey(dayKeyIn(h.clock.now(), "Europe/London"), n);

async function setting() {
  // A cinema with one hall, a 100-minute film and a price plan (and one screening two days ahead, at the clock's time).
  const show = await createBookingScreening(h.services.db, h.clock);
  const screening = await h.services.db.screening.findUniqueOrThrow({
    where: { id: show.screeningId },
    select: { filmId: true, hall: { select: { cinemaId: true } } },
  });
  const { user: admin } = await createTestUser(h.services, { role: "ADMIN" });
  return { show, filmId: screening.filmId, cinemaId: screening.hall.cinemaId, adminId: admin.id };
}

function run(s: Awaited<ReturnType<typeof setting>>, overrides: Partial<RunInput>): RunInput {
  return {
    filmId: s.filmId,
    hallId: s.show.hallId,
    pricePlanId: s.show.pricePlanId,
    format: "TWO_D",
    audioLanguage: "en",
    subtitleLanguage: null,
    daysOfWeek: [0, 1, 2, 3, 4, 5, 6],
    times: ["18:00"],
    fromDate: day(10),
    toDate: day(10),
    onSaleAt: null,
    ...overrides,
  };
}

describe("runs and conflicts", () => {
  it("lengthens the pre-show to the cinema's reel when its adverts and trailers outrun the configured minutes", async () => {
    const s = await setting();
    const at = new Date(`${day(10)}T00:00:00Z`);
    // Two adverts placed at this cinema only: 15 min + 10 min 10 s of reel rounds up to 26 minutes, over the configured 20.
    for (const durationSeconds of [15 * 60, 10 * 60 + 10]) {
      await h.services.db.advert.create({
        data: {
          title: `Trailer reel part (${durationSeconds} s)`,
          placement: "PRE_SHOW",
          startsAt: new Date(at.getTime() - 86_400_000),
          endsAt: new Date(at.getTime() + 3 * 86_400_000),
          cinemaIds: [s.cinemaId],
          durationSeconds,
        },
      });
    }
    const preview = await scheduler().previewRun(run(s, {}));
    expect(preview.preShowMinutes).toBe(26);
    const { screeningIds } = await scheduler().createRun({ ...run(s, {}), actorId: s.adminId });
    const row = await h.services.db.screening.findUniqueOrThrow({ where: { id: screeningIds[0]! } });
    expect(row.preShowMinutes).toBe(26);
    expect(row.endsAt.getTime() - row.startsAt.getTime()).toBe((26 + 100 + 15) * 60_000);
  });

  it("gives each screening of a run priced 'by time band' the cinema's plan for its start", async () => {
    const s = await setting();
    const db = h.services.db;
    const matinee = await db.pricePlan.create({ data: { cinemaId: s.cinemaId, name: "Matinee", currency: "GBP", band: "MATINEE" } });
    const evening = await db.pricePlan.create({ data: { cinemaId: s.cinemaId, name: "Evening", currency: "GBP", band: "EVENING" } });
    // One Wednesday (a weekday: no weekend band) within the week, at a matinee and an evening time.
    const values = run(s, { pricePlanId: PLAN_BY_TIME_BAND, daysOfWeek: [3], times: ["11:00", "19:00"], fromDate: day(10), toDate: day(16) });
    const preview = await scheduler().previewRun(values);
    expect(preview.screenings.map((x) => x.pricePlanName)).toEqual(["Matinee", "Evening"]);
    const { screeningIds } = await scheduler().createRun({ ...values, actorId: s.adminId });
    const rows = await db.screening.findMany({ where: { id: { in: screeningIds } }, orderBy: { startsAt: "asc" }, select: { pricePlanId: true } });
    expect(rows.map((r) => r.pricePlanId)).toEqual([matinee.id, evening.id]);
  });

  it("refuses a run priced by time band when no plan of the cinema fits, naming the screening", async () => {
    const s = await setting();
    await h.services.db.pricePlan.updateMany({ where: { cinemaId: s.cinemaId }, data: { active: false } });
    const values = run(s, { pricePlanId: PLAN_BY_TIME_BAND });
    await expect(scheduler().previewRun(values)).rejects.toMatchObject({ code: "BAD_REQUEST", details: { field: "pricePlanId" } });
    await expect(scheduler().createRun({ ...values, actorId: s.adminId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await h.services.db.screening.count({ where: { hall: { cinemaId: s.cinemaId }, startsAt: { gte: new Date(`${day(9)}T00:00:00Z`) } } })).toBe(0);
  });

  it("counts pre-show and cleaning in the block: a start inside the last screening's cleaning is a conflict", async () => {
    const s = await setting();
    const scheduling = scheduler();
    // 20 minutes of pre-show, 100 of film, 15 of cleaning: 18:00–20:15.
    const { screeningIds } = await scheduling.createRun({ ...run(s, {}), actorId: s.adminId });
    const row = await h.services.db.screening.findUniqueOrThrow({ where: { id: screeningIds[0]! } });
    expect(row).toMatchObject({ preShowMinutes: 20, cleaningMinutes: 15, publishedAt: null, status: "SCHEDULED" });
    expect(row.endsAt.getTime() - row.startsAt.getTime()).toBe(135 * 60_000);

    const inCleaning = await scheduling.previewRun(run(s, { times: ["20:10"] }));
    expect(inCleaning.conflicts).toHaveLength(1);
    expect(inCleaning.conflicts[0]).toMatchObject({ kind: "existing", withScreeningId: screeningIds[0], withFilmTitle: "Seat Wars" });
    expect(inCleaning.conflicts[0]!.message).toContain("is taken by Seat Wars");

    // 15:50 + 135 minutes = 18:05: this run's own cleaning runs into the next block's pre-show.
    expect((await scheduling.previewRun(run(s, { times: ["15:50"] }))).conflicts).toHaveLength(1);
    const free = await scheduling.previewRun(run(s, { times: ["20:15", "15:45"] }));
    expect(free.conflicts).toEqual([]);
    expect(free.screenings.map((x) => x.startsAtLocal)).toEqual([`${day(10)}T15:45`, `${day(10)}T20:15`]);

    // Saving a run with a conflict refuses all of it.
    const before = await h.services.db.screening.count({ where: { hallId: s.show.hallId } });
    await expectAppError(scheduling.createRun({ ...run(s, { times: ["13:00", "20:10"] }), actorId: s.adminId }), "CONFLICT", "HALL_OVERLAP");
    expect(await h.services.db.screening.count({ where: { hallId: s.show.hallId } })).toBe(before);
  });

  it("reports every clash within the run itself before saving", async () => {
    const s = await setting();
    const scheduling = scheduler();
    const preview = await scheduling.previewRun(run(s, { fromDate: day(20), toDate: day(22), times: ["12:00", "13:00"] }));
    expect(preview.screenings).toHaveLength(6);
    const withinRun = preview.conflicts.filter((c) => c.kind === "within-run");
    expect(withinRun).toHaveLength(3);
    expect(withinRun[0]!.message).toContain("overlaps this run's own screening at 12:00");
  });

  it("only runs on the chosen days and refuses a start in the past, with the field named", async () => {
    const s = await setting();
    const scheduling = scheduler();
    const weekday = new Date(`${day(30)}T12:00:00Z`).getUTCDay();
    const preview = await scheduling.previewRun(run(s, { fromDate: day(30), toDate: day(36), daysOfWeek: [weekday] }));
    expect(preview.screenings).toHaveLength(1);
    const past = await expectAppError(scheduling.previewRun(run(s, { fromDate: day(-1), toDate: day(-1) })), "BAD_REQUEST");
    expect((past as { details?: { field?: string } }).details?.field).toBe("fromDate");
  });

  it("maps the exclusion constraint's refusal to a CONFLICT naming the screening in the way", async () => {
    const s = await setting();
    const existing = await h.services.db.screening.findUniqueOrThrow({ where: { id: s.show.screeningId } });
    // Straight to the insert, past the preview: the database is the last word.
    const error = await expectAppError(
      h.services.db.$transaction((tx) =>
        insertScreening(
          tx,
          {
            filmId: s.filmId,
            hallId: s.show.hallId,
            pricePlanId: s.show.pricePlanId,
            format: "TWO_D",
            audioLanguage: "en",
            subtitleLanguage: null,
            startsAt: new Date(existing.startsAt.getTime() + 30 * 60_000),
            endsAt: new Date(existing.startsAt.getTime() + 200 * 60_000),
            preShowMinutes: 20,
            cleaningMinutes: 15,
            onSaleAt: h.clock.now(),
            publishedAt: null,
          },
          h.services.db,
        ),
      ),
      "CONFLICT",
      "HALL_OVERLAP",
    );
    expect((error as Error).message).toMatch(/is taken by Seat Wars on .* \(including its pre-show and cleaning\)/);
  });

  it("uses the hall's timing over the cinema's", async () => {
    const s = await setting();
    const scheduling = scheduler();
    await scheduling.setTiming({ actorId: s.adminId, cinemaId: s.cinemaId, hallId: null, preShowMinutes: 25, cleaningMinutes: 10 });
    await scheduling.setTiming({ actorId: s.adminId, cinemaId: s.cinemaId, hallId: s.show.hallId, preShowMinutes: null, cleaningMinutes: 30 });
    const preview = await scheduling.previewRun(run(s, { fromDate: day(40), toDate: day(40) }));
    expect(preview).toMatchObject({ preShowMinutes: 25, cleaningMinutes: 30, runtimeMinutes: 100 });
    const settings = await scheduling.timingSettings({ cinemaId: s.cinemaId });
    expect(settings.cinema).toMatchObject({ preShowMinutes: 25, cleaningMinutes: 10 });
    expect(settings.halls[0]).toMatchObject({ preShowMinutes: null, cleaningMinutes: 30 });
  });
});

describe("publishing and the on-sale date", () => {
  it("keeps drafts invisible and unbookable until published, and refuses holds before the on-sale date", async () => {
    const s = await setting();
    const scheduling = scheduler();
    const catalogue = createCatalogue({ db: h.services.db, now: h.clock.now });
    const onSale = `${day(3)}T10:00`;
    const { screeningIds } = await scheduling.createRun({ ...run(s, { fromDate: day(5), toDate: day(5), onSaleAt: onSale }), actorId: s.adminId });
    const id = screeningIds[0]!;
    await expectAppError(catalogue.screeningById(id), "NOT_FOUND");
    await expectAppError(h.booking.openBasket({ screeningId: id, holderKey: guestKey() }), "CONFLICT", "NOT_ON_SALE");

    const week = await scheduling.weekView({ cinemaId: s.cinemaId, weekStart: day(5) });
    expect(week.unpublished).toBeGreaterThanOrEqual(1);
    const { published } = await scheduling.publishWeek({ actorId: s.adminId, cinemaId: s.cinemaId, weekStart: day(5) });
    expect(published).toBeGreaterThanOrEqual(1);
    await h.services.inventory.rebuild(id);

    const details = await catalogue.screeningById(id);
    expect(details.onSale).toBe(false);
    expect(details.featureStartsAt.getTime() - details.startsAt.getTime()).toBe(20 * 60_000);
    const refusal = await expectAppError(h.booking.openBasket({ screeningId: id, holderKey: guestKey() }), "CONFLICT", "NOT_ON_SALE");
    expect((refusal as Error).message).toContain("go on sale on");

    h.clock.set(new Date(`${day(3)}T12:00:00Z`).getTime());
    try {
      await expect(h.booking.openBasket({ screeningId: id, holderKey: guestKey() })).resolves.toMatchObject({ id: expect.any(String) });
      expect((await catalogue.screeningById(id)).onSale).toBe(true);
    } finally {
      h.clock.set(Date.now());
    }
  });
});

describe("editing a screening", () => {
  it("moves a screening without sales freely, and refuses a stale version", async () => {
    const s = await setting();
    const scheduling = scheduler();
    const { screeningIds } = await scheduling.createRun({ ...run(s, { fromDate: day(12), toDate: day(12) }), actorId: s.adminId });
    const block = (await scheduling.weekView({ cinemaId: s.cinemaId, weekStart: day(12) })).lanes[0]!.blocks.find((b) => b.id === screeningIds[0])!;
    const edit = {
      id: block.id,
      version: block.version,
      filmId: s.filmId,
      hallId: s.show.hallId,
      pricePlanId: s.show.pricePlanId,
      format: "IMAX" as const,
      audioLanguage: "fr",
      subtitleLanguage: "en",
      startsAt: `${day(12)}T21:00`,
      onSaleAt: block.onSaleAtLocal,
    };
    await expect(scheduling.updateScreening({ ...edit, actorId: s.adminId })).resolves.toEqual({ emailed: 0 });
    const moved = await h.services.db.screening.findUniqueOrThrow({ where: { id: block.id } });
    expect(moved).toMatchObject({ format: "IMAX", audioLanguage: "fr", version: block.version + 1 });
    await expectAppError(scheduling.updateScreening({ ...edit, actorId: s.adminId }), "CONFLICT", "STALE_VERSION");
    const audit = await h.services.db.auditLog.findFirstOrThrow({ where: { entityId: block.id, action: "screening.updated" } });
    expect(audit.details).toMatchObject({ before: { format: "TWO_D" }, after: { format: "IMAX" } });
  });

  it("with sales: refuses a change of film or hall, allows a new time and emails the paying customers", async () => {
    const s = await setting();
    const scheduling = scheduler();
    const paid = await paidOrder(h, s.show, ["A1", "A2"]);
    const current = await h.services.db.screening.findUniqueOrThrow({ where: { id: s.show.screeningId }, include: { hall: true } });
    const other = await createBookingScreening(h.services.db, h.clock);
    const base = {
      id: current.id,
      version: current.version,
      filmId: current.filmId,
      hallId: current.hallId,
      pricePlanId: current.pricePlanId,
      format: current.format,
      audioLanguage: current.audioLanguage,
      subtitleLanguage: current.subtitleLanguage,
      startsAt: `${day(4)}T19:30`,
      onSaleAt: `${day(-1)}T09:00`,
      actorId: s.adminId,
    };
    const otherFilm = (await h.services.db.screening.findUniqueOrThrow({ where: { id: other.screeningId } })).filmId;
    const filmChange = await expectAppError(scheduling.updateScreening({ ...base, filmId: otherFilm }), "CONFLICT", "HAS_SALES");
    expect((filmChange as Error).message).toContain("the film can't change");
    await expectAppError(scheduling.updateScreening({ ...base, hallId: other.hallId }), "CONFLICT", "HAS_SALES");

    await expect(scheduling.updateScreening(base)).resolves.toEqual({ emailed: 1 });
    const mail = await mailTo(h.services.db, paid.customer);
    const changed = mail.find((m) => m.tag === "screening-changed");
    expect(changed?.subject).toContain("New time for Seat Wars");
    expect(changed?.text).toContain("19:30");
    // The tickets stay sold, in the same seats.
    expect((await orderRow(h.services.db, paid.orderId)).tickets.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
  });
});

describe("cancelling a screening with sales", () => {
  async function cancelledWithOrders() {
    const s = await setting();
    const scheduling = scheduler();
    const first = await paidOrder(h, s.show, ["A1", "A2"]);
    const second = await paidOrder(h, s.show, ["B1"]);
    const basket = await holdSeats(h, s.show, ["C1"]);
    const version = (await h.services.db.screening.findUniqueOrThrow({ where: { id: s.show.screeningId } })).version;
    const { cancellationId } = await scheduling.cancelScreening({ id: s.show.screeningId, version, reason: "a projector fault", actorId: s.adminId });
    return { s, scheduling, first, second, basket, cancellationId };
  }

  const runFunction = (scheduling: ReturnType<typeof scheduler>, screeningId: string, cancellationId: string) =>
    new InngestTestEngine({
      function: createScreeningCancellation({ booking: () => h.booking, scheduling: () => scheduling }),
      events: [{ name: "screening/cancelled", data: { screeningId, cancellationId } }],
    }).execute();

  it("stops sales at once, then refunds, releases and emails every order through the function; a re-run refunds nothing twice", async () => {
    const { s, scheduling, first, second, basket, cancellationId } = await cancelledWithOrders();
    expect(h.events.published).toContainEqual(expect.objectContaining({ name: "screening/cancelled", data: { screeningId: s.show.screeningId, cancellationId } }));
    await expectAppError(h.booking.openBasket({ screeningId: s.show.screeningId, holderKey: guestKey() }), "CONFLICT", "SCREENING_CANCELLED");
    expect(await scheduling.cancellationProgress({ screeningId: s.show.screeningId })).toMatchObject({ total: 3, pending: 3, done: false });

    const calls = h.fake.controls.refundCalls;
    const { result, error } = await runFunction(scheduling, s.show.screeningId, cancellationId);
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ total: 3, refunded: 2, released: 1, failed: 0, pending: 0, done: true });
    expect(h.fake.controls.refundCalls - calls).toBe(2);

    for (const order of [first, second]) {
      const row = await orderRow(h.services.db, order.orderId);
      expect(row.status).toBe("REFUNDED");
      expect(row.tickets.every((t) => t.status === "REFUNDED")).toBe(true);
      const mail = (await mailTo(h.services.db, order.customer)).filter((m) => m.tag === "screening-cancelled");
      expect(mail).toHaveLength(1);
      expect(mail[0]!.text).toContain("a projector fault");
      expect(mail[0]!.text).toContain("£");
    }
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("CANCELLED");
    const live = await h.services.db.ticket.count({ where: { screeningId: s.show.screeningId, status: { in: ["HELD", "SOLD"] } } });
    expect(live).toBe(0);

    // Again through the function and through the button's one-call path: nothing more refunded or sent.
    await runFunction(scheduling, s.show.screeningId, cancellationId);
    await scheduling.processCancellation({ cancellationId, includeFailed: true });
    expect(h.fake.controls.refundCalls - calls).toBe(2);
    expect(await h.services.db.refund.count({ where: { orderId: { in: [first.orderId, second.orderId] } } })).toBe(2);
    expect((await mailTo(h.services.db, first.customer)).filter((m) => m.tag === "screening-cancelled")).toHaveLength(1);
  });

  it("survives a provider failure: the failing refund is recorded and retried, and one given up on stays visible", async () => {
    const { s, scheduling, first, second, cancellationId } = await cancelledWithOrders();
    // The first attempt of the first refund fails: the function's step throws (the engine would retry it).
    h.fake.controls.failRefunds = 1;
    const { error } = await runFunction(scheduling, s.show.screeningId, cancellationId);
    expect(error).toBeDefined();
    const during = await scheduling.cancellationProgress({ screeningId: s.show.screeningId });
    expect(during).toMatchObject({ done: false });
    expect(during!.failures[0]!.error).toContain("retrying");

    // The retry (modelled as running again) finishes it.
    const { result } = await runFunction(scheduling, s.show.screeningId, cancellationId);
    expect(result).toMatchObject({ refunded: 2, released: 1, failed: 0, done: true, failures: [] });
    expect(await h.services.db.refund.findMany({ where: { orderId: { in: [first.orderId, second.orderId] } }, select: { status: true } })).toEqual([
      { status: "SUCCEEDED" },
      { status: "SUCCEEDED" },
    ]);
  });

  it("records a refund the provider keeps refusing as failed, never lost, and the inline path finishes the rest", async () => {
    const { s, scheduling, cancellationId } = await cancelledWithOrders();
    h.fake.controls.failRefunds = 1000;
    try {
      // Without the engine: the button's path, run until payments gives up on the refunds (MAX_REFUND_ATTEMPTS).
      for (let attempt = 0; attempt < MAX_REFUND_ATTEMPTS; attempt++) await scheduling.processCancellation({ cancellationId });
    } finally {
      h.fake.controls.failRefunds = 0;
    }
    const progress = await scheduling.cancellationProgress({ screeningId: s.show.screeningId });
    expect(progress).toMatchObject({ total: 3, refunded: 0, released: 1, failed: 2, pending: 0, done: true });
    expect(progress!.failures).toHaveLength(2);
    expect(progress!.failures[0]!.error).toContain("Needs attention");
    expect(await h.services.db.order.count({ where: { screeningId: s.show.screeningId, needsAttention: true } })).toBe(2);
  });

  it("refuses to cancel twice, and a stale version", async () => {
    const { s, scheduling } = await cancelledWithOrders();
    await expectAppError(scheduling.cancelScreening({ id: s.show.screeningId, version: 99, reason: "again", actorId: s.adminId }), "CONFLICT");
    const fresh = await createBookingScreening(h.services.db, h.clock);
    await expectAppError(scheduling.cancelScreening({ id: fresh.screeningId, version: 7, reason: "stale", actorId: s.adminId }), "CONFLICT", "STALE_VERSION");
  });
});

