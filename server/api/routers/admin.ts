import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../trpc";

const roleSchema = z.enum(["CUSTOMER", "STAFF", "ADMIN"]);

const userRowSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  emailVerifiedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const adminRouter = createTRPCRouter({
  users: adminProcedure
    .input(
      z.object({
        query: z.string().trim().max(100, "Search text is too long").optional(),
        role: roleSchema.optional(),
        cursor: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(100).default(25),
      }),
    )
    .output(z.object({ users: z.array(userRowSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => ctx.services.users.list(input)),

  setRole: adminProcedure
    .input(z.object({ userId: z.string().min(1, "Choose a user").max(64), role: roleSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.accounts.changeRole({ actorId: ctx.session.user.id, userId: input.userId, role: input.role });
      return { ok: true as const };
    }),

  auditLog: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), entityType: z.string().max(50).optional() }))
    .output(
      z.array(
        z.object({
          id: z.string(),
          action: z.string(),
          entityType: z.string(),
          entityId: z.string().nullable(),
          details: z.unknown(),
          createdAt: z.date(),
          actor: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.auditTrail.recent(input)),
});
