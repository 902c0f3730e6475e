// readLuaScript's two forms: a file URL (vitest, tsx, route handlers in a build) and the client-asset path that
// Turbopack gives `new URL(...)` in app pages' chunks (see lua.ts). The built app itself is tests/infra/lua-build.test.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLuaScript } from "./lua";

const dist = mkdtempSync(path.join(os.tmpdir(), "marquee-lua-dist-"));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

/** What Turbopack's runtime makes of `new URL("./x.lua", import.meta.url)` in a page chunk: no protocol, a site path. */
function clientAssetUrl(href: string): URL {
  const url = Object.create(URL.prototype) as URL;
  for (const [key, value] of Object.entries({ href, pathname: href, protocol: "", origin: "" })) {
    Object.defineProperty(url, key, { value, enumerable: true });
  }
  return url;
}

describe("readLuaScript", () => {
  it("reads a file URL", () => {
    expect(readLuaScript(new URL("../rate-limit/consume.lua", import.meta.url))).toContain("redis.call");
  });

  it("reads a page chunk's client asset from the build's static/media", () => {
    mkdirSync(path.join(dist, "static/media"), { recursive: true });
    writeFileSync(path.join(dist, "static/media/consume.abc123.lua"), "return 1");
    expect(readLuaScript(clientAssetUrl("/_next/static/media/consume.abc123.lua"), dist)).toBe("return 1");
  });

  it("refuses anything else rather than guessing", () => {
    expect(() => readLuaScript(clientAssetUrl("/somewhere/else.lua"), dist)).toThrow(/Can't read the Lua script/);
  });
});
