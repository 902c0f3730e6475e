-- Prices per cinema (issue 10, part 4).
--
-- Ticket types stop being a fixed enum: each cinema defines its own (the four standard ones plus custom ones such as
-- "Member" or "Carer") in "TicketType". Tickets and ticket prices keep naming their type by its code (the old enum
-- values ADULT, CHILD, SENIOR, STUDENT are codes too), so every existing ticket, order and price keeps its meaning.
-- Price plans belong to one cinema, carry a time band, an optional format and a booking fee; orders record the fee.

-- ─── Ticket type codes instead of the enum ───────────────────────────────────
ALTER TABLE "TicketPrice" ALTER COLUMN "ticketType" TYPE TEXT USING "ticketType"::text;
ALTER TABLE "Ticket" ALTER COLUMN "ticketType" TYPE TEXT USING "ticketType"::text;
-- The enum's name is wanted by the table below (a table's row type shares the namespace of types).
DROP TYPE "TicketType";

CREATE TABLE "TicketType" (
    "id" TEXT NOT NULL,
    "cinemaId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "note" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketType_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "TicketType_cinemaId_code_key" ON "TicketType"("cinemaId", "code");
ALTER TABLE "TicketType" ADD CONSTRAINT "TicketType_cinemaId_fkey" FOREIGN KEY ("cinemaId") REFERENCES "Cinema"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "TicketType" ADD CONSTRAINT "ticket_type_code_format" CHECK ("code" ~ '^[A-Z][A-Z0-9_]{0,31}$');

-- Every cinema sells the four standard types from the start, whoever creates it (the admin, the seed, a test): a
-- cinema without ticket types could sell nothing.
CREATE FUNCTION marquee_standard_ticket_types() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "TicketType" ("id", "cinemaId", "code", "name", "note", "sortOrder")
  VALUES
    ('tt_' || md5(NEW."id" || ':ADULT'), NEW."id", 'ADULT', 'Adult', NULL, 10),
    ('tt_' || md5(NEW."id" || ':CHILD'), NEW."id", 'CHILD', 'Child', 'Under 15', 20),
    ('tt_' || md5(NEW."id" || ':SENIOR'), NEW."id", 'SENIOR', 'Senior', '65 and over', 30),
    ('tt_' || md5(NEW."id" || ':STUDENT'), NEW."id", 'STUDENT', 'Student', 'Valid student ID required', 40)
  ON CONFLICT ("cinemaId", "code") DO NOTHING;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "cinema_standard_ticket_types" AFTER INSERT ON "Cinema"
  FOR EACH ROW EXECUTE FUNCTION marquee_standard_ticket_types();

INSERT INTO "TicketType" ("id", "cinemaId", "code", "name", "note", "sortOrder")
SELECT 'tt_' || md5(c."id" || ':' || t.code), c."id", t.code, t.name, t.note, t.sort
FROM "Cinema" c
CROSS JOIN (VALUES ('ADULT', 'Adult', NULL, 10), ('CHILD', 'Child', 'Under 15', 20),
                   ('SENIOR', 'Senior', '65 and over', 30), ('STUDENT', 'Student', 'Valid student ID required', 40))
  AS t(code, name, note, sort)
ON CONFLICT ("cinemaId", "code") DO NOTHING;

-- ─── Price plans per cinema ──────────────────────────────────────────────────
CREATE TYPE "PriceBand" AS ENUM ('ANY', 'MATINEE', 'EVENING', 'WEEKEND');
CREATE TYPE "BookingFeeMode" AS ENUM ('PER_ORDER', 'PER_TICKET');

ALTER TABLE "PricePlan"
  ADD COLUMN "cinemaId" TEXT,
  ADD COLUMN "band" "PriceBand" NOT NULL DEFAULT 'ANY',
  ADD COLUMN "format" "ScreeningFormat",
  ADD COLUMN "bookingFeeAmount" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "bookingFeeMode" "BookingFeeMode" NOT NULL DEFAULT 'PER_ORDER',
  ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Names are unique per cinema from now on (the copies below share their original's name).
DROP INDEX "PricePlan_name_key";

-- Plans used to be chain-wide. Each cinema that sells on a plan gets its own copy (the first cinema, by id, keeps the
-- original row), and a plan no screening uses is copied to every cinema, so no cinema loses a plan it could use and
-- a later price change at one cinema never moves another's prices.
CREATE TEMP TABLE plan_cinema AS
  SELECT DISTINCT s."pricePlanId" AS plan_id, h."cinemaId" AS cinema_id
  FROM "Screening" s JOIN "Hall" h ON h."id" = s."hallId";
INSERT INTO plan_cinema (plan_id, cinema_id)
  SELECT p."id", c."id" FROM "PricePlan" p CROSS JOIN "Cinema" c
  WHERE NOT EXISTS (SELECT 1 FROM plan_cinema pc WHERE pc.plan_id = p."id");
UPDATE "PricePlan" p SET "cinemaId" = (SELECT min(pc.cinema_id) FROM plan_cinema pc WHERE pc.plan_id = p."id");

CREATE TEMP TABLE plan_copy AS
  SELECT pc.plan_id, pc.cinema_id, 'pp_' || md5(pc.plan_id || ':' || pc.cinema_id) AS new_id
  FROM plan_cinema pc JOIN "PricePlan" p ON p."id" = pc.plan_id
  WHERE p."cinemaId" <> pc.cinema_id;
INSERT INTO "PricePlan" ("id", "name", "currency", "cinemaId")
  SELECT c.new_id, p."name", p."currency", c.cinema_id FROM plan_copy c JOIN "PricePlan" p ON p."id" = c.plan_id;
INSERT INTO "TicketPrice" ("pricePlanId", "ticketType", "amount")
  SELECT c.new_id, t."ticketType", t."amount" FROM plan_copy c JOIN "TicketPrice" t ON t."pricePlanId" = c.plan_id;
INSERT INTO "SeatKindSurcharge" ("pricePlanId", "seatKind", "amount")
  SELECT c.new_id, s."seatKind", s."amount" FROM plan_copy c JOIN "SeatKindSurcharge" s ON s."pricePlanId" = c.plan_id;
INSERT INTO "FormatSurcharge" ("pricePlanId", "format", "amount")
  SELECT c.new_id, f."format", f."amount" FROM plan_copy c JOIN "FormatSurcharge" f ON f."pricePlanId" = c.plan_id;
UPDATE "Screening" s SET "pricePlanId" = c.new_id
  FROM "Hall" h, plan_copy c
  WHERE h."id" = s."hallId" AND c.plan_id = s."pricePlanId" AND c.cinema_id = h."cinemaId";
-- A plan with no cinema at all to belong to (a database with plans but no cinemas) has nothing to price.
DELETE FROM "PricePlan" WHERE "cinemaId" IS NULL;
DROP TABLE plan_copy;
DROP TABLE plan_cinema;

ALTER TABLE "PricePlan" ALTER COLUMN "cinemaId" SET NOT NULL;
CREATE UNIQUE INDEX "PricePlan_cinemaId_name_key" ON "PricePlan"("cinemaId", "name");
ALTER TABLE "PricePlan" ADD CONSTRAINT "PricePlan_cinemaId_fkey" FOREIGN KEY ("cinemaId") REFERENCES "Cinema"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PricePlan" ADD CONSTRAINT "price_plan_booking_fee_non_negative" CHECK ("bookingFeeAmount" >= 0);

-- ─── The booking fee on orders ───────────────────────────────────────────────
ALTER TABLE "Order" ADD COLUMN "bookingFeeAmount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Order" DROP CONSTRAINT "order_amounts_valid";
-- The discount comes off the tickets only; the fee is added after it.
ALTER TABLE "Order" ADD CONSTRAINT "order_amounts_valid" CHECK (
  "subtotalAmount" >= 0 AND "discountAmount" >= 0 AND "discountAmount" <= "subtotalAmount" AND "bookingFeeAmount" >= 0
  AND "totalAmount" = "subtotalAmount" - "discountAmount" + "bookingFeeAmount"
);
