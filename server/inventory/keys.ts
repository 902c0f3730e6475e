// Redis keys of one screening. Every key carries the hash tag {s:<screeningId>}, so in a Redis Cluster a screening's
// keys share one slot (each script touches one slot) while different screenings spread across shards. The client's
// keyPrefix (e.g. "marquee:") goes in front; Redis hashes only what is inside the first {...}, so the tag still
// decides the slot. Every key a script touches is passed to it as a KEYS argument, because ioredis prefixes KEYS
// but could not prefix a key built inside Lua.
export type ScreeningKeys = ReturnType<typeof buildKeys>;

// Built once per screening and reused: every hold, release and refusal needs them, and building seven strings and a
// closure per call showed in the engine's profile. Bounded so that a long-lived process can't grow it forever.
const cache = new Map<string, ScreeningKeys>();
const CACHE_LIMIT = 10_000;

export function screeningKeys(screeningId: string): ScreeningKeys {
  let keys = cache.get(screeningId);
  if (!keys) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    keys = Object.freeze(buildKeys(screeningId));
    cache.set(screeningId, keys);
  }
  return keys;
}

function buildKeys(screeningId: string) {
  const tag = `{s:${screeningId}}`;
  return {
    /** Loaded marker and hall settings; its absence means "rebuild from PostgreSQL". */
    meta: `${tag}:meta`,
    /** seatId -> "kind|blocked|left|right". */
    layout: `${tag}:layout`,
    /** seatId -> "H|owner|deadlineMs|sinceMs" | "S|owner". */
    seats: `${tag}:seats`,
    /** owner -> comma-separated seat ids. */
    owners: `${tag}:owners`,
    /** Only one process rebuilds a screening at a time. */
    lock: `${tag}:rebuild-lock`,
    request: (requestKey: string) => `${tag}:req:${requestKey}`,
    /** Pub/sub channel name without the key prefix (channels are not keys; the module adds the prefix itself). */
    channel: `${tag}:changes`,
  };
}
