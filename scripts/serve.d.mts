import type { IncomingMessage, ServerResponse } from "node:http";

export const CLIENT_ADDRESS_HEADER: "x-marquee-client-address";
export function withClientAddress(
  handle: (req: IncomingMessage, res: ServerResponse) => unknown,
): (req: IncomingMessage, res: ServerResponse) => unknown;
export function parseServeArguments(args: string[], environment?: Record<string, string | undefined>): { port: number; hostname: string };
export const API_HANDLER_KEY: symbol;
export const API_BASE_PATH: "/api/trpc/";
type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;
export function routeRequests(nextHandle: Handler, apiHandle: Handler | undefined): Handler;
export function workerCount(environment?: Record<string, string | undefined>): number;
