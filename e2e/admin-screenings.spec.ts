import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn } from "./helpers/accounts";

// An admin schedules a run of screenings at /admin/screenings, sees a second run refused for a conflict (first in
// the live preview, then by the server when saved anyway), and publishes the week. Six weeks ahead, where the seed
// schedules nothing and no other spec looks.
const WEEKS_AHEAD = 6;

async function openScheduler(page: Page) {
  await page.goto("/admin/screenings");
  await expect(page.getByRole("heading", { name: "Screenings", level: 2 })).toBeVisible();
  // Server-rendered first: a key press or click before hydration would do nothing.
  await expect(page.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
  // A seeded cinema with price plans: other specs add cinemas (without plans) that may sort first. Its Studio lane
  // shows once its week has loaded.
  await page.getByRole("combobox", { name: "Cinema", exact: true }).selectOption({ label: "Marquee Old Town" });
  await expect(page.getByRole("list", { name: /^Studio, / }).first()).toBeVisible();
}

async function fillRun(page: Page, times: string, days: number) {
  const dialog = page.getByRole("dialog", { name: "New run" });
  await expect(dialog).toBeVisible();
  // Choices load after the dialog opens.
  await expect(dialog.getByLabel("Film").locator("option")).not.toHaveCount(1);
  await dialog.getByLabel("Film").selectOption({ index: 1 });
  await dialog.getByLabel("Hall").selectOption({ index: 1 });
  await dialog.getByLabel("Price plan").selectOption({ index: 1 });
  await dialog.getByLabel("Times").fill(times);
  const first = await dialog.getByLabel("First date").inputValue();
  const [y, m, d] = first.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1, d + days - 1)).toISOString().slice(0, 10);
  await dialog.getByLabel("Last date").fill(last);
  return dialog;
}

test.describe("admin screenings scheduler", () => {
  test("an admin schedules a run, sees a clashing run refused, and publishes the week", async ({ page }) => {
    await signIn(page, demoAccounts.admin);
    await openScheduler(page);
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Screenings" })).toHaveAttribute("aria-current", "page");

    // The keyboard: → moves a week on, N opens the dialog.
    for (let week = 0; week < WEEKS_AHEAD; week++) {
      const label = await page.getByText(/^Week of /).textContent();
      await page.keyboard.press("ArrowRight");
      await expect(page.getByText(/^Week of /)).not.toHaveText(label ?? "");
    }
    await page.keyboard.press("n");
    const dialog = await fillRun(page, "11:00, 14:00, 18:30", 3);
    await expect(dialog.getByRole("status")).toContainText("9 screenings, no conflicts");
    await dialog.getByRole("button", { name: /^Schedule 9 screenings/ }).click();
    await expect(dialog).toBeHidden();
    const drafts = page.getByRole("listitem", { name: /, draft$/ });
    await expect(drafts).toHaveCount(9);

    // A second run in the same hall starting inside the first run's block: the preview names the clash.
    await page.getByRole("button", { name: "New run" }).click();
    const clashing = await fillRun(page, "15:00", 1);
    await expect(clashing.getByRole("status")).toContainText("1 conflict");
    await expect(clashing.getByRole("list", { name: "Conflicts" })).toContainText("is taken by");
    if (process.env.E2E_SCREENSHOTS === "1") {
      await page.screenshot({ path: "docs/screenshots/admin-scheduler-conflict.png" });
    }
    // Saved anyway: the server refuses it with the same explanation, and nothing is added.
    await clashing.getByRole("button", { name: /^Schedule 1 screening$/ }).click();
    await expect(clashing.getByText("Not scheduled")).toBeVisible();
    await expect(clashing.getByRole("alert").filter({ hasText: "is taken by" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(clashing).toBeHidden();
    await expect(drafts).toHaveCount(9);

    // E2E_SCREENSHOTS=1 refreshes the picture in docs/.
    if (process.env.E2E_SCREENSHOTS === "1") {
      await page.screenshot({ path: "docs/screenshots/admin-scheduler.png", fullPage: true });
    }

    await page.getByRole("button", { name: /^Publish week/ }).click();
    await expect(page.getByText("9 screenings published.")).toBeVisible();
    await expect(drafts).toHaveCount(0);
    await expect(page.getByRole("listitem", { name: /, published$/ })).toHaveCount(9);
  });
});
