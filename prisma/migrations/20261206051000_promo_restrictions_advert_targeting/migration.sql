-- Promo codes: per-customer limit, minimum tickets, restrictions (films, cinemas, ticket types, days of week) and the
-- batch a single-use code was generated in. Empty arrays mean "no restriction", so existing codes keep working as
-- before. Ticket types are text codes (ADULT, CHILD, ...), not the TicketType enum, so that a later per-cinema
-- ticket-type model fits without another migration.
ALTER TABLE "PromoCode"
  ADD COLUMN "perCustomerLimit" INTEGER,
  ADD COLUMN "minTickets" INTEGER NOT NULL DEFAULT 1,
  ADD COLUMN "filmIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "cinemaIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "ticketTypes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "daysOfWeek" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[],
  ADD COLUMN "batchId" TEXT;

ALTER TABLE "PromoCode"
  ADD CONSTRAINT "promo_code_per_customer_limit" CHECK ("perCustomerLimit" IS NULL OR "perCustomerLimit" >= 1),
  ADD CONSTRAINT "promo_code_min_tickets" CHECK ("minTickets" >= 1),
  -- ISO days: 1 = Monday … 7 = Sunday.
  ADD CONSTRAINT "promo_code_days_of_week" CHECK ("daysOfWeek" <@ ARRAY[1, 2, 3, 4, 5, 6, 7]);

CREATE INDEX "PromoCode_batchId_idx" ON "PromoCode"("batchId");

-- Counting a customer's uses of a code reads their orders with that code.
CREATE INDEX "Order_promoCodeId_userId_idx" ON "Order"("promoCodeId", "userId");
CREATE INDEX "Order_promoCodeId_email_idx" ON "Order"("promoCodeId", "email");

-- Adverts: the cinemas they run at (empty = every cinema), a pre-show length, and the film a pre-show advert is the
-- trailer of.
ALTER TABLE "Advert"
  ADD COLUMN "cinemaIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "durationSeconds" INTEGER,
  ADD COLUMN "filmId" TEXT;

ALTER TABLE "Advert"
  ADD CONSTRAINT "advert_duration_seconds" CHECK ("durationSeconds" IS NULL OR ("durationSeconds" BETWEEN 1 AND 900)),
  ADD CONSTRAINT "Advert_filmId_fkey" FOREIGN KEY ("filmId") REFERENCES "Film"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Existing pre-show adverts get a 30-second slot so the reel can be timed.
UPDATE "Advert" SET "durationSeconds" = 30 WHERE "placement" = 'PRE_SHOW' AND "durationSeconds" IS NULL;

CREATE INDEX "Advert_filmId_idx" ON "Advert"("filmId");
