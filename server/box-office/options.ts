// The box office's own settings. Staff may refund on their own up to managerRefundAbove (minor units) and until the
// customer cut-off before the show; past either a manager approves (server/accounts/approval.ts).
import { z } from "zod";

export interface BoxOfficeOptions {
  /** A refund larger than this needs a manager (BOX_OFFICE_MANAGER_REFUND_ABOVE, default 5000 = £50). */
  managerRefundAbove: number;
  /** The customer cut-off (booking's REFUND_CUTOFF_MINUTES): after it, a staff refund needs a manager. */
  refundCutoffMinutes: number;
}

export const defaultBoxOfficeOptions: BoxOfficeOptions = { managerRefundAbove: 5000, refundCutoffMinutes: 60 };

export function boxOfficeOptionsFromEnv(env: Record<string, string | undefined> = process.env): Partial<BoxOfficeOptions> {
  const above = z.coerce.number().int().min(0).optional().safeParse(env.BOX_OFFICE_MANAGER_REFUND_ABOVE || undefined);
  return above.success && above.data !== undefined ? { managerRefundAbove: above.data } : {};
}
