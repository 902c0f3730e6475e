import { randomBytes } from "node:crypto";
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

export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/, { timeout: PASSWORD_WORK_TIMEOUT });
}
