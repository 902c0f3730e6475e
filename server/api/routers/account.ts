// Sign-up, email codes, password resets and the signed-in account. Thin by design: every rule (and every rate
// limit keyed by an account) lives in server/accounts.
import {
  accountSchema,
  cooldownSchema,
  passwordResetSchema,
  requestPasswordResetInput,
  resendVerificationCodeInput,
  resetPasswordInput,
  sessionVersionSchema,
  signUpInput,
  signUpResultSchema,
  verifiedSchema,
  verifyEmailInput,
} from "@/server/accounts/schemas";
import { managerPinInput } from "@/server/shifts/schemas";
import { z } from "zod";
import { authedProcedure, createTRPCRouter, managerProcedure, publicProcedure } from "../trpc";

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure
    .input(signUpInput)
    .output(signUpResultSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.signUp(input, { ip: ctx.ip })),

  verifyEmail: publicProcedure
    .input(verifyEmailInput)
    .output(verifiedSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.verifyEmail(input, { ip: ctx.ip })),

  resendVerificationCode: publicProcedure
    .input(resendVerificationCodeInput)
    .output(cooldownSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.resendVerificationCode(input, { ip: ctx.ip })),

  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(cooldownSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.requestPasswordReset(input, { ip: ctx.ip })),

  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(passwordResetSchema)
    .mutation(({ ctx, input }) => ctx.services.accounts.resetPassword(input, { ip: ctx.ip })),

  me: authedProcedure.output(accountSchema).query(({ ctx }) => ctx.services.accounts.getAccount(ctx.session.user.id)),

  signOutEverywhere: authedProcedure
    .output(sessionVersionSchema)
    .mutation(({ ctx }) => ctx.services.accounts.signOutEverywhere(ctx.session.user.id)),

  /** A manager sets the PIN they type at a clerk's till to approve there (comps, refunds, overrides, variances). */
  setManagerPin: managerProcedure
    .input(managerPinInput)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.services.approvals.setManagerPin({ actor: ctx.session.user, pin: input.pin })),
});
