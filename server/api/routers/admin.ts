// People, the audit trail, announcements, adverts, promo codes and films, for admins. Thin by design: rules in server/accounts and
// server/programme, reads in server/users and server/audit.
import {
  accountStatusInput,
  accountStatusResultSchema,
  changeRoleInput,
  changeRoleResultSchema,
  createStaffAccountInput,
  createStaffAccountResultSchema,
} from "@/server/accounts/schemas";
import { auditFiltersSchema, auditPageSchema, auditTrailInputSchema } from "@/server/audit/schemas";
import { userListInputSchema, userListSchema } from "@/server/users/schemas";
import { adminProcedure, createTRPCRouter } from "../trpc";
import { adminConcessionsRouter } from "./admin-concessions";
import { adminFilmsRouter } from "./admin-films";
import { advertsRouter } from "./adverts";
import { announcementsRouter } from "./announcements";
import { pricesRouter } from "./prices";
import { promoCodesRouter } from "./promo-codes";
import { venuesRouter } from "./venues";
import { screeningsAdminRouter } from "./screenings-admin";

export const adminRouter = createTRPCRouter({
  users: adminProcedure
    .input(userListInputSchema)
    .output(userListSchema)
    .query(({ ctx, input }) => ctx.services.users.list(input)),

  setRole: adminProcedure
    .input(changeRoleInput)
    .output(changeRoleResultSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.changeRole({ actorId: ctx.session.user.id, ...input })),

  disableAccount: adminProcedure
    .input(accountStatusInput)
    .output(accountStatusResultSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.disableAccount({ actorId: ctx.session.user.id, ...input })),

  enableAccount: adminProcedure
    .input(accountStatusInput)
    .output(accountStatusResultSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.enableAccount({ actorId: ctx.session.user.id, ...input })),

  createStaffAccount: adminProcedure
    .input(createStaffAccountInput)
    .output(createStaffAccountResultSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.createStaffAccount({ actorId: ctx.session.user.id, ...input })),

  auditLog: adminProcedure
    .input(auditTrailInputSchema)
    .output(auditPageSchema)
    .query(({ ctx, input }) => ctx.services.auditTrail.list(input)),

  auditFilters: adminProcedure.output(auditFiltersSchema).query(({ ctx }) => ctx.services.auditTrail.filters()),

  announcements: announcementsRouter,

  adverts: advertsRouter,
  promoCodes: promoCodesRouter,
  venues: venuesRouter,
  screenings: screeningsAdminRouter,
  prices: pricesRouter,
  films: adminFilmsRouter,
  concessions: adminConcessionsRouter,
});
