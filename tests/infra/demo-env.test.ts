// `npm run demo` serves a production build, where the development mailbox and the sandbox payment provider are off
// unless its .env turns them on. This runs the demo's own .env step (scripts/lib/demo-env.sh), fresh and over an
// .env from an older demo, then asks the app's settings, as a production process would read them, what it gets.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "dotenv";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(os.tmpdir(), "marquee-demo-env-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ensureDemoEnv(file: string) {
  execFileSync("bash", ["-c", 'source scripts/lib/demo-env.sh && ensure_demo_env "$1"', "ensure", file], { cwd: root, stdio: "pipe" });
  return parse(readFileSync(file));
}

/** What the app's settings say in a production process started with exactly these variables. */
function productionSettings(vars: Record<string, string>) {
  const script = `
    import("./server/config/env.ts").then((m) => {
      let secret = "missing";
      try { secret = m.sandboxWebhookSecret(); } catch {}
      const problems = m.paymentsConfigurationProblems();
      console.log(JSON.stringify({ sandbox: m.paymentsSandboxEnabled(), mailbox: m.devMailboxEnabled(), secret, problems }));
    });`;
  const output = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["-e", script], {
    cwd: root,
    env: { PATH: process.env.PATH, ...vars, NODE_ENV: "production" },
    encoding: "utf8",
  });
  return JSON.parse(output.trim().split("\n").pop()!) as { sandbox: boolean; mailbox: boolean; secret: string; problems: string[] };
}

describe("the demo's .env", () => {
  it("written fresh, turns on the mailbox and the sandbox, with secrets of its own", () => {
    const vars = ensureDemoEnv(path.join(dir, "fresh.env"));
    expect(vars.AUTH_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(vars.SANDBOX_WEBHOOK_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(vars.SANDBOX_WEBHOOK_SECRET).not.toBe(vars.AUTH_SECRET);
    // Production takes only signed requests at /api/inngest and ignores INNGEST_DEV: the executor signs with this.
    expect(vars.INNGEST_DEV).toBeUndefined();
    expect(vars.INNGEST_BASE_URL).toBe("http://127.0.0.1:8288");
    expect(vars.INNGEST_SIGNING_KEY).toMatch(/^signkey-local-[0-9a-f]{64}$/);
    expect(vars.INNGEST_EVENT_KEY).toBeTruthy();
    expect(vars.PAYMENTS_SANDBOX_IN_PRODUCTION).toBe("i-understand");
    // It starts: the sandbox is acknowledged, so production's payment check finds nothing wrong.
    expect(productionSettings(vars)).toEqual({ sandbox: true, mailbox: true, secret: vars.SANDBOX_WEBHOOK_SECRET, problems: [] });
  });

  it("an .env from an older demo gets the sandbox settings it lacks, and keeps everything it had", () => {
    const file = path.join(dir, "older.env");
    const older = "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/marquee\nAUTH_SECRET=kept-as-it-was\nDEV_MAILBOX=on\n";
    writeFileSync(file, older);
    const vars = ensureDemoEnv(file);
    expect(readFileSync(file, "utf8").startsWith(older)).toBe(true);
    expect(vars.AUTH_SECRET).toBe("kept-as-it-was");
    expect(vars.INNGEST_SIGNING_KEY).toMatch(/^signkey-local-[0-9a-f]{64}$/);
    expect(productionSettings(vars)).toMatchObject({ sandbox: true, mailbox: true, secret: vars.SANDBOX_WEBHOOK_SECRET, problems: [] });
    // Running it again changes nothing.
    const again = readFileSync(file, "utf8");
    ensureDemoEnv(file);
    expect(readFileSync(file, "utf8")).toBe(again);
  });

  it("leaves a sandbox someone turned off alone", () => {
    const file = path.join(dir, "off.env");
    writeFileSync(file, "PAYMENTS_SANDBOX=off\nSANDBOX_WEBHOOK_SECRET=their-own-secret-0123456789\n");
    const vars = ensureDemoEnv(file);
    expect(vars.PAYMENTS_SANDBOX).toBe("off");
    const settings = productionSettings(vars);
    expect(settings.sandbox).toBe(false);
    // With no Stripe keys either, nothing could take a payment: production refuses to start and says why.
    expect(settings.problems).toEqual([expect.stringContaining("PAYMENTS_PROVIDER=sandbox needs the sandbox on")]);
  });
});

describe("npm run demo", () => {
  it("serves on 127.0.0.1 only: every start of the server in scripts/demo.sh is given the host, which defaults to loopback", () => {
    const script = readFileSync(path.join(root, "scripts/demo.sh"), "utf8");
    const starts = script.split("\n").filter((line) => /scripts\/serve\.mjs|next start/.test(line) && !line.trim().startsWith("#"));
    expect(starts.length).toBeGreaterThan(0);
    for (const line of starts) expect(line).toMatch(/-H "\$host"/);
    expect(script).toMatch(/^host="\$\{DEMO_HOST:-127\.0\.0\.1\}"$/m);
  });
});
