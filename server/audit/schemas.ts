// The audit trail's contract over HTTP (admin): entries newest first, filtered by what they are about (entity type)
// and by who did it (actor), a page at a time; and the choices those filters offer.
import { z } from "zod";

export const auditTrailInputSchema = z.object({
  entityType: z.string().trim().min(1).max(50).optional(),
  actorId: z.string().min(1).max(64).optional(),
  /** null or absent: the first page (TanStack infinite queries start from null). */
  cursor: z.string().max(64).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});

export type AuditTrailInput = z.input<typeof auditTrailInputSchema>;

const personSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const auditEntrySchema = z.object({
  id: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** The entity in words, where the trail can name it (a User entry names the person); null otherwise. */
  entityLabel: z.string().nullable(),
  details: z.unknown(),
  createdAt: z.date(),
  actor: personSchema.nullable(),
});

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() });

export const auditFiltersSchema = z.object({
  /** Every entity type with at least one entry, alphabetically. */
  entityTypes: z.array(z.string()),
  /** Everyone who has at least one entry, by name. */
  actors: z.array(personSchema),
});
