// The Redis Lua scripts have to travel with a built app: a container or `output: "standalone"` copy has no checkout
// beside it, and a page rendered by a React Server Component builds the services too. The .lua files are embedded as
// strings (scripts/generate-lua.mjs writes lua.generated.ts beside them), so nothing is read from disk at run time.
// A first attempt loaded them through `new URL("./x.lua", import.meta.url)`: route handlers found the copy Turbopack
// emitted, but Server Component chunks got a browser asset URL, and a fresh server showed every page as "Loading…"
// until some API route had built the services. So the built app is checked the way a visitor meets it: its first
// request is a page.
//
// The first part runs on every `vitest run`. The second needs a finished `next build` and is run by scripts/e2e.sh
// right after the build it already makes (MARQUEE_BUILD_DIR=.next), so CI doesn't build twice; it is skipped
// otherwise, because a .next left from an older build would be checked instead of the code under test.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

const scripts = (readdirSync(path.join(root, "server"), { recursive: true, encoding: "utf8" }) as string[])
  .filter((file) => file.endsWith(".lua"))
  .sort()
  .map((file) => {
    const source = path.join(root, "server", file);
    return { file: `server/${file}`, name: path.basename(file), stem: path.basename(file, ".lua"), source };
  });

describe("Lua script sources", () => {
  it("are the session cache's one, booking's basket cache's one, the concessions' three, the inventory's eleven and the rate limiter's one", () => {
    // A new script shows up here: the checks below pick it up by themselves.
    expect(scripts.map((script) => script.file)).toEqual([
      "server/accounts/session-cache.lua",
      "server/booking/basket-cache.lua",
      "server/concessions/invalidate.lua",
      "server/concessions/load.lua",
      "server/concessions/take.lua",
      "server/inventory/checkout.lua",
      "server/inventory/extend.lua",
      "server/inventory/hold.lua",
      "server/inventory/load.lua",
      "server/inventory/owned.lua",
      "server/inventory/quota.lua",
      "server/inventory/release.lua",
      "server/inventory/resync.lua",
      "server/inventory/sell.lua",
      "server/inventory/snapshot.lua",
      "server/inventory/unlock.lua",
      "server/rate-limit/consume.lua",
    ]);
  });

  it.each(scripts)("$file is embedded unchanged in the lua.generated.ts beside it (else: npm run lua:generate)", async ({ source, stem }) => {
    const generated = (await import(path.join(path.dirname(source), "lua.generated.ts"))) as { luaScripts: Record<string, string> };
    expect(generated.luaScripts[stem]).toBe(readFileSync(source, "utf8"));
  });

  it("the generated modules hold nothing but the scripts beside them", async () => {
    const { luaFolders, generatedModule } = (await import(path.join(root, "scripts/generate-lua.mjs"))) as {
      luaFolders: () => Map<string, string[]>;
      generatedModule: (folder: string, names: string[]) => string;
    };
    for (const [folder, names] of luaFolders()) {
      expect(readFileSync(path.join(folder, "lua.generated.ts"), "utf8"), `${folder}: run npm run lua:generate`).toBe(generatedModule(folder, names));
    }
  });
});

const buildDir = process.env.MARQUEE_BUILD_DIR ? path.resolve(root, process.env.MARQUEE_BUILD_DIR) : undefined;

