// The one place that sets up tRPC: the request context, the error formatter and the procedure ladder
// (public → signed-in → staff → admin). Routers in ./routers stay thin and call domain services from the context.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { type AppSession, hasRole, type Role } from "@/server/accounts/roles";
import { holderCookie, holderKeyFor, newHolderToken, readHolderToken } from "./holder";
import { env } from "@/server/config/env";
import { appErrorOrOutage, isAppError, outageSummary } from "@/server/errors";
import { type RateLimitName, rateLimitSubjects } from "@/server/rate-limit";
import { clientAddress } from "@/server/rate-limit/client-address";
import { services as defaultServices, type Services } from "@/server/services";

export interface TRPCContext {
  session: AppSession | null;
  services: Services;
  // Client address, for rate limits. Taken from the proxy's header when there is one.
  ip: string;
  /** The request's headers (a Fetch API Headers, or the API server's view of node:http's). */
  headers: Pick<Headers, "get">;
  /** Who owns seat holds made by this caller: the user, or a guest's browser token. */
  holder: {
    /** The holder key if the caller already has one (reads never create one). */
    current: string | null;
    /** The holder key, creating a guest token (and its cookie) if needed. */
    ensure: () => string;
  };
}

export async function createTRPCContext(options: {
  headers: Pick<Headers, "get">;
  session: AppSession | null;
  services?: Services;
  /** Response headers, where the transport lets procedures set cookies (HTTP); absent for in-process callers. */
  resHeaders?: Pick<Headers, "append">;
}): Promise<TRPCContext> {
  const services = options.services ?? defaultServices();
  const userId = options.session?.user.id ?? null;
  const secure = () => env().APP_URL.startsWith("https:") || options.headers.get("x-forwarded-proto") === "https";
  const token = readHolderToken(options.headers.get("cookie"));
  let guestToken = token?.kind === "signed" ? token.random : null;
  // An unsigned cookie from before tokens were signed is accepted only if it already owns an open basket (its key
  // was hashed by the migration): the browser keeps its basket and gets the signed cookie. A made-up value owns
  // nothing, so it is ignored like a forged one, and the next hold makes a new signed token.
  if (!userId && token?.kind === "legacy" && (await services.booking.hasOpenBasket({ holderKey: holderKeyFor(null, token.random)! }))) {
    guestToken = token.random;
    options.resHeaders?.append("set-cookie", holderCookie(guestToken, secure()));
  }
  return {
    session: options.session,
    services,
    ip: clientAddress(options.headers),
    headers: options.headers,
    holder: {
      current: holderKeyFor(userId, guestToken),
      ensure() {
        if (!userId && !guestToken) {
          guestToken = newHolderToken();
          options.resHeaders?.append("set-cookie", holderCookie(guestToken, secure()));
        }
        return holderKeyFor(userId, guestToken) as string;
      },
    },
  };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  // Live seat maps are SSE subscriptions; pings keep idle connections open through proxies.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        // Field-level messages for forms: { email: ["Enter a valid email address"] }.
        // A domain refusal that names its field (details.field) goes beside that field too.
        fieldErrors:
          cause instanceof ZodError
            ? z.flattenError(cause).fieldErrors
            : isAppError(cause) && typeof cause.details?.field === "string"
              ? { [cause.details.field]: [cause.message] }
              : undefined,
        retryAfterSeconds: isAppError(cause) ? (cause.details?.retryAfterSeconds as number | undefined) : undefined,
      },
      message: cause instanceof ZodError ? formatZodMessage(cause) : shape.message,
    };
  },
});

function formatZodMessage(error: ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

// Domain code throws AppError; this turns it into the matching tRPC error, keeping the message for the user.
// PostgreSQL or Redis out of reach is SERVICE_UNAVAILABLE (503, Retry-After set by the route's responseMeta).
// Anything else is a bug: log it and say nothing about internals.
const mapDomainErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = appErrorOrOutage(result.error.cause);
    if (cause) {
      if (cause.code === "SERVICE_UNAVAILABLE") console.warn(`[trpc] ${path}: answered SERVICE_UNAVAILABLE (${outageSummary(cause)})`);
      result.error = new TRPCError({ code: cause.code, message: cause.message, cause });
    } else if (result.error.code === "INTERNAL_SERVER_ERROR") {
      console.error(`[trpc] ${path} failed`, result.error.cause ?? result.error);
      result.error = new TRPCError({
        code: "INTERNAL_SERVER_ERROR",
        message: "Something went wrong on our side. Please try again.",
        cause: result.error.cause,
      });
    }
  }
  return result;
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

export const publicProcedure = t.procedure.use(mapDomainErrors);

const isAuthed = t.middleware(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in to continue." });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

function requireRole(role: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!hasRole(ctx.session?.user, role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "You don't have permission to do that." });
    }
    return next();
  });
}

export const authedProcedure = publicProcedure.use(isAuthed);
export const staffProcedure = authedProcedure.use(requireRole("STAFF"));
export const managerProcedure = authedProcedure.use(requireRole("MANAGER"));
export const adminProcedure = authedProcedure.use(requireRole("ADMIN"));

/**
 * Counts the call against each named limit (server/rate-limit/limits.ts) before the procedure runs, by the client
 * address or the seat holder as the limit says. Put it after `.input()` so that malformed calls aren't counted.
 * Limits keyed by an account in the input are applied by the accounts service itself.
 */
export function rateLimited(...names: RateLimitName[]) {
  return rateLimitedWhen(() => true, ...names);
}

/**
 * rateLimited for only the calls whose parsed input `counts` says are attempts (a quote naming a promo code is a
 * guess at a code; one without is a customer choosing ticket types). Counted before the procedure runs, so a refused
 * call learns nothing from the procedure.
 */
export function rateLimitedWhen<Input>(counts: (input: Input) => boolean, ...names: RateLimitName[]) {
  return t.middleware(async ({ ctx, input, next }) => {
    if (!counts(input as Input)) return next();
    for (const name of names) {
      const subject = rateLimitSubjects[name];
      if (subject === "account") throw new Error(`${name} counts per account: the accounts service applies it`);
      await ctx.services.rateLimiter.consume(name, subject === "ip" ? ctx.ip : ctx.holder.ensure());
    }
    return next();
  });
}

/**
 * The Retry-After an HTTP answer carries (seconds): the longest any of its errors asks for, when they are refusals
 * a client should retry later (TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE). Used by the route's responseMeta.
 */
export function retryAfterSeconds(errors: readonly TRPCError[]): number | undefined {
  const waits = errors
    .filter((error) => error.code === "TOO_MANY_REQUESTS" || error.code === "SERVICE_UNAVAILABLE")
    .map((error) => (isAppError(error.cause) ? error.cause.details?.retryAfterSeconds : undefined))
    .filter((seconds): seconds is number => typeof seconds === "number" && seconds > 0);
  return waits.length > 0 ? Math.ceil(Math.max(...waits)) : undefined;
}
