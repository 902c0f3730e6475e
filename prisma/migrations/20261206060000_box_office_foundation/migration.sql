-- The box office's shared ground (issue 11): a manager role, staff's home cinema, tills and shifts with an
-- append-only cash record, concession products with stock per cinema, and the columns that tie an order, its
-- tenders and its refunds to the clerk and the shift (till drawer) that handled them.

ALTER TYPE "Role" ADD VALUE 'MANAGER' BEFORE 'ADMIN';

ALTER TABLE "User"
  ADD COLUMN "homeCinemaId" TEXT,
  ADD COLUMN "managerPinHash" TEXT;
ALTER TABLE "User" ADD CONSTRAINT "User_homeCinemaId_fkey" FOREIGN KEY ("homeCinemaId") REFERENCES "Cinema"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Tills and shifts.
CREATE TABLE "Till" (
  "id" TEXT NOT NULL,
  "cinemaId" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Till_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Till_cinemaId_name_key" ON "Till" ("cinemaId", "name");
ALTER TABLE "Till" ADD CONSTRAINT "Till_cinemaId_fkey" FOREIGN KEY ("cinemaId") REFERENCES "Cinema"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TYPE "ShiftStatus" AS ENUM ('OPEN', 'CLOSED');
CREATE TABLE "Shift" (
  "id" TEXT NOT NULL,
  "tillId" TEXT NOT NULL,
  "cinemaId" TEXT NOT NULL,
  "staffId" TEXT NOT NULL,
  "currency" CHAR(3) NOT NULL,
  "status" "ShiftStatus" NOT NULL DEFAULT 'OPEN',
  "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "floatAmount" INTEGER NOT NULL,
  "closedAt" TIMESTAMP(3),
  "closedById" TEXT,
  "countedCashAmount" INTEGER,
  "countedDenominations" JSONB,
  "expectedCashAmount" INTEGER,
  "varianceAmount" INTEGER,
  "varianceApprovedById" TEXT,
  "varianceNote" TEXT,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "Shift_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "shift_float_non_negative" CHECK ("floatAmount" >= 0),
  CONSTRAINT "shift_closed_complete" CHECK (
    ("status" = 'OPEN' AND "closedAt" IS NULL)
    OR ("status" = 'CLOSED' AND "closedAt" IS NOT NULL AND "countedCashAmount" IS NOT NULL
        AND "expectedCashAmount" IS NOT NULL AND "varianceAmount" = "countedCashAmount" - "expectedCashAmount")
  )
);
CREATE INDEX "Shift_cinemaId_openedAt_idx" ON "Shift" ("cinemaId", "openedAt");
CREATE INDEX "Shift_staffId_status_idx" ON "Shift" ("staffId", "status");
CREATE UNIQUE INDEX "shift_one_open_per_till" ON "Shift" ("tillId") WHERE "status" = 'OPEN';
CREATE UNIQUE INDEX "shift_one_open_per_staff" ON "Shift" ("staffId") WHERE "status" = 'OPEN';
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_tillId_fkey" FOREIGN KEY ("tillId") REFERENCES "Till"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_cinemaId_fkey" FOREIGN KEY ("cinemaId") REFERENCES "Cinema"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_closedById_fkey" FOREIGN KEY ("closedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Shift" ADD CONSTRAINT "Shift_varianceApprovedById_fkey" FOREIGN KEY ("varianceApprovedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A closed shift is history: nothing about it changes, except a manager's variance sign-off being added once.
CREATE FUNCTION shift_closed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'CLOSED' THEN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'shift % is closed and cannot be deleted', OLD."id" USING ERRCODE = 'check_violation';
    END IF;
    IF OLD."varianceApprovedById" IS NULL AND NEW."varianceApprovedById" IS NOT NULL
       AND (to_jsonb(NEW) - 'varianceApprovedById' - 'varianceNote' - 'updatedAt')
         = (to_jsonb(OLD) - 'varianceApprovedById' - 'varianceNote' - 'updatedAt') THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'shift % is closed: record a correction instead', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER "shift_closed_is_final" BEFORE UPDATE OR DELETE ON "Shift"
  FOR EACH ROW EXECUTE FUNCTION shift_closed_is_final();

CREATE TYPE "CashMovementKind" AS ENUM ('DROP', 'PAYOUT', 'PAY_IN', 'CORRECTION');
CREATE TABLE "CashMovement" (
  "id" TEXT NOT NULL,
  "shiftId" TEXT NOT NULL,
  "kind" "CashMovementKind" NOT NULL,
  "amount" INTEGER NOT NULL,
  "reason" TEXT NOT NULL,
  "userId" TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "CashMovement_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "cash_movement_sign" CHECK (
    ("kind" IN ('DROP', 'PAYOUT') AND "amount" < 0) OR ("kind" = 'PAY_IN' AND "amount" > 0)
    OR ("kind" = 'CORRECTION' AND "amount" <> 0)
  ),
  CONSTRAINT "cash_movement_reason" CHECK (length(btrim("reason")) > 0)
);
CREATE INDEX "CashMovement_shiftId_createdAt_idx" ON "CashMovement" ("shiftId", "createdAt");
ALTER TABLE "CashMovement" ADD CONSTRAINT "CashMovement_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "Shift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "CashMovement" ADD CONSTRAINT "CashMovement_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER "cash_movement_append_only" BEFORE UPDATE OR DELETE ON "CashMovement"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Only CORRECTION may be recorded against a closed shift; drops, payouts and pay-ins need the drawer open.
CREATE FUNCTION cash_movement_needs_open_shift() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."kind" <> 'CORRECTION' AND EXISTS (SELECT 1 FROM "Shift" WHERE "id" = NEW."shiftId" AND "status" = 'CLOSED') THEN
    RAISE EXCEPTION 'shift % is closed', NEW."shiftId" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "cash_movement_needs_open_shift" BEFORE INSERT ON "CashMovement"
  FOR EACH ROW EXECUTE FUNCTION cash_movement_needs_open_shift();

