import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { boxOfficeRouter } from "./routers/box-office";
import { filmsRouter } from "./routers/films";
import { ordersRouter } from "./routers/orders";
import { screeningsRouter } from "./routers/screenings";
import { seatsRouter } from "./routers/seats";
import { systemRouter } from "./routers/system";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  films: filmsRouter,
  screenings: screeningsRouter,
  seats: seatsRouter,
  orders: ordersRouter,
  account: accountRouter,
  boxOffice: boxOfficeRouter,
  admin: adminRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
