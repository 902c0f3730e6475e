import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { demoAccounts } from "../../prisma/seed-data/accounts";

export { demoAccounts };

/** A fresh address per test, so parallel tests and repeated runs never meet the same account. */
export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@e2e.marquee.local`.toLowerCase();
}

/**
 * Sign-up and sign-in hash or check a password with bcrypt (cost 12, a deliberate quarter second or more of CPU), and
 * the first of them in a run also meets a cold server; on a two-core machine running two browsers beside the app
 * that has taken longer than Playwright's default five seconds. Assertions that wait on that work wait this long.
 */
export const PASSWORD_WORK_TIMEOUT = 20_000;

/** Fills and submits the sign-up form, and waits for the verify-email page it leads to. */
export async function signUp(page: Page, account: { name: string; email: string; password: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/verify-email\?email=/, { timeout: PASSWORD_WORK_TIMEOUT });
}

/** Fills and submits the sign-in form, and waits to leave it. */
export async function signInWithForm(page: Page, account: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/, { timeout: PASSWORD_WORK_TIMEOUT });
}

// The demo accounts sign in through the form once per run and per worker-visible cache, then reuse the session
// cookie: every spec signs in as them, and as many form sign-ins from one address would meet the real per-address
// sign-in limit (server/rate-limit/limits.ts), which the suite must not loosen. Their sessions are never revoked by a
// test (no spec disables them or changes their password); the sign-in form itself is covered by accounts.spec.ts
// and by every other account.
const demoEmails = new Set<string>(Object.values(demoAccounts).map((account) => account.email));
const sessionDir = path.join(os.tmpdir(), `marquee-e2e-sessions-${process.env.E2E_REDIS_KEY_PREFIX ?? "local"}`.replace(/[^\w.-]/g, "_"));

export async function signIn(page: Page, account: { email: string; password: string }) {
  if (!demoEmails.has(account.email)) return signInWithForm(page, account);
  const file = path.join(sessionDir, `${createHash("sha256").update(account.email).digest("hex").slice(0, 16)}.json`);
  const saved = await readFile(file, "utf8").catch(() => null);
  if (saved) {
    await page.context().addCookies(JSON.parse(saved));
    return;
  }
  await signInWithForm(page, account);
  await mkdir(sessionDir, { recursive: true });
  // Written whole then renamed, so a parallel worker never reads half a file.
  const partial = `${file}.${process.pid}.${randomBytes(3).toString("hex")}`;
  await writeFile(partial, JSON.stringify(await page.context().cookies()));
  await rename(partial, file);
}