-- Orders: a counter sale of concessions alone has no screening, so an order names its cinema.
ALTER TABLE "Order"
  ALTER COLUMN "screeningId" DROP NOT NULL,
  ADD COLUMN "cinemaId" TEXT,
  ADD COLUMN "staffId" TEXT,
  ADD COLUMN "shiftId" TEXT;
UPDATE "Order" o SET "cinemaId" = h."cinemaId"
  FROM "Screening" s JOIN "Hall" h ON h."id" = s."hallId" WHERE s."id" = o."screeningId";
CREATE FUNCTION order_fill_cinema() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."cinemaId" IS NULL AND NEW."screeningId" IS NOT NULL THEN
    SELECT h."cinemaId" INTO NEW."cinemaId" FROM "Screening" s JOIN "Hall" h ON h."id" = s."hallId"
      WHERE s."id" = NEW."screeningId";
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "order_fill_cinema" BEFORE INSERT ON "Order" FOR EACH ROW EXECUTE FUNCTION order_fill_cinema();
ALTER TABLE "Order" ADD CONSTRAINT "order_has_place" CHECK ("cinemaId" IS NOT NULL);
CREATE INDEX "Order_shiftId_idx" ON "Order" ("shiftId");
CREATE INDEX "Order_cinemaId_createdAt_idx" ON "Order" ("cinemaId", "createdAt");
ALTER TABLE "Order" ADD CONSTRAINT "Order_cinemaId_fkey" FOREIGN KEY ("cinemaId") REFERENCES "Cinema"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Order" ADD CONSTRAINT "Order_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Order" ADD CONSTRAINT "Order_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "Shift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Ticket" ADD COLUMN "checkedInById" TEXT;
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_checkedInById_fkey" FOREIGN KEY ("checkedInById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Payment"
  ADD COLUMN "shiftId" TEXT,
  ADD COLUMN "tenderedAmount" INTEGER,
  ADD COLUMN "changeAmount" INTEGER,
  ADD COLUMN "note" TEXT,
  ADD COLUMN "approvedById" TEXT;
ALTER TABLE "Payment" ADD CONSTRAINT "payment_cash_change" CHECK (
  ("tenderedAmount" IS NULL AND "changeAmount" IS NULL)
  OR ("changeAmount" >= 0 AND "tenderedAmount" - "changeAmount" = "amount")
);
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "Shift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "Payment_shiftId_idx" ON "Payment" ("shiftId");

