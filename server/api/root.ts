import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { boxOfficeRouter } from "./routers/box-office";
import { filmsRouter } from "./routers/films";
import { screeningsRouter } from "./routers/screenings";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  films: filmsRouter,
  screenings: screeningsRouter,
  account: accountRouter,
  boxOffice: boxOfficeRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
