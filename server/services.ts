// Wires the domain modules together. Everything that serves a request (tRPC, pages, Inngest functions, scripts)
// gets its services from here, and tests build their own with createServices() against their own database and
// Redis prefix.
import { createAccounts } from "@/server/accounts";
import { createApprovals } from "@/server/accounts/approval";
import { createAuditLog, createAuditTrail } from "@/server/audit";
import { createBooking } from "@/server/booking";
import { cardRefundsFromTerminal, createBoxOffice } from "@/server/box-office";
import { createCatalogue, createCatalogueCache, createProgrammeWriteTracker } from "@/server/catalogue";
import { createConcessions } from "@/server/concessions";
import { createCounter, terminalFromEnvironment } from "@/server/counter";
import { env, paymentsSandboxEnabled, sandboxWebhookSecret } from "@/server/config/env";
import { db as defaultDb, type Database } from "@/server/db";
import { createDoor } from "@/server/door";
import { createInventory, type SeatLimits } from "@/server/inventory";
import { createRecordingPublisher, createUnavailablePublisher, type EventPublisher } from "@/server/events";
import { createMailer } from "@/server/mail";
import { createMedia } from "@/server/media";
import { createPayments } from "@/server/payments";
import { createPrices } from "@/server/prices";
import { createPrinting } from "@/server/printing";
import { createProgramme, type Programme } from "@/server/programme";
import type { PaymentProvider } from "@/server/payments";
import { createSandboxProvider } from "@/server/payments/sandbox";
import { createStripeProvider } from "@/server/payments/stripe";
import { createRateLimiter } from "@/server/rate-limit";
import { createScheduling, type Scheduling } from "@/server/scheduling";
import { createShifts } from "@/server/shifts";
import { redis as defaultRedis, type RedisClient } from "@/server/redis/client";
import { createUserDirectory } from "@/server/users";
import { createVenues } from "@/server/venues";

export interface ServiceDeps {
  db: Database;
  redis: RedisClient;
  /** Injected so that tests can move time (code expiry, cooldowns) without sleeping. */
  now?: () => Date;
  /** Where domain events go: Inngest in the app, a recording publisher in tests. */
  events?: EventPublisher;
  /** The seat-holding limits; by default from the environment (SEAT_LIMIT_*). */
  seatLimits?: SeatLimits;
  /** How long the public programme is cached in Redis; by default CATALOGUE_CACHE_SECONDS, 0 = off. */
  catalogueCacheSeconds?: number;
}

