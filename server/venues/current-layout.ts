// The one answer to "which layout does a new screening of this hall get?": the hall's highest version.
import type { Database } from "@/server/db";
import type { Prisma } from "@/server/db/generated/client";
import { notFound } from "@/server/errors";

/**
 * The id of the hall's current layout (its highest version), for a screening being created now. Pass the
 * transaction client when creating the screening inside one. A hall without a layout is NOT_FOUND.
 */
export async function currentLayoutId(db: Pick<Database | Prisma.TransactionClient, "hallLayout">, hallId: string): Promise<string> {
  const layout = await db.hallLayout.findFirst({ where: { hallId }, orderBy: { version: "desc" }, select: { id: true } });
  if (!layout) throw notFound("That hall's seat layout");
  return layout.id;
}
