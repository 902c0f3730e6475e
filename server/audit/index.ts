import type { Database } from "@/server/db";
import type { Prisma } from "@/server/db/generated/client";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Prisma.InputJsonObject;
}

type Writer = Pick<Database, "auditLog">;

// Staff and admin actions leave a trail. Pass the transaction client so the entry commits with the change it records.
export function createAuditLog(defaultWriter: Writer) {
  return {
    async record(entry: AuditEntry, writer: Writer = defaultWriter): Promise<void> {
      await writer.auditLog.create({
        data: {
          actorId: entry.actorId,
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId ?? null,
          details: entry.details ?? {},
        },
      });
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

export interface AuditTrailFilter {
  entityType?: string;
  actorId?: string;
  cursor?: string | null;
  limit: number;
}

export function createAuditTrail({ db }: { db: Database }) {
  return {
    /**
     * One page of entries, newest first (ties broken by id), filtered by entity type and by actor. `nextCursor` is
     * the last entry's id when there is more; pass it back as `cursor`.
     */
    async list({ entityType, actorId, cursor, limit }: AuditTrailFilter) {
      const rows = await db.auditLog.findMany({
        where: { ...(entityType ? { entityType } : {}), ...(actorId ? { actorId } : {}) },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit + 1,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: {
          id: true,
          action: true,
          entityType: true,
          entityId: true,
          details: true,
          createdAt: true,
          actor: { select: { id: true, name: true, email: true } },
        },
      });
      const hasMore = rows.length > limit;
      const page = hasMore ? rows.slice(0, limit) : rows;

      // Entries about people name them (entityId has no relation: an entry may outlive what it is about).
      const userIds = [...new Set(page.filter((e) => e.entityType === "User" && e.entityId).map((e) => e.entityId as string))];
      const people = userIds.length
        ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })
        : [];
      const labels = new Map(people.map((person) => [person.id, `${person.name} (${person.email})`]));
      const entries = page.map((entry) => ({
        ...entry,
        entityLabel: entry.entityType === "User" && entry.entityId ? (labels.get(entry.entityId) ?? null) : null,
      }));
      return { entries, nextCursor: hasMore ? (page.at(-1)?.id ?? null) : null };
    },

    /** What the filters can offer: the entity types and the people that have entries. */
    async filters() {
      const [types, actorIds] = await Promise.all([
        db.auditLog.findMany({ distinct: ["entityType"], select: { entityType: true }, orderBy: { entityType: "asc" } }),
        db.auditLog.findMany({ distinct: ["actorId"], where: { actorId: { not: null } }, select: { actorId: true } }),
      ]);
      const actors = await db.user.findMany({
        where: { id: { in: actorIds.map((row) => row.actorId as string) } },
        select: { id: true, name: true, email: true },
        orderBy: [{ name: "asc" }, { email: "asc" }],
      });
      return { entityTypes: types.map((row) => row.entityType), actors };
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
