// scripts/serve.mjs, the production server: which requests go to the API server and which to Next, and how many
// worker processes it runs.
import type { IncomingMessage, ServerResponse } from "node:http";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { API_BASE_PATH, API_HANDLER_KEY } from "@/lib/trpc/api-server";
import { API_BASE_PATH as SERVE_BASE_PATH, API_HANDLER_KEY as SERVE_HANDLER_KEY, routeRequests, workerCount } from "@/scripts/serve.mjs";

const request = (url: string) => ({ url }) as IncomingMessage;
const response = {} as ServerResponse;

describe("the production server", () => {
  it("finds the API handler where instrumentation.ts leaves it", () => {
    expect(SERVE_HANDLER_KEY).toBe(API_HANDLER_KEY);
    expect(SERVE_BASE_PATH).toBe(API_BASE_PATH);
  });

  it("sends /api/trpc/* to the API handler and everything else to Next", () => {
    const seen: string[] = [];
    const route = routeRequests(
      () => seen.push("next"),
      () => seen.push("api"),
    );
    for (const url of ["/api/trpc/system.ping?input=%7B%7D", "/api/trpc/seats.hold,seats.release?batch=1", "/", "/api/trpcx", "/api/auth/session", "/films/trpc"]) {
      route(request(url), response);
    }
    expect(seen).toEqual(["api", "api", "next", "next", "next", "next"]);
  });

  it("sends the API to Next when there is no API handler", () => {
    const seen: string[] = [];
    routeRequests(() => seen.push("next"), undefined)(request("/api/trpc/system.ping"), response);
    expect(seen).toEqual(["next"]);
  });

  it("runs WEB_CONCURRENCY workers, one per core by default", () => {
    expect(workerCount({})).toBe(os.availableParallelism());
    expect(workerCount({ WEB_CONCURRENCY: "" })).toBe(os.availableParallelism());
    expect(workerCount({ WEB_CONCURRENCY: "1" })).toBe(1);
    expect(workerCount({ WEB_CONCURRENCY: "3" })).toBe(3);
    expect(() => workerCount({ WEB_CONCURRENCY: "0" })).toThrow(/WEB_CONCURRENCY/);
    expect(() => workerCount({ WEB_CONCURRENCY: "two" })).toThrow(/WEB_CONCURRENCY/);
  });
});
