-- AlterTable
ALTER TABLE "SandboxCheckout" ADD COLUMN     "orderReference" TEXT;
