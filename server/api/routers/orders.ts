// Checkout, orders and tickets over HTTP. Thin by design: validation here, every rule in server/booking.
// The basket belongs to the caller's holder key (the signed-in user, or a guest's browser cookie); an order page is
// readable by its owner or with the token from its link; nobody else can tell it exists.
import { z } from "zod";
import {
  basketSchema,
  byReferenceInputSchema,
  cancelInputSchema,
  cancelResultSchema,
  checkoutInputSchema,
  checkoutResultSchema,
  currentInputSchema,
  myOrdersSchema,
  orderViewSchema,
  quoteInputSchema,
  quoteSchema,
  refundRequestResultSchema,
  requestRefundInputSchema,
  customerExchangeInputSchema,
  customerExchangeQuoteSchema,
  customerExchangeResultSchema,
  customerExchangeTargetsInputSchema,
  customerExchangeTargetsSchema,
  prepareCustomerExchangeInputSchema,
  ticketInputSchema,
  ticketViewSchema,
} from "@/server/booking/schemas";
import { authedProcedure, createTRPCRouter, publicProcedure, rateLimited, rateLimitedWhen } from "../trpc";

/** Every answer about a named promo code says whether it exists: such calls are counted, so codes can't be enumerated. */
const promoGuesses = rateLimitedWhen((input: { promoCode?: string }) => !!input.promoCode?.trim(), "promoGuessPerIp", "promoGuessPerHolder");

export const ordersRouter = createTRPCRouter({
  /** The caller's basket: by order id (the checkout page) or their open basket for a screening. */
  current: publicProcedure
    .input(currentInputSchema)
    .output(basketSchema.nullable())
    .query(({ ctx, input }) => ctx.services.booking.current({ ...input, holderKey: ctx.holder.current })),

  quote: publicProcedure
    .input(quoteInputSchema)
    .use(promoGuesses)
    .output(quoteSchema)
    .query(({ ctx, input }) => ctx.services.booking.quote({ ...input, holderKey: ctx.holder.current })),

  checkout: publicProcedure
    .input(checkoutInputSchema)
    .use(rateLimited("checkoutPerIp"))
    .use(promoGuesses)
    .output(checkoutResultSchema)
    .mutation(({ ctx, input }) => ctx.services.booking.checkout({ ...input, holderKey: ctx.holder.current, userId: ctx.session?.user.id ?? null })),

  cancel: publicProcedure
    .input(cancelInputSchema)
    .output(cancelResultSchema)
    .mutation(({ ctx, input }) => ctx.services.booking.cancel({ orderId: input.orderId, holderKey: ctx.holder.current })),

  byReference: publicProcedure
    .input(byReferenceInputSchema)
    .output(orderViewSchema)
    .query(({ ctx, input }) =>
      ctx.services.booking.orderForViewer({ reference: input.reference, userId: ctx.session?.user.id ?? null, accessToken: input.token }),
    ),

  mine: authedProcedure.output(myOrdersSchema).query(({ ctx }) => ctx.services.booking.myOrders({ userId: ctx.session.user.id })),

  requestRefund: publicProcedure
    .input(requestRefundInputSchema)
    .output(refundRequestResultSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.booking.requestRefund({ orderId: input.orderId, userId: ctx.session?.user.id ?? null, accessToken: input.token }),
    ),

  ticket: publicProcedure
    .input(ticketInputSchema)
    .output(ticketViewSchema)
    .query(({ ctx, input }) =>
      ctx.services.booking.ticketByCode({ code: input.code, userId: ctx.session?.user.id ?? null, accessToken: input.token }),
    ),

  // ── Exchanging one's own web booking to another screening (the order page) ──
  exchangeTargets: publicProcedure
    .input(customerExchangeTargetsInputSchema)
    .output(customerExchangeTargetsSchema)
    .query(({ ctx, input }) =>
      ctx.services.booking.customerExchangeTargets({ orderId: input.orderId, userId: ctx.session?.user.id ?? null, accessToken: input.token }),
    ),

  prepareExchange: publicProcedure
    .input(prepareCustomerExchangeInputSchema)
    .output(customerExchangeQuoteSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.booking.prepareCustomerExchange({
        orderId: input.orderId,
        toScreeningId: input.toScreeningId,
        userId: ctx.session?.user.id ?? null,
        accessToken: input.token,
      }),
    ),

  confirmExchange: publicProcedure
    .input(customerExchangeInputSchema)
    .output(customerExchangeResultSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.booking.confirmCustomerExchange({ exchangeId: input.exchangeId, userId: ctx.session?.user.id ?? null, accessToken: input.token }),
    ),

  abandonExchange: publicProcedure
    .input(customerExchangeInputSchema)
    .output(z.void())
    .mutation(({ ctx, input }) =>
      ctx.services.booking.abandonCustomerExchange({ exchangeId: input.exchangeId, userId: ctx.session?.user.id ?? null, accessToken: input.token }),
    ),
});
