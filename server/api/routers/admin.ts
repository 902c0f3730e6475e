// People and the audit trail, for admins. Thin by design: rules in server/accounts, reads in server/users and
// server/audit.
import { changeRoleInput, changeRoleResultSchema } from "@/server/accounts/schemas";
import { auditEntrySchema, auditTrailInputSchema } from "@/server/audit/schemas";
import { userListInputSchema, userListSchema } from "@/server/users/schemas";
import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../trpc";
import { announcementsRouter } from "./announcements";

export const adminRouter = createTRPCRouter({
  users: adminProcedure
    .input(userListInputSchema)
    .output(userListSchema)
    .query(({ ctx, input }) => ctx.services.users.list(input)),

  setRole: adminProcedure
    .input(changeRoleInput)
    .output(changeRoleResultSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.changeRole({ actorId: ctx.session.user.id, ...input })),

  auditLog: adminProcedure
    .input(auditTrailInputSchema)
    .output(z.array(auditEntrySchema))
    .query(({ ctx, input }) => ctx.services.auditTrail.recent(input)),

  announcements: announcementsRouter,
});
