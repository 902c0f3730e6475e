// How many seats one client may hold at once across the whole programme (docs/inventory.md, "Seat-holding limits"):
// per holder (guest cookie or account), per client address, per /24 (IPv4) or /64 (IPv6) network, and per screening
// per address. A request-rate limit alone doesn't stop hoarding: a slow script stays under it and keeps a hall held.
// quota.lua counts and refuses atomically; releases, sales and extensions keep the counts in step here, and
// deadlines in the counters make them heal by themselves if one of those updates is lost.
import { isIPv6 } from "node:net";
import { hasRole } from "@/server/accounts/roles";
import { AppError } from "@/server/errors";
import type { InventoryContext } from "./context";
import { list, parseReply } from "./replies";
import type { HoldQuota } from "./types";

export interface SeatLimits {
  perHolder: number;
  perAddress: number;
  /** Per /24 (IPv4) or /64 (IPv6) network. */
  perNetwork: number;
  perScreeningPerAddress: number;
}

// Every counter shares one hash tag: quota.lua touches a holder's, an address's and a network's counters at once, so
// in a Redis Cluster they must share a slot.
const TAG = "{hoard}";
const quotaKeys = {
  holder: (holderKey: string) => `${TAG}:holder:${holderKey}`,
  address: (address: string) => `${TAG}:addr:${address}`,
  network: (network: string) => `${TAG}:net:${network}`,
  screening: (address: string, screeningId: string) => `${TAG}:addr:${address}:s:${screeningId}`,
  order: (orderId: string) => `${TAG}:order:${orderId}`,
};

const member = (orderId: string, seatId: string) => `${orderId}|${seatId}`;

/** An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is its IPv4 address; IPv6 in lower case without a zone. */
export function normalAddress(address: string): string {
  const trimmed = address.trim().toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/**
 * The network an address belongs to for the per-network limit: its /24 for IPv4, its /64 for IPv6 (one household or
 * phone is usually given a whole /64 and may use any address in it). Anything else counts as a network of its own.
 */
export function networkOf(address: string): string {
  const normal = normalAddress(address);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(normal);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (!isIPv6(normal)) return normal;
  const [head = "", tail = ""] = normal.split("::");
  const left = head ? head.split(":") : [];
  const right = normal.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(":")}::/64`;
}

function holdingLimitError(reply: Record<string, unknown>, nowMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((Number(reply.nextFreeAt) - nowMs) / 1000));
  return new AppError(
    "TOO_MANY_REQUESTS",
    "You're holding the most seats we allow at once. Finish or cancel a booking you've started, or wait for a hold to " +
      "run out, then try again. For a group booking, please contact the box office.",
    { reason: "HOLDING_LIMIT", subject: reply.subject, limit: reply.limit, retryAfterSeconds },
  );
}

export function createSeatQuota(ctx: InventoryContext) {
  const { db, redis, scripts, options, callRedis } = ctx;
  // Longer than any hold can last (maxHoldSeconds), so a counter never disappears while one of its holds is live.
  const keyTtlMs = () => options.maxHoldSeconds * 1000 + 60_000;

  function subjectKeys(quota: HoldQuota, screeningId: string) {
    const address = normalAddress(quota.address);
    return [
      quotaKeys.holder(quota.holderKey),
      quotaKeys.address(address),
      quotaKeys.network(networkOf(address)),
      quotaKeys.screening(address, screeningId),
    ];
  }

  /** Staff (and the box office, which passes no quota) hold for customers: no per-client limit applies to them. */
  async function exempt(quota: HoldQuota): Promise<boolean> {
    if (!quota.userId) return false;
    const user = await db.user.findUnique({ where: { id: quota.userId }, select: { role: true } });
    return !!user && hasRole(user, "STAFF");
  }

  /**
   * Counts the seats against the client's limits until `deadlineMs`, or refuses (HOLDING_LIMIT, nothing counted).
   * Returns an undo for the members this call added, for a hold that fails after it; null when the client is exempt.
   */
  async function reserve(input: {
    quota: HoldQuota;
    screeningId: string;
    orderId: string;
    seatIds: string[];
    deadlineMs: number;
    nowMs: number;
  }): Promise<(() => Promise<void>) | null> {
    if (await exempt(input.quota)) return null;
    const keys = subjectKeys(input.quota, input.screeningId);
    const limits = options.seatLimits;
    const reply = parseReply(
      await callRedis(() =>
        scripts.inventoryQuota(
          ...keys,
          quotaKeys.order(input.orderId),
          input.nowMs,
          input.deadlineMs,
          keyTtlMs(),
          limits.perHolder,
          limits.perAddress,
          limits.perNetwork,
          limits.perScreeningPerAddress,
          ...keys,
          ...input.seatIds.map((seatId) => member(input.orderId, seatId)),
        ),
      ),
    );
    if (reply.status === "REFUSED") throw holdingLimitError(reply, input.nowMs);
    const added = list(reply.added);
    return async () => {
      if (added.length === 0) return;
      await callRedis(() => keys.reduce((multi, key) => multi.zrem(key, ...added), redis.multi()).exec()).catch(() => {
        // Not undone: the seats count against the client until the deadline they were counted with.
      });
    };
  }

  /** The counters this order's holds were counted in (any address it held from). */
  async function countersOf(orderId: string): Promise<string[]> {
    return callRedis(() => redis.hkeys(quotaKeys.order(orderId)));
  }

  /**
   * Seats the order no longer holds (released or sold) stop counting. Best effort: a lost update heals at the deadline.
   * `counters`: the lookup of the order's counters (`countersOf`, its rejection already handled), if the caller started
   * it alongside the Redis call that freed the seats, so that the two share a round trip.
   */
  async function forget(orderId: string, seatIds: string[], counters?: Promise<string[]>) {
    if (seatIds.length === 0) return;
    try {
      const counterKeys = await (counters ?? countersOf(orderId));
      if (counterKeys.length === 0) return;
      const members = seatIds.map((seatId) => member(orderId, seatId));
      await callRedis(() => counterKeys.reduce((multi, key) => multi.zrem(key, ...members), redis.multi()).exec());
    } catch (error) {
      console.error("[inventory] seat-holding counters not updated after a release or sale", error);
    }
  }

  /** Extended holds count until their new deadlines. Best effort, like forget: a lost update under-counts until then. */
  async function extend(orderId: string, deadlines: Array<{ seatId: string; holdExpiresAtMs: number }>) {
    if (deadlines.length === 0) return;
    try {
      const counters = await countersOf(orderId);
      if (counters.length === 0) return;
      await callRedis(() => {
        const multi = redis.multi();
        for (const key of counters) {
          for (const d of deadlines) multi.zadd(key, "XX", "GT", d.holdExpiresAtMs, member(orderId, d.seatId));
          multi.pexpire(key, keyTtlMs());
        }
        return multi.exec();
      });
    } catch (error) {
      console.error("[inventory] seat-holding counters not updated after an extension", error);
    }
  }

  /** What a client holds now, per counter (for tests and support). */
  async function heldBy(quota: HoldQuota, screeningId: string, nowMs: number) {
    const [holder, address, network, screening] = await Promise.all(
      subjectKeys(quota, screeningId).map((key) => callRedis(() => redis.zcount(key, `(${nowMs}`, "+inf"))),
    );
    return { holder: holder!, address: address!, network: network!, screening: screening! };
  }

  return { reserve, countersOf, forget, extend, heldBy, keys: quotaKeys };
}

export type SeatQuota = ReturnType<typeof createSeatQuota>;
