-- AlterTable
ALTER TABLE "Hall" ADD COLUMN     "maxSeatsPerOrder" INTEGER NOT NULL DEFAULT 10;

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "holderKey" TEXT,
ALTER COLUMN "email" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Order_holderKey_screeningId_status_idx" ON "Order"("holderKey", "screeningId", "status");

-- ─── Hand-written (seat inventory, docs/inventory.md) ───────────────────────
ALTER TABLE "Hall" ADD CONSTRAINT "hall_max_seats_per_order_range" CHECK ("maxSeatsPerOrder" BETWEEN 1 AND 100);
