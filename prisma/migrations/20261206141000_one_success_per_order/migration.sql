-- A web order is paid by one payment: a second success for the same order is refused (DUPLICATE_PAYMENT) and
-- refunded. The webhook records a success in one statement whose checks read the snapshot it started with; this index
-- is what refuses a second success that committed while that statement waited for the order's lock. The box office's
-- tenders (providers counter-*) are exempt: a counter sale may be paid with several (cash and card).
CREATE UNIQUE INDEX "payment_one_success_per_order" ON "Payment" ("orderId")
  WHERE "status" = 'SUCCEEDED' AND "provider" NOT LIKE 'counter-%';
