// Wires the domain modules together. Everything that serves a request (tRPC, pages, Inngest functions, scripts)
// gets its services from here, and tests build their own with createServices() against their own database and
// Redis prefix.
import { createAccounts } from "@/server/accounts";
import { createAuditLog, createAuditTrail } from "@/server/audit";
import { createBoxOffice } from "@/server/box-office";
import { createCatalogue } from "@/server/catalogue";
import { db as defaultDb, type Database } from "@/server/db";
import { createMailer } from "@/server/mail";
import { createRateLimiter } from "@/server/rate-limit";
import { redis as defaultRedis, type RedisClient } from "@/server/redis/client";
import { createUserDirectory } from "@/server/users";

export interface ServiceDeps {
  db: Database;
  redis: RedisClient;
  /** Injected so that tests can move time (code expiry, cooldowns) without sleeping. */
  now?: () => Date;
}

export function createServices(deps: ServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const mailer = createMailer({ db: deps.db });
  const rateLimiter = createRateLimiter(deps.redis);
  const audit = createAuditLog(deps.db);
  return {
    db: deps.db,
    redis: deps.redis,
    now,
    mailer,
    rateLimiter,
    audit,
    catalogue: createCatalogue({ db: deps.db, now }),
    accounts: createAccounts({ db: deps.db, mailer, rateLimiter, audit, now }),
    users: createUserDirectory({ db: deps.db }),
    auditTrail: createAuditTrail({ db: deps.db }),
    boxOffice: createBoxOffice({ db: deps.db, now }),
  };
}

export type Services = ReturnType<typeof createServices>;

const globalForServices = globalThis as unknown as { marqueeServices?: Services };

export function services(): Services {
  globalForServices.marqueeServices ??= createServices({ db: defaultDb(), redis: defaultRedis() });
  return globalForServices.marqueeServices;
}