export function createServices(deps: ServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const events = deps.events ?? createRecordingPublisher();
  const mailer = createMailer({ db: deps.db });
  const rateLimiter = createRateLimiter(deps.redis);
  const audit = createAuditLog(deps.db);
  const settings = env();
  const catalogueCache = createCatalogueCache({
    redis: deps.redis,
    now,
    ttlSeconds: deps.catalogueCacheSeconds ?? settings.CATALOGUE_CACHE_SECONDS,
  });
  // The services that change the programme invalidate the catalogue's cache after every call that audited a change.
  const programmeWrites = createProgrammeWriteTracker(() => catalogueCache.invalidate());
  const programmeAudit: typeof audit = {
    async record(entry, writer) {
      await audit.record(entry, writer);
      programmeWrites.recorded();
    },
  };
  const inventory = createInventory({
    db: deps.db,
    redis: deps.redis,
    audit,
    now,
    options: {
      holdSeconds: settings.SEAT_HOLD_MINUTES * 60,
      seatLimits: deps.seatLimits ?? {
        perHolder: settings.SEAT_LIMIT_PER_HOLDER,
        perAddress: settings.SEAT_LIMIT_PER_ADDRESS,
        perNetwork: settings.SEAT_LIMIT_PER_NETWORK,
        perScreeningPerAddress: settings.SEAT_LIMIT_PER_SCREENING_PER_ADDRESS,
      },
    },
  });
  const payments = createPayments({
    db: deps.db,
    events,
    now,
    providers: paymentProviders(settings, deps.db, now),
    // A closure, so the two modules need not import each other: booking exists by the time a webhook calls it.
    settlePaidOrder: (orderId, paymentId) => booking.settlePaidOrder({ orderId, paymentId }),
    keepSeatsForPayment: (orderId, paymentId, known) => booking.keepSeatsForPayment({ orderId, paymentId, known }),
    paidOrderDeadline: () => booking.paidHoldUntil(),
  });
  // Before booking: web checkouts take concession stock (issue 11).
  const concessions = createConcessions({ db: deps.db, redis: deps.redis, audit, now });
  // One card terminal for the counter's sales and the box office's refunds and exchanges.
  const terminal = terminalFromEnvironment();
  const booking = createBooking({ db: deps.db, redis: deps.redis, inventory, concessions, payments, mailer, events, audit, now });
  const prices = programmeWrites.wrap(createPrices({ db: deps.db, audit: programmeAudit, now }));
  const programme: Programme = programmeWrites.wrap(createProgramme({
    db: deps.db,
    audit: programmeAudit,
    now,
    // Archiving a film can cancel its screenings with sales; the scheduler does that (created below, it reads the
    // pre-show reel from programme, so each gets the other through a closure).
    cancelScreeningWithRefunds: (input) => scheduling.cancelScreening(input),
  }));
  const scheduling: Scheduling = programmeWrites.wrap(createScheduling({ db: deps.db, audit: programmeAudit, mailer, booking, inventory, prices, programme, events, now }));
  const approvals = createApprovals({ db: deps.db, rateLimiter, audit });
  const boxOffice = createBoxOffice({
    db: deps.db,
    now,
    audit,
    approvals,
    concessions,
    inventory,
    payments,
    exchanges: booking.exchanges,
    card: cardRefundsFromTerminal({ db: deps.db, terminal }),
    options: { refundCutoffMinutes: booking.options.refundCutoffMinutes },
  });
  return {
    db: deps.db,
    redis: deps.redis,
    now,
    events,
    mailer,
    rateLimiter,
    audit,
    catalogue: createCatalogue({
      db: deps.db,
      now,
      cache: catalogueCache,
      seatStates: (screeningId) => inventory.seatMap({ screeningId }).then((map) => map.seats),
    }),
    accounts: createAccounts({ db: deps.db, mailer, rateLimiter, audit, now, redis: deps.redis }),
    users: createUserDirectory({ db: deps.db }),
    auditTrail: createAuditTrail({ db: deps.db }),
    boxOffice,
    programme,
    prices,
    media: createMedia({ db: deps.db }),
    venues: programmeWrites.wrap(
      createVenues({ db: deps.db, audit: programmeAudit, now, rebuildSeats: (screeningId) => inventory.rebuild(screeningId) }),
    ),
    scheduling,
    inventory,
    payments,
    booking,
    approvals,
    concessions,
    counter: createCounter({ db: deps.db, booking, inventory, payments, concessions, approvals, audit, boxOffice, terminal, now }),
    shifts: createShifts({ db: deps.db, approvals, audit, now }),
    door: createDoor({ db: deps.db, audit, events, now }),
    printing: createPrinting({ db: deps.db, audit, now }),
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * The providers webhooks and refunds can reach, by name. Checkouts use one of them (PAYMENTS_PROVIDER, booking's
 * paymentProvider); the others stay so that their payments can still be refunded and their late webhooks recorded.
 */
function paymentProviders(settings: ReturnType<typeof env>, db: Database, now: () => Date): Record<string, PaymentProvider> {
  const providers: Record<string, PaymentProvider> = {};
  // Only build the sandbox where it is enabled: in production it needs its own secret.
  if (paymentsSandboxEnabled(settings)) {
    providers.sandbox = createSandboxProvider({
      db,
      now,
      appUrl: settings.APP_URL,
      webhookSecret: sandboxWebhookSecret(),
      delaySeconds: settings.SANDBOX_DELAY_SECONDS,
    });
  }
  if (settings.STRIPE_SECRET_KEY && settings.STRIPE_WEBHOOK_SECRET) {
    providers.stripe = createStripeProvider({
      secretKey: settings.STRIPE_SECRET_KEY,
      webhookSecret: settings.STRIPE_WEBHOOK_SECRET,
      now,
      api: { host: settings.STRIPE_API_HOST, port: settings.STRIPE_API_PORT, protocol: settings.STRIPE_API_PROTOCOL },
    });
  }
  return providers;
}

// Route bundles each get their own copy of this module: the configuration and the services live on globalThis so
// that one process has one of each.
const globalForServices = globalThis as unknown as { marqueeServices?: Services; marqueeServiceConfig?: AppServiceConfig };

export interface AppServiceConfig {
  /** The workflow engine's publisher (Inngest in the app). */
  events: EventPublisher;
}

/** The app's wiring, given once at start-up (instrumentation.ts) before the first request builds the services. */
export function configureServices(config: AppServiceConfig): void {
  if (globalForServices.marqueeServices) throw new Error("configureServices() must run before services() is first called");
  globalForServices.marqueeServiceConfig = config;
}

export function services(): Services {
  globalForServices.marqueeServices ??= createServices({
    db: defaultDb(),
    redis: defaultRedis(),
    events: globalForServices.marqueeServiceConfig?.events ?? createUnavailablePublisher(),
  });
  return globalForServices.marqueeServices;
}
