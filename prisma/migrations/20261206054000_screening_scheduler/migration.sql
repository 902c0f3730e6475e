-- The screenings scheduler (server/scheduling). A screening occupies its hall for one block:
--   startsAt ─ pre-show (adverts, trailers) ─ feature (the film's runtime) ─ cleaning ─ endsAt
-- so the exclusion constraint screening_no_overlap_in_hall (on startsAt..endsAt) covers the cleaning time too.
-- Customers are shown "film starts at" = startsAt + preShowMinutes beside the doors-open time.
ALTER TABLE "Screening"
  ADD COLUMN "preShowMinutes" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "cleaningMinutes" INTEGER NOT NULL DEFAULT 0,
  -- Existing screenings (and rows inserted without these columns: the seed's and tests' fixtures) are published and
  -- on sale: a NULL onSaleAt means "on sale once published". The scheduler writes both explicitly (a new screening
  -- is a draft, publishedAt NULL). Visibility is publishedAt IS NOT NULL, not compared with the clock, so a row
  -- stamped by the database a moment after an injected clock's "now" is visible all the same.
  ADD COLUMN "onSaleAt" TIMESTAMP(3),
  ADD COLUMN "publishedAt" TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- Backfill: what exists was already on the site and selling, so it was published when it was created.
UPDATE "Screening" SET "publishedAt" = "createdAt";

ALTER TABLE "Screening" ADD CONSTRAINT "screening_timing_non_negative" CHECK ("preShowMinutes" >= 0 AND "cleaningMinutes" >= 0);
-- The feature starts inside the block.
ALTER TABLE "Screening" ADD CONSTRAINT "screening_feature_inside_block"
  CHECK ("startsAt" + make_interval(mins => "preShowMinutes" + "cleaningMinutes") < "endsAt");
ALTER TABLE "Screening" ADD CONSTRAINT "screening_version_positive" CHECK ("version" >= 1);
CREATE INDEX "Screening_publishedAt_idx" ON "Screening" ("publishedAt");

-- Default pre-show and cleaning minutes: one row per cinema (hallId NULL), and optional per-hall overrides.
-- A NULL minute value on a hall row means "the cinema's value".
CREATE TABLE "ScreeningTimingSetting" (
  "id" TEXT NOT NULL,
  "cinemaId" TEXT NOT NULL,
  "hallId" TEXT,
  "preShowMinutes" INTEGER,
  "cleaningMinutes" INTEGER,
  "version" INTEGER NOT NULL DEFAULT 1,
  "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ScreeningTimingSetting_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "ScreeningTimingSetting" ADD CONSTRAINT "ScreeningTimingSetting_cinemaId_fkey" FOREIGN KEY ("cinemaId") REFERENCES "Cinema"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScreeningTimingSetting" ADD CONSTRAINT "ScreeningTimingSetting_hallId_fkey" FOREIGN KEY ("hallId") REFERENCES "Hall"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- One row per cinema and one per hall (NULLS NOT DISTINCT: only one cinema-wide row).
CREATE UNIQUE INDEX "ScreeningTimingSetting_cinemaId_hallId_key" ON "ScreeningTimingSetting" ("cinemaId", "hallId") NULLS NOT DISTINCT;
ALTER TABLE "ScreeningTimingSetting" ADD CONSTRAINT "screening_timing_setting_range"
  CHECK (("preShowMinutes" IS NULL OR "preShowMinutes" BETWEEN 0 AND 120) AND ("cleaningMinutes" IS NULL OR "cleaningMinutes" BETWEEN 0 AND 120));

-- Cancelling a screening with sales: one row per cancellation, one per order it has to settle. Progress is counted
-- from the order rows, so it can never drift from what was done.
CREATE TABLE "ScreeningCancellation" (
  "id" TEXT NOT NULL,
  "screeningId" TEXT NOT NULL,
  "actorId" TEXT,
  "reason" TEXT NOT NULL,
  "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "doneAt" TIMESTAMP(3),
  CONSTRAINT "ScreeningCancellation_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ScreeningCancellation_screeningId_key" ON "ScreeningCancellation" ("screeningId");
ALTER TABLE "ScreeningCancellation" ADD CONSTRAINT "ScreeningCancellation_screeningId_fkey" FOREIGN KEY ("screeningId") REFERENCES "Screening"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "ScreeningCancellation" ADD CONSTRAINT "ScreeningCancellation_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TYPE "CancellationOrderState" AS ENUM ('PENDING', 'REFUNDED', 'RELEASED', 'FAILED');

CREATE TABLE "ScreeningCancellationOrder" (
  "cancellationId" TEXT NOT NULL,
  "orderId" TEXT NOT NULL,
  "state" "CancellationOrderState" NOT NULL DEFAULT 'PENDING',
  "refundId" TEXT,
  "error" TEXT,
  "emailedAt" TIMESTAMP(3),
  "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "ScreeningCancellationOrder_pkey" PRIMARY KEY ("cancellationId", "orderId")
);
CREATE UNIQUE INDEX "ScreeningCancellationOrder_orderId_key" ON "ScreeningCancellationOrder" ("orderId");
ALTER TABLE "ScreeningCancellationOrder" ADD CONSTRAINT "ScreeningCancellationOrder_cancellationId_fkey" FOREIGN KEY ("cancellationId") REFERENCES "ScreeningCancellation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScreeningCancellationOrder" ADD CONSTRAINT "ScreeningCancellationOrder_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
