import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { boxOfficeRouter } from "./routers/box-office";
import { concessionsRouter } from "./routers/concessions";
import { counterRouter } from "./routers/counter";
import { doorRouter } from "./routers/door";
import { printingRouter } from "./routers/printing";
import { shiftsRouter } from "./routers/shifts";
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
  counter: counterRouter,
  concessions: concessionsRouter,
  shifts: shiftsRouter,
  door: doorRouter,
  printing: printingRouter,
  admin: adminRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
