import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { demoAccounts } from "../../prisma/seed-data/accounts";

export { demoAccounts };

/** A fresh address per test, so parallel tests and repeated runs never meet the same account. */
export function uniqueEmail(prefix = "e2e"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@e2e.marquee.local`.toLowerCase();
}

export async function signIn(page: Page, account: { email: string; password: string }) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // The first sign-in of a run hits a cold server (bcrypt, JWT, first render of the target page) on a busy machine.
  await expect(page).not.toHaveURL(/\/sign-in(\?|$)/, { timeout: 20_000 });
}
