// Promo code redemptions. A checkout redeems its code with one conditional increment, so a code limited to N uses can
// never be used N + 1 times however many customers check out at once (PostgreSQL's CHECK on PromoCode backs it up).
// An order that ends without being paid gives its redemption back.
import type { Prisma } from "@/server/db/generated/client";

type Sql = Pick<Prisma.TransactionClient, "$executeRaw">;

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