ALTER TABLE "Refund"
  ADD COLUMN "reasonCode" TEXT,
  ADD COLUMN "staffId" TEXT,
  ADD COLUMN "approvedById" TEXT,
  ADD COLUMN "shiftId" TEXT;
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "Shift"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "Refund_shiftId_idx" ON "Refund" ("shiftId");

-- Money can't be taken into or paid out of a closed drawer.
CREATE FUNCTION money_needs_open_shift() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."shiftId" IS NOT NULL AND (TG_OP = 'INSERT' OR NEW."shiftId" IS DISTINCT FROM OLD."shiftId")
     AND EXISTS (SELECT 1 FROM "Shift" WHERE "id" = NEW."shiftId" AND "status" = 'CLOSED') THEN
    RAISE EXCEPTION 'shift % is closed', NEW."shiftId" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "payment_needs_open_shift" BEFORE INSERT OR UPDATE OF "shiftId" ON "Payment"
  FOR EACH ROW EXECUTE FUNCTION money_needs_open_shift();
CREATE TRIGGER "refund_needs_open_shift" BEFORE INSERT OR UPDATE OF "shiftId" ON "Refund"
  FOR EACH ROW EXECUTE FUNCTION money_needs_open_shift();

-- Concessions.
CREATE TABLE "Product" (
  "id" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "category" TEXT NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "currency" CHAR(3) NOT NULL,
  "priceAmount" INTEGER NOT NULL,
  "imageKey" TEXT,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "sortOrder" INTEGER NOT NULL DEFAULT 0,
  "version" INTEGER NOT NULL DEFAULT 1,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "Product_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "product_price_non_negative" CHECK ("priceAmount" >= 0)
);

CREATE TABLE "ProductStock" (
  "productId" TEXT NOT NULL,
  "cinemaId" TEXT NOT NULL,
  "quantity" INTEGER NOT NULL,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "ProductStock_pkey" PRIMARY KEY ("productId", "cinemaId"),
  CONSTRAINT "product_stock_never_negative" CHECK ("quantity" >= 0)
);
ALTER TABLE "ProductStock" ADD CONSTRAINT "ProductStock_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ProductStock" ADD CONSTRAINT "ProductStock_cinemaId_fkey" FOREIGN KEY ("cinemaId") REFERENCES "Cinema"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "StockMovement" (
  "id" TEXT NOT NULL,
  "productId" TEXT NOT NULL,
  "cinemaId" TEXT NOT NULL,
  "delta" INTEGER NOT NULL,
  "reason" TEXT NOT NULL,
  "orderId" TEXT,
  "userId" TEXT,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "StockMovement_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "stock_movement_non_zero" CHECK ("delta" <> 0)
);
CREATE INDEX "StockMovement_productId_cinemaId_createdAt_idx" ON "StockMovement" ("productId", "cinemaId", "createdAt");
CREATE INDEX "StockMovement_orderId_idx" ON "StockMovement" ("orderId");
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_cinemaId_fkey" FOREIGN KEY ("cinemaId") REFERENCES "Cinema"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE TRIGGER "stock_movement_append_only" BEFORE UPDATE OR DELETE ON "StockMovement"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TYPE "OrderItemStatus" AS ENUM ('RESERVED', 'SOLD', 'RELEASED', 'REFUNDED');
CREATE TABLE "OrderItem" (
  "id" TEXT NOT NULL,
  "orderId" TEXT NOT NULL,
  "productId" TEXT NOT NULL,
  "quantity" INTEGER NOT NULL,
  "currency" CHAR(3) NOT NULL,
  "unitPriceAmount" INTEGER NOT NULL,
  "status" "OrderItemStatus" NOT NULL DEFAULT 'RESERVED',
  "collectedAt" TIMESTAMP(3),
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "OrderItem_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "order_item_quantity_positive" CHECK ("quantity" > 0),
  CONSTRAINT "order_item_price_non_negative" CHECK ("unitPriceAmount" >= 0)
);
CREATE INDEX "OrderItem_orderId_idx" ON "OrderItem" ("orderId");
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
