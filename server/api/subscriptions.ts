import { EventEmitter, on } from "node:events";

/**
 * Turns a callback subscription (subscribe(onEvent) → unsubscribe) into the async iterable a tRPC subscription
 * yields from. Ends, and unsubscribes, when the client goes away (signal aborted).
 */
export async function* fromCallbackSubscription<T>(
  subscribe: (onEvent: (event: T) => void) => Promise<() => Promise<void>>,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const events = new EventEmitter();
  const unsubscribe = await subscribe((event) => events.emit("event", event));
  try {
    for await (const [event] of on(events, "event", { signal })) yield event as T;
  } catch (error) {
    if (!(error instanceof Error && error.name === "AbortError")) throw error;
  } finally {
    await unsubscribe();
  }
}
