// Staff may waive the per-order limit, the companion rule and the single-gap rule, with a reason (never blocked or
// taken seats). Holds and releases both check the override here before they waive anything.
import { hasRole } from "@/server/accounts/roles";
import { badRequest, forbidden } from "@/server/errors";
import type { InventoryContext } from "./context";
import type { StaffOverride } from "./types";

export async function assertStaff(ctx: Pick<InventoryContext, "db">, override: StaffOverride) {
  if (override.reason.trim().length < 3) throw badRequest("Give a reason for overriding the seat rules.");
  const user = await ctx.db.user.findUnique({ where: { id: override.staffUserId }, select: { role: true } });
  if (!user || !hasRole(user, "STAFF")) throw forbidden("Only staff can override the seat rules.");
}

/**
 * The override a caller may ask for: only a signed-in staff member (or admin) can waive seat rules. Callers decide
 * nothing themselves; hold and release check the override again here before they waive anything.
 */
export async function staffOverride(ctx: Pick<InventoryContext, "db">, input: { userId: string | null; reason: string }): Promise<StaffOverride> {
  if (!input.userId) throw forbidden("Only staff can override the seat rules.");
  const override = { staffUserId: input.userId, reason: input.reason };
  await assertStaff(ctx, override);
  return override;
}
