// The client address rate limits count against: the socket's (stamped by the production server) unless proxies are
// configured, and then what the outermost of them saw. The HTTP test runs scripts/serve.mjs's own stamping in front
// of a real node:http server, so a made-up header travels the way it would in production.
import { once } from "node:events";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER as SERVER_HEADER, parseServeArguments, withClientAddress } from "@/scripts/serve.mjs";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./client-address";

const headers = (values: Record<string, string>) => new Headers(values);

/** Sends one GET with the given headers to a server that answers with clientAddress() of what it received. */
async function addressSeenOverHttp(sent: Record<string, string>, trustedProxyHops: number): Promise<string> {
  const server = createServer(
    withClientAddress((req, res) => {
      const received = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") received.set(name, value);
      res.end(clientAddress(received, trustedProxyHops));
    }),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  try {
    const { port } = server.address() as AddressInfo;
    const response = await new Promise<import("node:http").IncomingMessage>((resolve, reject) => {
      request({ host: "127.0.0.1", port, path: "/", headers: sent }, resolve).on("error", reject).end();
    });
    let body = "";
    for await (const chunk of response) body += chunk;
    return body;
  } finally {
    server.close();
  }
}

describe("clientAddress", () => {
  it("names the same private header as the production server", () => {
    expect(CLIENT_ADDRESS_HEADER).toBe(SERVER_HEADER);
  });

  it("ignores made-up X-Forwarded-For and a forged private header without proxies (hops=0), over HTTP", async () => {
    const forgeries: Record<string, string>[] = [
      { "x-forwarded-for": "203.0.113.9" },
      { "x-forwarded-for": "203.0.113.9, 198.51.100.7" },
      { [CLIENT_ADDRESS_HEADER]: "198.51.100.99", "x-forwarded-for": "198.51.100.98" },
      { "x-real-ip": "198.51.100.97" },
    ];
    for (const forged of forgeries) {
      expect(await addressSeenOverHttp(forged, 0)).toBe("127.0.0.1");
    }
  });

  it("takes the entry our one proxy wrote with hops=1, over HTTP", async () => {
    expect(await addressSeenOverHttp({ "x-forwarded-for": "203.0.113.9, 198.51.100.7" }, 1)).toBe("198.51.100.7");
    // A request that bypassed the proxy (no header at all) counts against its socket.
    expect(await addressSeenOverHttp({}, 1)).toBe("127.0.0.1");
  });

  it("takes the address our one proxy saw, not what the client wrote before it", () => {
    const stamped = { [CLIENT_ADDRESS_HEADER]: "10.0.0.2" };
    expect(clientAddress(headers({ ...stamped, "x-forwarded-for": "203.0.113.9, 198.51.100.7" }), 1)).toBe("198.51.100.7");
    expect(clientAddress(headers({ ...stamped, "x-forwarded-for": "1.1.1.1, 2.2.2.2, 198.51.100.7" }), 1)).toBe("198.51.100.7");
  });

  it("counts further left behind a chain of trusted proxies, and uses the socket when the chain is too short", () => {
    const stamped = { [CLIENT_ADDRESS_HEADER]: "10.0.0.2" };
    expect(clientAddress(headers({ ...stamped, "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.3" }), 2)).toBe("198.51.100.7");
    // Fewer entries than proxies: the request didn't come through them all, and its leftmost entry is its own claim.
    expect(clientAddress(headers({ ...stamped, "x-forwarded-for": "198.51.100.7" }), 3)).toBe("10.0.0.2");
  });

  it("falls back to the rightmost X-Forwarded-For entry without the server's header (next dev), then gives up plainly", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "127.0.0.1" }), 0)).toBe("127.0.0.1");
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.9, ::1" }), 0)).toBe("::1");
    expect(clientAddress(headers({}), 0)).toBe("unknown");
  });
});

describe("the production server's arguments", () => {
  it("reads next start's -p and -H, and PORT and HOSTNAME", () => {
    expect(parseServeArguments(["-p", "3230", "-H", "127.0.0.1"], {})).toEqual({ port: 3230, hostname: "127.0.0.1" });
    expect(parseServeArguments(["--port=4000"], { HOSTNAME: "::1" })).toEqual({ port: 4000, hostname: "::1" });
    expect(parseServeArguments([], {})).toEqual({ port: 3000, hostname: "0.0.0.0" });
    expect(() => parseServeArguments(["--turbo"], {})).toThrow(/unknown argument/);
  });
});
