import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const headers = (values: Record<string, string>) => new Headers(values);

describe("clientAddress", () => {
  it("takes the address our one proxy saw, not what the client wrote before it", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.9, 198.51.100.7" }), 1)).toBe("198.51.100.7");
    expect(clientAddress(headers({ "x-forwarded-for": "1.1.1.1, 2.2.2.2, 198.51.100.7" }), 1)).toBe("198.51.100.7");
  });

  it("counts further left behind a chain of trusted proxies", () => {
    const chain = headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" });
    expect(clientAddress(chain, 2)).toBe("198.51.100.7");
    // Fewer entries than proxies: the leftmost is the best there is.
    expect(clientAddress(headers({ "x-forwarded-for": "198.51.100.7" }), 3)).toBe("198.51.100.7");
  });

  it("reads the socket address Next.js fills in, then X-Real-IP, then gives up plainly", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "127.0.0.1" }), 1)).toBe("127.0.0.1");
    expect(clientAddress(headers({ "x-forwarded-for": " , ", "x-real-ip": "198.51.100.8" }), 1)).toBe("198.51.100.8");
    expect(clientAddress(headers({}), 1)).toBe("unknown");
  });
});
