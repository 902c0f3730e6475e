import { expect, type Page } from "@playwright/test";

// The steps of buying tickets in the browser, shared by the specs that need a booking.

/** Holds two seats side by side ("Choose for me") and returns their ids. */
export async function holdTwoSeats(page: Page): Promise<string[]> {
  await page.getByLabel("Number of seats").selectOption("2");
  await page.getByRole("button", { name: "Choose for me" }).click();
  // "Choose for me" asks for the best seats, then holds them: two round trips on a busy machine.
  await expect(page.getByRole("heading", { name: /^Held for you:/ })).toBeVisible({ timeout: 15_000 });
  const mine = page.locator('[data-state="mine"]');
  await expect(mine).toHaveCount(2);
  return Promise.all([0, 1].map(async (i) => (await mine.nth(i).getAttribute("data-seat-id")) ?? ""));
}

export async function continueToCheckout(page: Page) {
  await page.getByRole("link", { name: "Continue to checkout" }).click();
  await expect(page).toHaveURL(/\/checkout\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  await expect(page.getByRole("timer")).toContainText(/\d+:\d{2}/);
}

export async function payOnSandbox(page: Page, decision: "Approve payment" | "Decline payment") {
  await page.getByRole("button", { name: /^Pay £/ }).click();
  await expect(page).toHaveURL(/\/sandbox-pay\//);
  await page.getByRole("button", { name: decision }).click();
  await expect(page).toHaveURL(/\/orders\/[A-Z0-9]+\?.*outcome=/);
}