describe.skipIf(!buildDir)("Lua scripts in the built app (MARQUEE_BUILD_DIR)", () => {
  const dist = buildDir!;
  let work = "";
  let server: ChildProcess | undefined;
  let serverOutput = "";

  beforeAll(() => {
    if (!existsSync(path.join(dist, "BUILD_ID"))) throw new Error(`${dist} is not a finished next build`);
    work = mkdtempSync(path.join(os.tmpdir(), "marquee-lua-build-"));
  });

  afterAll(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      process.kill(-server.pid, "SIGTERM");
      await exited;
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A line of the script that a bundler keeps verbatim inside a string literal (no quotes or backslashes). */
  const fingerprint = (source: string) =>
    readFileSync(source, "utf8")
      .split("\n")
      .filter((line) => !/["'\\`]/.test(line))
      .sort((a, b) => b.length - a.length)[0]!;

  it.each(scripts)("$file is inside the server bundle, with no .lua file to read", ({ source }) => {
    const serverFiles = readdirSync(path.join(dist, "server"), { recursive: true, encoding: "utf8" }) as string[];
    const line = fingerprint(source);
    const carriers = serverFiles.filter((file) => file.endsWith(".js") && readFileSync(path.join(dist, "server", file), "utf8").includes(line));
    expect(carriers, `no server chunk carries ${path.basename(source)}`).not.toEqual([]);
  });

  describe("served by `next start` from a copy of the build", () => {
    // The build is copied away from the checkout and served from yet another directory, so neither the checkout's
    // server/ folder nor the working directory can stand in for what the build itself carries.
    const app = () => path.join(work, "app");
    const readLog = () => path.join(work, "lua-reads.log");
    let port = 0;

    beforeAll(async () => {
      cpSync(dist, path.join(app(), ".next"), { recursive: true, filter: (from) => from !== path.join(dist, "cache") });
      for (const file of ["package.json", "next.config.ts"]) cpSync(path.join(root, file), path.join(app(), file));
      symlinkSync(path.join(root, "node_modules"), path.join(app(), "node_modules"));
      const elsewhere = path.join(work, "elsewhere");
      mkdirSync(elsewhere);
      writeFileSync(readLog(), "");
      // Logs any .lua file the server tries to read: there should be none.
      const tracer = path.join(work, "trace-lua-reads.cjs");
      writeFileSync(
        tracer,
        `const fs = require("node:fs");
const log = ${JSON.stringify(readLog())};
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file instanceof URL ? file.href : file).endsWith(".lua")) fs.appendFileSync(log, String(file) + "\\n");
  return readFileSync.call(this, file, ...rest);
};
`,
      );

      port = await freePort();
      server = spawn(
        process.execPath,
        [path.join(root, "node_modules/next/dist/bin/next"), "start", app(), "--port", String(port), "--hostname", "127.0.0.1"],
        {
          cwd: elsewhere,
          detached: true,
          stdio: ["ignore", "pipe", "pipe"],
          env: {
            ...process.env,
            NODE_ENV: "production",
            NODE_OPTIONS: `--require ${tracer}`,
            NEXT_TELEMETRY_DISABLED: "1",
            AUTH_SECRET: "marquee-lua-build-test-secret-0123456789abcdef",
            AUTH_TRUST_HOST: "true",
            APP_URL: `http://127.0.0.1:${port}`,
            // Production refuses to start without a payment provider: the acknowledged sandbox (no money here).
            PAYMENTS_SANDBOX_IN_PRODUCTION: "i-understand",
            SANDBOX_WEBHOOK_SECRET: "marquee-lua-build-test-sandbox-secret-0123456789",
          },
        },
      );
      server.stdout!.on("data", (chunk) => (serverOutput += chunk));
      server.stderr!.on("data", (chunk) => (serverOutput += chunk));

      // Ready once the health probe answers: it touches the database and Redis clients but builds no services, so
      // the first request below is the first to register the scripts.
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}):\n${serverOutput}`);
        const answer = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
        if (answer) break;
        if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${serverOutput}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }, 120_000);

    it("renders the home page as its very first request, through a Server Component that builds the services", async () => {
      const page = await fetch(`http://127.0.0.1:${port}/`);
      const html = await page.text();
      expect(page.status, serverOutput).toBe(200);
      // A server error inside the page streams an error boundary with a digest instead of the programme.
      expect(html, serverOutput).not.toContain('"digest"');
      expect(serverOutput).not.toMatch(/ERR_INVALID_ARG_TYPE|⨯/);
    });

    it("answers a tRPC call, whose services register every script", async () => {
      const answer = await fetch(`http://127.0.0.1:${port}/api/trpc/system.ping`);
      expect(answer.status, serverOutput).toBe(200);
    });

    it("reads no .lua file: the scripts are in the bundle", () => {
      expect(readFileSync(readLog(), "utf8")).toBe("");
    });
  });
});

describe("Redis", () => {
  let redis: Redis | undefined;
  afterAll(() => redis?.disconnect());

  it.each(scripts)("accepts $file as embedded", async ({ source, stem }) => {
    redis ??= new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 2 });
    const generated = (await import(path.join(path.dirname(source), "lua.generated.ts"))) as { luaScripts: Record<string, string> };
    const lua = generated.luaScripts[stem]!;
    expect(await redis.script("LOAD", lua)).toBe(createHash("sha1").update(lua).digest("hex"));
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
