import { z } from "zod";
import {
  requestPasswordResetInput,
  resendVerificationCodeInput,
  resetPasswordInput,
  roleSchema,
  signUpInput,
  verifyEmailInput,
} from "@/server/accounts/schemas";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";

const cooldownOutput = z.object({ cooldownSeconds: z.number().int().nonnegative() });

export const accountRouter = createTRPCRouter({
  signUp: publicProcedure
    .input(signUpInput)
    .output(z.object({ email: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { email } = await ctx.services.accounts.signUp(input, { ip: ctx.ip });
      return { email };
    }),

  verifyEmail: publicProcedure
    .input(verifyEmailInput)
    .output(z.object({ verified: z.literal(true) }))
    .mutation(({ ctx, input }) => ctx.services.accounts.verifyEmail(input, { ip: ctx.ip })),

  resendVerificationCode: publicProcedure
    .input(resendVerificationCodeInput)
    .output(cooldownOutput)
    .mutation(({ ctx, input }) => ctx.services.accounts.resendVerificationCode(input, { ip: ctx.ip })),

  requestPasswordReset: publicProcedure
    .input(requestPasswordResetInput)
    .output(cooldownOutput)
    .mutation(({ ctx, input }) => ctx.services.accounts.requestPasswordReset(input, { ip: ctx.ip })),

  resetPassword: publicProcedure
    .input(resetPasswordInput)
    .output(z.object({ reset: z.literal(true) }))
    .mutation(({ ctx, input }) => ctx.services.accounts.resetPassword(input, { ip: ctx.ip })),

  me: authedProcedure
    .output(
      z.object({
        id: z.string(),
        name: z.string(),
        email: z.string(),
        role: roleSchema,
        emailVerifiedAt: z.date().nullable(),
        createdAt: z.date(),
      }),
    )
    .query(({ ctx }) => ctx.services.accounts.getAccount(ctx.session.user.id)),

  signOutEverywhere: authedProcedure
    .output(z.object({ sessionVersion: z.number().int() }))
    .mutation(({ ctx }) => ctx.services.accounts.signOutEverywhere(ctx.session.user.id)),
});
