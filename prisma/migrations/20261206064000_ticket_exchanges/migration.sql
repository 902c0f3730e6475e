-- Ticket exchanges (issue 11): tickets of a paid order moved to another screening. The new seats are held in an
-- order of their own first; one transaction then retires the old tickets (REFUNDED, seats back on sale), sells the
-- new ones and writes the money rows for the price difference. This row is the link between the two orders and the
-- record of what the swap was worth.

CREATE TYPE "ExchangeStatus" AS ENUM ('HELD', 'COMPLETED', 'ABANDONED');

CREATE TABLE "Exchange" (
  "id" TEXT NOT NULL,
  "fromOrderId" TEXT NOT NULL,
  "toOrderId" TEXT NOT NULL,
  "ticketIds" TEXT[] NOT NULL,
  "status" "ExchangeStatus" NOT NULL DEFAULT 'HELD',
  "currency" CHAR(3) NOT NULL,
  "oldAmount" INTEGER NOT NULL,
  "newAmount" INTEGER NOT NULL,
  "differenceAmount" INTEGER NOT NULL,
  "staffId" TEXT,
  "approvedById" TEXT,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "completedAt" TIMESTAMP(3),
  CONSTRAINT "Exchange_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "exchange_difference" CHECK ("differenceAmount" = "newAmount" - "oldAmount"),
  CONSTRAINT "exchange_completed_at" CHECK (("status" = 'COMPLETED') = ("completedAt" IS NOT NULL))
);
CREATE UNIQUE INDEX "Exchange_toOrderId_key" ON "Exchange" ("toOrderId");
CREATE INDEX "Exchange_fromOrderId_idx" ON "Exchange" ("fromOrderId");
ALTER TABLE "Exchange" ADD CONSTRAINT "Exchange_fromOrderId_fkey" FOREIGN KEY ("fromOrderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Exchange" ADD CONSTRAINT "Exchange_toOrderId_fkey" FOREIGN KEY ("toOrderId") REFERENCES "Order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Exchange" ADD CONSTRAINT "Exchange_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Exchange" ADD CONSTRAINT "Exchange_approvedById_fkey" FOREIGN KEY ("approvedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
