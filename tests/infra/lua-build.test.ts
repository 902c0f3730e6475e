// The Redis Lua scripts have to travel with a built app: a container or `output: "standalone"` copy has no checkout
// beside it. server/redis/lua.ts relies on Turbopack recognising `new URL("./x.lua", import.meta.url)`, copying the
// file into .next/server/assets and pointing the compiled URL there. Nothing else notices if that stops happening:
// a built server run from the checkout can still find the sources, so the e2e suite would keep passing.
//
// The first part checks the source form on every `vitest run`. The second needs a finished `next build` and is run by
// scripts/e2e.sh right after the build it already makes (MARQUEE_BUILD_DIR=.next), so CI doesn't build twice; it is
// skipped otherwise, because a .next left from an older build would be checked instead of the code under test.
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
  it("are the inventory's eight and the rate limiter's one", () => {
    // A new script shows up here: the build checks below pick it up by themselves.
    expect(scripts.map((script) => script.file)).toEqual([
      "server/inventory/extend.lua",
      "server/inventory/hold.lua",
      "server/inventory/load.lua",
      "server/inventory/release.lua",
      "server/inventory/resync.lua",
      "server/inventory/sell.lua",
      "server/inventory/snapshot.lua",
      "server/inventory/unlock.lua",
      "server/rate-limit/consume.lua",
    ]);
  });

  it.each(scripts)("$file is loaded through the one form the bundler traces", ({ name, source }) => {
    const dir = path.dirname(source);
    const literal = new RegExp(`new URL\\(\\s*["']\\./${name.replace(".", "\\.")}["']\\s*,\\s*import\\.meta\\.url\\s*\\)`);
    const loaders = readdirSync(dir).filter(
      (file) => /\.tsx?$/.test(file) && !file.endsWith(".test.ts") && literal.test(readFileSync(path.join(dir, file), "utf8")),
    );
    expect(loaders, `no module beside ${name} loads it with new URL("./${name}", import.meta.url)`).not.toEqual([]);
  });
});

const buildDir = process.env.MARQUEE_BUILD_DIR ? path.resolve(root, process.env.MARQUEE_BUILD_DIR) : undefined;

