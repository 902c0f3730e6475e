-- Issue 12, items 3 and 8.
--
-- A provider event that makes no sense (a refund of nothing, a refund larger than the payment, a body nested too deep
-- or carrying a NUL character) is kept as evidence like every verified event, but marked rejected: nothing acted on
-- it, and staff see it on the attention page. NULL means the event was accepted.
ALTER TABLE "PaymentEvent" ADD COLUMN "rejectedReason" TEXT;
CREATE INDEX "PaymentEvent_rejected_idx" ON "PaymentEvent" ("receivedAt") WHERE "rejectedReason" IS NOT NULL;

-- The refunds of a payment never add up to more than it. Every Refund row counts, whatever its status: PENDING is
-- being asked of the provider, SUCCEEDED was paid out, and FAILED may still be retried (or was paid out by a provider
-- that failed to tell us); the schema has no cancelled status, so no row is ever left out. Sums are per currency: the
-- most a payment can give back in a currency is its own amount in its own currency, or what a verified (not rejected)
-- payment.succeeded event says the provider actually took in that currency, whichever is more (a payment refused
-- for a wrong amount or currency is refunded what was taken, not what was asked).
--
-- The Payment row is locked first, so two refunds of one payment inserted at once are checked one after the other
-- (each statement here reads the rows committed before it, under READ COMMITTED).
CREATE FUNCTION refund_within_payment() RETURNS trigger AS $$
DECLARE
  pay_amount INTEGER;
  pay_currency CHAR(3);
  cap BIGINT;
  total BIGINT;
BEGIN
  SELECT "amount", "currency" INTO pay_amount, pay_currency FROM "Payment" WHERE "id" = NEW."paymentId" FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NEW; -- the foreign key refuses it
  END IF;
  SELECT GREATEST(CASE WHEN pay_currency = NEW."currency" THEN pay_amount ELSE 0 END, COALESCE(MAX(e."amount"), 0))
    INTO cap
    FROM "PaymentEvent" e
   WHERE e."paymentId" = NEW."paymentId" AND e."type" = 'payment.succeeded' AND e."rejectedReason" IS NULL
     AND e."currency" = NEW."currency";
  SELECT COALESCE(SUM(r."amount"), 0) INTO total
    FROM "Refund" r
   WHERE r."paymentId" = NEW."paymentId" AND r."currency" = NEW."currency" AND r."id" <> NEW."id";
  IF NEW."amount" <= 0 OR total + NEW."amount" > cap THEN
    RAISE EXCEPTION 'refund_within_payment: refunds of payment % would come to % % of at most %',
      NEW."paymentId", total + NEW."amount", NEW."currency", cap
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "refund_within_payment" BEFORE INSERT OR UPDATE OF "amount", "currency", "paymentId" ON "Refund"
  FOR EACH ROW EXECUTE FUNCTION refund_within_payment();
