// Promo code redemptions. A checkout redeems its code with one conditional increment, so a code limited to N uses can
// never be used N + 1 times however many customers check out at once (PostgreSQL's CHECK on PromoCode backs it up).
// An order that ends without being paid gives its redemption back.
//
// When a use counts: from the checkout that attaches the code to an order (PENDING, waiting for payment) until that
// order ends unpaid. A PENDING order holds its use, so a customer can't start five payments at once with a
// once-per-customer code; an EXPIRED or CANCELLED order gives it back (expiry.ts, checkout's cancel); PAID and
// REFUNDED orders keep it (a refund doesn't hand the code back). `PromoCode.redemptions` and the per-customer count
// below follow the same rule.
import type { Prisma } from "@/server/db/generated/client";
import { conflict, type AppError } from "@/server/errors";

type Sql = Pick<Prisma.TransactionClient, "$executeRaw">;
type Tx = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/**
 * Inside the checkout's transaction, before redeeming: locks the code's row (so concurrent checkouts with the code
 * run this one at a time and each sees the uses committed before it) and refuses if this customer — the signed-in
 * user, or the email a guest gave; either matches — has reached the code's per-customer limit with other orders.
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
      AND ("email" = ${customer.email} OR ("userId" IS NOT NULL AND "userId" = ${customer.userId}))`;
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

export async function giveBackPromo(sql: Sql, promoCodeId: string): Promise<void> {
  await sql.$executeRaw`UPDATE "PromoCode" SET "redemptions" = "redemptions" - 1 WHERE "id" = ${promoCodeId} AND "redemptions" > 0`;
}
