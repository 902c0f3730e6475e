// The audit trail's contract over HTTP (admin): recent entries, newest first.
import { z } from "zod";

export const auditTrailInputSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  entityType: z.string().max(50).optional(),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  details: z.unknown(),
  createdAt: z.date(),
  actor: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
});
