// The development mailbox shows every code and link the app mailed. It answers only on this machine: the route
// (app/dev/mailbox/api/route.ts) is called as Next calls it, with the Host header a browser would send, and the rule
// behind it (devMailboxServes in server/config/env.ts) with the settings of a development, a demo and a real server.
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/dev/mailbox/api/route";
import { devMailboxEnabled, devMailboxServes, isLoopbackHost } from "@/server/config/env";
import { services } from "@/server/services";

afterAll(async () => {
  const app = services();
  await app.inventory.close();
  app.redis.disconnect();
  await app.db.$disconnect();
});

const requestTo = (host: string, extra: Record<string, string> = {}) =>
  new Request(`http://${host}/dev/mailbox/api`, { headers: { host, ...extra } });
const hostHeaders = (host: string, extra: Record<string, string> = {}) => new Headers({ host, ...extra });

describe("/dev/mailbox", () => {
  it("answers a request to a loopback host and refuses (404) one that reached the app under another name", async () => {
    expect((await GET(requestTo("localhost:3000"))).status).toBe(200);
    expect((await GET(requestTo("127.0.0.1:3000"))).status).toBe(200);
    expect((await GET(requestTo("[::1]:3000"))).status).toBe(200);
    for (const host of ["marquee.example", "192.168.1.20:3000", "10.0.0.5", "localhost.evil.example"]) {
      const refused = await GET(requestTo(host));
      expect(refused.status, host).toBe(404);
      expect(await refused.text()).not.toContain("messages");
    }
    // A proxy on this machine that forwards a public name.
    expect((await GET(requestTo("127.0.0.1:3000", { "x-forwarded-host": "marquee.example" }))).status).toBe(404);
  });

  it("refuses when APP_URL is not on loopback or in production unless forced, and forced production still only on loopback", () => {
    const local = hostHeaders("localhost:3000");
    const development = { NODE_ENV: "development", DEV_MAILBOX: undefined, APP_URL: "http://localhost:3000" } as const;
    expect(devMailboxServes(local, development)).toBe(true);
    expect(devMailboxServes(local, { ...development, APP_URL: "https://tickets.example.com" })).toBe(false);
    expect(devMailboxServes(local, { ...development, NODE_ENV: "production" })).toBe(false);
    // npm run demo: a production build with DEV_MAILBOX=on, on loopback.
    const demo = { NODE_ENV: "production", DEV_MAILBOX: true, APP_URL: "http://localhost:3000" } as const;
    expect(devMailboxServes(local, demo)).toBe(true);
    expect(devMailboxServes(hostHeaders("203.0.113.7:3000"), demo)).toBe(false);
    // A copied demo .env on a real server: the mailbox neither serves nor swallows mail.
    const server = { ...demo, APP_URL: "https://tickets.example.com" };
    expect(devMailboxServes(hostHeaders("tickets.example.com"), server)).toBe(false);
    expect(devMailboxServes(local, server)).toBe(false);
    expect(devMailboxEnabled(server)).toBe(false);
    expect(devMailboxServes(local, { ...development, DEV_MAILBOX: false })).toBe(false);
  });

  it("tells loopback hosts from others", () => {
    for (const host of ["localhost", "LOCALHOST:80", "127.0.0.1:3100", "[::1]", "[::1]:3000"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["", "127.0.0.2", "app.localhost:3000", "localhost.example.com", "example.com:3000", "[::2]:3000", "0.0.0.0:3000"]) expect(isLoopbackHost(host), host).toBe(false);
  });
});
