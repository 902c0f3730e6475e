-- Issue 11, printing: one row per ticket or receipt printed (on paper or as a PDF). The copy number makes every print
-- after the first a reprint, marked "REPRINT" on the paper; rows are a log, never changed or deleted.
CREATE TYPE "PrintKind" AS ENUM ('TICKET', 'RECEIPT');

CREATE TABLE "PrintRecord" (
  "id" TEXT NOT NULL,
  "orderId" TEXT NOT NULL,
  "ticketId" TEXT,
  "kind" "PrintKind" NOT NULL,
  "copy" INTEGER NOT NULL,
  "format" TEXT NOT NULL,
  "staffId" TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "PrintRecord_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "print_record_copy_positive" CHECK ("copy" >= 1),
  CONSTRAINT "print_record_ticket_of_ticket_kind" CHECK (("kind" = 'TICKET') = ("ticketId" IS NOT NULL))
);
CREATE UNIQUE INDEX "PrintRecord_orderId_kind_ticketId_copy_key" ON "PrintRecord" ("orderId", "kind", "ticketId", "copy");
CREATE TRIGGER "print_record_append_only" BEFORE UPDATE OR DELETE ON "PrintRecord"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
