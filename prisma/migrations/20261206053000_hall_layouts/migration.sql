-- Cinemas and halls become editable: a currency per cinema, version columns for the admin's "changed by someone
-- else" check, and layout versions so that changing a hall's seats never touches a seat a screening already sold.

-- Cinema: currency (from the price plans its screenings use; GBP where it has none) and version.
ALTER TABLE "Cinema" ADD COLUMN "currency" CHAR(3) NOT NULL DEFAULT 'GBP';
ALTER TABLE "Cinema" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
UPDATE "Cinema" c
SET "currency" = used."currency"
FROM (
  SELECT DISTINCT ON (h."cinemaId") h."cinemaId", pp."currency"
  FROM "Screening" s
  JOIN "Hall" h ON h."id" = s."hallId"
  JOIN "PricePlan" pp ON pp."id" = s."pricePlanId"
  GROUP BY h."cinemaId", pp."currency"
  ORDER BY h."cinemaId", count(*) DESC
) used
WHERE used."cinemaId" = c."id";
ALTER TABLE "Cinema" ADD CONSTRAINT "cinema_currency_code" CHECK ("currency" ~ '^[A-Z]{3}$');

ALTER TABLE "Hall" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- Layout versions: a hall's current layout is its highest version.
CREATE TABLE "HallLayout" (
    "id" TEXT NOT NULL,
    "hallId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "gridRows" INTEGER NOT NULL,
    "gridCols" INTEGER NOT NULL,
    "screenPosition" "ScreenPosition" NOT NULL DEFAULT 'TOP',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "HallLayout_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "HallLayout_hallId_version_key" ON "HallLayout"("hallId", "version");
-- Lets a screening's (layoutId, hallId) reference a layout of its own hall (below).
CREATE UNIQUE INDEX "HallLayout_id_hallId_key" ON "HallLayout"("id", "hallId");
ALTER TABLE "HallLayout" ADD CONSTRAINT "HallLayout_hallId_fkey" FOREIGN KEY ("hallId") REFERENCES "Hall"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "HallLayout" ADD CONSTRAINT "HallLayout_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "HallLayout" ADD CONSTRAINT "hall_layout_grid_positive" CHECK ("gridRows" > 0 AND "gridCols" > 0 AND "version" > 0);

-- Backfill: version 1 of every hall holds the seats it has today.
INSERT INTO "HallLayout" ("id", "hallId", "version", "gridRows", "gridCols", "screenPosition", "createdAt")
SELECT 'layout_' || h."id", h."id", 1, h."gridRows", h."gridCols", h."screenPosition", h."createdAt" FROM "Hall" h;

-- Seats belong to a layout, not to the hall directly.
ALTER TABLE "Seat" ADD COLUMN "layoutId" TEXT;
UPDATE "Seat" SET "layoutId" = 'layout_' || "hallId";
ALTER TABLE "Seat" ALTER COLUMN "layoutId" SET NOT NULL;
DROP INDEX "Seat_hallId_rowLabel_number_key";
DROP INDEX "Seat_hallId_gridRow_gridCol_key";
ALTER TABLE "Seat" DROP CONSTRAINT "Seat_hallId_fkey";
ALTER TABLE "Seat" DROP COLUMN "hallId";
CREATE UNIQUE INDEX "Seat_layoutId_rowLabel_number_key" ON "Seat"("layoutId", "rowLabel", "number");
CREATE UNIQUE INDEX "Seat_layoutId_gridRow_gridCol_key" ON "Seat"("layoutId", "gridRow", "gridCol");
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_layoutId_fkey" FOREIGN KEY ("layoutId") REFERENCES "HallLayout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every screening is sold on one layout version of its own hall.
ALTER TABLE "Screening" ADD COLUMN "layoutId" TEXT;
UPDATE "Screening" SET "layoutId" = 'layout_' || "hallId";
ALTER TABLE "Screening" ALTER COLUMN "layoutId" SET NOT NULL;
CREATE INDEX "Screening_layoutId_idx" ON "Screening"("layoutId");
ALTER TABLE "Screening" ADD CONSTRAINT "Screening_layoutId_fkey" FOREIGN KEY ("layoutId") REFERENCES "HallLayout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Screening" ADD CONSTRAINT "screening_layout_of_its_hall" FOREIGN KEY ("layoutId", "hallId") REFERENCES "HallLayout"("id", "hallId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A seat taken out of use for one screening only (a seat blocked for every screening of a layout is Seat.blocked).
CREATE TABLE "ScreeningSeatBlock" (
    "screeningId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,

    CONSTRAINT "ScreeningSeatBlock_pkey" PRIMARY KEY ("screeningId", "seatId")
);
CREATE INDEX "ScreeningSeatBlock_seatId_idx" ON "ScreeningSeatBlock"("seatId");
ALTER TABLE "ScreeningSeatBlock" ADD CONSTRAINT "ScreeningSeatBlock_screeningId_fkey" FOREIGN KEY ("screeningId") REFERENCES "Screening"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScreeningSeatBlock" ADD CONSTRAINT "ScreeningSeatBlock_seatId_fkey" FOREIGN KEY ("seatId") REFERENCES "Seat"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ScreeningSeatBlock" ADD CONSTRAINT "ScreeningSeatBlock_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The last word on "a layout change never touches a sold seat" and "a blocked seat can't be held": a live ticket
-- must be for a seat of its screening's layout, and not for a seat blocked for that screening. Moving a screening
-- to a new layout or blocking a seat takes the exclusive form of the screening's advisory lock (server/venues);
-- a ticket insert takes the shared one, so it waits for such a change and then checks against what it committed.
CREATE FUNCTION "ticket_seat_usable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('screening-seats:' || NEW."screeningId"));
  IF NOT EXISTS (
    SELECT 1 FROM "Seat" s JOIN "Screening" sc ON sc."layoutId" = s."layoutId"
    WHERE s."id" = NEW."seatId" AND sc."id" = NEW."screeningId"
  ) THEN
    RAISE EXCEPTION 'seat % is not in the layout of screening %', NEW."seatId", NEW."screeningId"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ticket_seat_in_layout';
  END IF;
  IF EXISTS (
    SELECT 1 FROM "ScreeningSeatBlock" b WHERE b."screeningId" = NEW."screeningId" AND b."seatId" = NEW."seatId"
  ) THEN
    RAISE EXCEPTION 'seat % is blocked for screening %', NEW."seatId", NEW."screeningId"
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ticket_seat_not_blocked';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "ticket_seat_usable" BEFORE INSERT ON "Ticket"
  FOR EACH ROW WHEN (NEW."status" IN ('HELD', 'SOLD')) EXECUTE FUNCTION "ticket_seat_usable"();
