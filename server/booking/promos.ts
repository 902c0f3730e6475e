// Promo code redemptions. A checkout redeems its code with one conditional increment, so a code limited to N uses can
// never be used N + 1 times however many customers check out at once (PostgreSQL's CHECK on PromoCode backs it up).
// An order that ends without being paid gives its redemption back, once, under the order's row lock (lockOrder).
//
// When a use counts: from the checkout that attaches the code to an order (PENDING, waiting for payment) until that
// order ends unpaid. A PENDING order holds its use, so a customer can't start five payments at once with a
// once-per-customer code; an EXPIRED or CANCELLED order gives it back (expiry.ts, checkout's cancel, a cancelled
// screening in refunds.ts); PAID and REFUNDED orders keep it (a refund doesn't hand the code back).
// `PromoCode.redemptions` and the per-customer count below follow the same rule.
import type { Prisma } from "@/server/db/generated/client";
import type { OrderStatus } from "@/server/db/generated/enums";
import { conflict, type AppError } from "@/server/errors";

type Sql = Pick<Prisma.TransactionClient, "$executeRaw">;
type Tx = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/**
 * The customer an email stands for, as the per-customer limit compares it: trimmed, lower-cased and without a
 * "+tag" in its local part (a+1@example.com and A+2@Example.com are one mailbox). Dots are kept: only some providers
 * ignore them, and merging a.b@ with ab@ elsewhere would refuse a different person. The SQL in perCustomerRefusal
 * computes the same key from Order.email.
 */
export function customerEmailKey(email: string): string {
  return email.trim().toLowerCase().replace(/\+[^@]*@/, "@");
}
/** customerEmailKey's pattern, passed to PostgreSQL's regexp_replace as a parameter. */
const PLUS_TAG = "\\+[^@]*@";

/**
 * Inside the checkout's transaction, before redeeming: locks the code's row (so concurrent checkouts with the code
 * run this one at a time and each sees the uses committed before it) and refuses if this customer — the signed-in
 * user, or the email given (by customerEmailKey, guests included); either matches — has reached the code's
 * per-customer limit with other orders. Run on every checkout with a code, also when the order already holds it:
 * checking out again under another email must not add a use to that email.
 */
export async function perCustomerRefusal(
  tx: Tx,
  promoCodeId: string,
  customer: { orderId: string; userId: string | null; email: string },
): Promise<AppError | null> {
  const [row] = await tx.$queryRaw<Array<{ perCustomerLimit: number | null }>>`
    SELECT "perCustomerLimit" FROM "PromoCode" WHERE "id" = ${promoCodeId} FOR UPDATE`;
  const limit = row?.perCustomerLimit ?? null;
  if (limit === null) return null;
  const [used] = await tx.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS "count" FROM "Order"
    WHERE "promoCodeId" = ${promoCodeId} AND "id" <> ${customer.orderId}
      AND "status" IN ('PENDING', 'PAID', 'REFUNDED')
      AND (lower(regexp_replace(trim("email"), ${PLUS_TAG}, '@')) = ${customerEmailKey(customer.email)}
           OR ("userId" IS NOT NULL AND "userId" = ${customer.userId}))`;
  if ((used?.count ?? 0) < limit) return null;
  return conflict(
    limit === 1 ? "You've already used that promo code." : `You've already used that promo code ${limit} times, the most allowed.`,
    { reason: "PROMO_CUSTOMER_LIMIT" },
  );
}

/** Counts one use of the code if it is active, valid at `now` and not used up. False if it couldn't. */
export async function redeemPromo(sql: Sql, promoCodeId: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const updated = await sql.$executeRaw`
    UPDATE "PromoCode" SET "redemptions" = "redemptions" + 1
    WHERE "id" = ${promoCodeId} AND "active"
      AND "validFrom" <= (${at}::timestamptz AT TIME ZONE 'UTC') AND "validUntil" > (${at}::timestamptz AT TIME ZONE 'UTC')
      AND ("maxRedemptions" IS NULL OR "redemptions" < "maxRedemptions")`;
  return updated === 1;
}

/**
 * Counts one use for an order that was paid after it had given its redemption back (a late payment that got its
 * seats back). The customer paid the discounted price, so it is honoured even if the code has run out meanwhile;
 * the count then stays one short rather than break the limit.
 */
export async function redeemPromoIfRoom(sql: Sql, promoCodeId: string): Promise<boolean> {
  const updated = await sql.$executeRaw`
    UPDATE "PromoCode" SET "redemptions" = "redemptions" + 1
    WHERE "id" = ${promoCodeId} AND ("maxRedemptions" IS NULL OR "redemptions" < "maxRedemptions")`;
  return updated === 1;
}

/**
 * Locks an order's row for the rest of the caller's transaction and reads what it is now. Every path that ends an
 * unpaid order (cancel, expiry, a cancelled screening) takes this lock before writing, and gives back the redemption
 * of the row it locked, not of an earlier read: a checkout switching codes, another cancel or the expiry sweep waits
 * for it, so a use is handed back once, and for the code the order really held.
 */
export async function lockOrder(tx: Tx, orderId: string): Promise<{ status: OrderStatus; promoCodeId: string | null } | null> {
  const [row] = await tx.$queryRaw<Array<{ status: OrderStatus; promoCodeId: string | null }>>`
    SELECT "status"::text AS "status", "promoCodeId" FROM "Order" WHERE "id" = ${orderId} FOR UPDATE`;
  return row ?? null;
}

export async function giveBackPromo(sql: Sql, promoCodeId: string): Promise<void> {
  await sql.$executeRaw`UPDATE "PromoCode" SET "redemptions" = "redemptions" - 1 WHERE "id" = ${promoCodeId} AND "redemptions" > 0`;
}
