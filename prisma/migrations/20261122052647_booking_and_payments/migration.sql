-- CreateEnum
CREATE TYPE "SandboxCheckoutStatus" AS ENUM ('OPEN', 'APPROVED', 'DECLINED', 'REFUNDED');

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "accessTokenHash" TEXT,
ADD COLUMN     "checkoutStartedAt" TIMESTAMP(3),
ADD COLUMN     "confirmationSentAt" TIMESTAMP(3),
ADD COLUMN     "customerName" TEXT,
ADD COLUMN     "expiredAt" TIMESTAMP(3),
ADD COLUMN     "needsAttention" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "refundedAt" TIMESTAMP(3),
ADD COLUMN     "reminderSentAt" TIMESTAMP(3),
ADD COLUMN     "statusReason" TEXT;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "failureReason" TEXT,
ADD COLUMN     "redirectUrl" TEXT,
ADD COLUMN     "succeededAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SandboxCheckout" (
    "id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "description" TEXT NOT NULL,
    "returnUrl" TEXT NOT NULL,
    "webhookUrl" TEXT NOT NULL,
    "status" "SandboxCheckoutStatus" NOT NULL DEFAULT 'OPEN',
    "refundedAmount" INTEGER NOT NULL DEFAULT 0,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxCheckout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SandboxWebhookDelivery" (
    "id" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),
    "lastStatus" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxWebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SandboxWebhookDelivery_deliveredAt_nextAttemptAt_idx" ON "SandboxWebhookDelivery"("deliveredAt", "nextAttemptAt");

-- AddForeignKey
ALTER TABLE "SandboxWebhookDelivery" ADD CONSTRAINT "SandboxWebhookDelivery_checkoutId_fkey" FOREIGN KEY ("checkoutId") REFERENCES "SandboxCheckout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ─── Hand-written ───────────────────────────────────────────────────────────
ALTER TABLE "SandboxCheckout" ADD CONSTRAINT "sandbox_checkout_amounts" CHECK ("amount" > 0 AND "refundedAmount" BETWEEN 0 AND "amount");
ALTER TABLE "SandboxWebhookDelivery" ADD CONSTRAINT "sandbox_delivery_attempts" CHECK ("attempts" >= 0);
-- A PAID order has its payment time; an order leaves PENDING only once.
ALTER TABLE "Order" ADD CONSTRAINT "order_paid_has_time" CHECK ("status" <> 'PAID' OR "paidAt" IS NOT NULL);
