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

export function createAuditTrail({ db }: { db: Database }) {
  return {
    async recent({ limit, entityType }: { limit: number; entityType?: string }) {
      return db.auditLog.findMany({
        where: entityType ? { entityType } : {},
        orderBy: { createdAt: "desc" },
        take: limit,
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
    },
  };
}
