// Redis's errors, told apart by name (ioredis may be loaded more than once per process, one copy per route bundle).

/** Redis answered, refusing the command (a script error, a wrong type): a bug, never an outage. */
export const isRedisReplyError = (error: unknown) => error instanceof Error && error.name === "ReplyError";

const CONNECTION_MESSAGES = [
  "Connection is closed.",
  "Stream isn't writeable",
  "Command timed out",
  "connect ECONNREFUSED",
  "connect ETIMEDOUT",
];

/** The command never got an answer: Redis is down, unreachable or hung (ioredis's own errors, or the socket's). */
export function isRedisUnreachable(error: unknown): boolean {
  if (!(error instanceof Error) || isRedisReplyError(error)) return false;
  if (error.name === "MaxRetriesPerRequestError") return true;
  const code = (error as { code?: unknown }).code;
  if (code === "ECONNREFUSED" || code === "ECONNRESET" || code === "ETIMEDOUT" || code === "EPIPE") return true;
  return CONNECTION_MESSAGES.some((message) => error.message.startsWith(message));
}

/** ioredis is between connections: Redis is known to be down, so a command would only wait in the offline queue. */
export const redisIsDown = (redis: { status: string }) => redis.status === "reconnecting" || redis.status === "end";