describe.skipIf(!buildDir)("Lua scripts in the built app (MARQUEE_BUILD_DIR)", () => {
  const dist = buildDir!;
  let work = "";
  let server: ChildProcess | undefined;
  let serverOutput = "";
  let redis: Redis | undefined;

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
    redis?.disconnect();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The emitted copy of a script: Turbopack names it <name>.<content hash>.lua. */
  function asset(stem: string): string | undefined {
    const assets = path.join(dist, "server/assets");
    const files = existsSync(assets) ? readdirSync(assets) : [];
    const emitted = files.find((file) => new RegExp(`^${stem}\\.[^.]+\\.lua$`).test(file));
    return emitted && path.join(assets, emitted);
  }

  it.each(scripts)("$file is emitted unchanged into server/assets", ({ stem, source }) => {
    const emitted = asset(stem);
    expect(emitted, `no ${stem}.<hash>.lua in ${dist}/server/assets`).toBeDefined();
    expect(readFileSync(emitted!, "utf8")).toBe(readFileSync(source, "utf8"));
  });

  it("is listed in the output trace of every server entry whose code uses it, so output: standalone ships it", () => {
    const serverFiles = readdirSync(path.join(dist, "server"), { recursive: true, encoding: "utf8" }) as string[];
    const chunks = new Map(
      serverFiles
        .filter((file) => file.endsWith(".js"))
        .map((file) => {
          const chunk = path.join(dist, "server", file);
          return [chunk, readFileSync(chunk, "utf8")] as const;
        }),
    );
    const traces = serverFiles
      .filter((file) => file.endsWith(".nft.json"))
      .map((file) => {
        const trace = path.join(dist, "server", file);
        const { files } = JSON.parse(readFileSync(trace, "utf8")) as { files: string[] };
        return { trace, files: files.map((listed) => path.resolve(path.dirname(trace), listed)) };
      });
    for (const { stem } of scripts) {
      const emitted = asset(stem);
      expect(emitted, `no ${stem}.<hash>.lua in ${dist}/server/assets`).toBeDefined();
      const users = [...chunks].filter(([, code]) => code.includes(`/assets/${path.basename(emitted!)}`)).map(([chunk]) => chunk);
      expect(users, `no server chunk refers to ${path.basename(emitted!)}`).not.toEqual([]);
      const tracing = traces.filter(({ files }) => files.some((file) => users.includes(file)));
      expect(tracing, `no server entry's trace includes the code that reads ${stem}.lua`).not.toEqual([]);
      for (const { trace, files } of tracing) {
        expect(files, `${path.relative(dist, trace)} loads code that reads ${stem}.lua but doesn't list it`).toContain(emitted);
      }
    }
  });

  describe("served by `next start` from a copy of the build", () => {
    // The build is copied away from the checkout and served from yet another directory, so neither the checkout's
    // server/ folder nor the working directory can stand in for what the build itself carries.
    const app = () => path.join(work, "app");
    const readLog = () => path.join(work, "lua-reads.log");

    beforeAll(async () => {
      cpSync(dist, path.join(app(), ".next"), { recursive: true, filter: (from) => from !== path.join(dist, "cache") });
      for (const file of ["package.json", "next.config.ts"]) cpSync(path.join(root, file), path.join(app(), file));
      symlinkSync(path.join(root, "node_modules"), path.join(app(), "node_modules"));
      const elsewhere = path.join(work, "elsewhere");
      mkdirSync(elsewhere);
      // Logs every .lua file the server reads, to show where the scripts really came from.
      const tracer = path.join(work, "trace-lua-reads.cjs");
      writeFileSync(
        tracer,
        `const fs = require("node:fs");
const { fileURLToPath } = require("node:url");
const log = ${JSON.stringify(readLog())};
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  const name = file instanceof URL ? fileURLToPath(file) : String(file);
  if (!name.endsWith(".lua")) return readFileSync.call(this, file, ...rest);
  try {
    const text = readFileSync.call(this, file, ...rest);
    fs.appendFileSync(log, name + "\\n");
    return text;
  } catch (error) {
    fs.appendFileSync(log, "FAILED " + name + "\\n");
    throw error;
  }
};
`,
      );

      const port = await freePort();
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
          },
        },
      );
      server.stdout!.on("data", (chunk) => (serverOutput += chunk));
      server.stderr!.on("data", (chunk) => (serverOutput += chunk));

      // Any tRPC call builds the app's services, and building them registers every script (inventory and rate
      // limiter); system.ping then touches nothing else, so no data is needed.
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`next start exited (${server.exitCode}):\n${serverOutput}`);
        const answer = await fetch(`http://127.0.0.1:${port}/api/trpc/system.ping`).catch(() => undefined);
        if (answer?.ok) break;
        if (answer) throw new Error(`system.ping answered ${answer.status}: ${await answer.text()}\n${serverOutput}`);
        if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${serverOutput}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 2 });
    }, 120_000);

    it("reads every script from the copy's server/assets, never from the checkout", () => {
      const reads = readFileSync(readLog(), "utf8").trim().split("\n");
      expect(reads.filter((line) => line.startsWith("FAILED "))).toEqual([]);
      expect(
        reads.every((file) => file.startsWith(path.join(app(), ".next/server/assets") + path.sep)),
        reads.join("\n"),
      ).toBe(true);
      expect([...new Set(reads.map((file) => path.basename(file).split(".")[0]))].sort()).toEqual(
        scripts.map((script) => script.stem).sort(),
      );
    });

    it.each(scripts)("Redis accepts $file as the server read it", async ({ stem, source }) => {
      const read = readFileSync(readLog(), "utf8")
        .trim()
        .split("\n")
        .find((file) => path.basename(file).startsWith(`${stem}.`))!;
      const lua = readFileSync(read, "utf8");
      expect(lua).toBe(readFileSync(source, "utf8"));
      const sha = await redis!.script("LOAD", lua);
      expect(sha).toBe(createHash("sha1").update(lua).digest("hex"));
    });
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
