import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn } from "./helpers/accounts";
import { newPage } from "./helpers/screenings";

// An admin manages announcements at /admin/announcements; the home page shows them at once, and a save made from
// an outdated copy (a second tab) is refused with the reload message rather than overwriting the other save.

/** `offsetMinutes` from now on London's wall clock, as a datetime-local input takes it ("2026-12-06T14:05"). */
function londonWallClock(offsetMinutes: number): string {
  const date = new Date(Date.now() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/London", dateStyle: "short", timeStyle: "short" })
    .format(date)
    .replace(" ", "T");
}

const unique = (text: string) => `${text} (${randomBytes(3).toString("hex")})`;

async function openAnnouncements(page: Page) {
  await page.goto("/admin/announcements");
  await expect(page.getByRole("heading", { name: "Announcements", level: 2 })).toBeVisible();
  // Server-rendered first: a click before hydration would do nothing.
  await expect(page.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
}

/** The list's row for a message: scoped to the table, since toasts and the dialog may show the same words. */
function rowFor(page: Page, message: string) {
  return page.getByRole("table", { name: "Announcements" }).getByRole("row").filter({ hasText: message });
}

/** Creates a chain-wide announcement live from an hour ago to tomorrow through the dialog. */
async function createAnnouncement(page: Page, message: string) {
  await page.getByRole("button", { name: "New announcement" }).click();
  const dialog = page.getByRole("dialog", { name: "New announcement" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Message").fill(message);
  await expect(dialog.getByRole("combobox", { name: "Cinema" })).toHaveText("All cinemas");
  await dialog.getByLabel("Starts").fill(londonWallClock(-60));
  await dialog.getByLabel("Ends").fill(londonWallClock(24 * 60));
  // The live preview shows the banner as the site will.
  await expect(dialog.getByRole("region", { name: "Preview of the announcement" })).toContainText(message);
  await dialog.getByRole("button", { name: "Create announcement" }).click();
  await expect(dialog).toBeHidden();
  await expect(rowFor(page, message)).toContainText("Live now");
}

/** Opens the edit dialog of the row showing `message`. */
async function openEdit(page: Page, message: string) {
  await rowFor(page, message).getByRole("button", { name: /^Edit/ }).click();
  const dialog = page.getByRole("dialog", { name: "Edit announcement" });
  await expect(dialog.getByLabel("Message")).toHaveValue(message);
  return dialog;
}

test.describe("admin announcements", () => {
  test("an admin's new announcement and its edit show on the home page at once", async ({ page, browser }) => {
    await signIn(page, demoAccounts.admin);
    await openAnnouncements(page);
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Announcements" })).toHaveAttribute(
      "aria-current",
      "page",
    );

    const message = unique("Free popcorn refills all weekend");
    await createAnnouncement(page, message);
    // E2E_SCREENSHOTS=1 refreshes the picture in docs/ (ordinary runs leave the checkout alone).
    if (process.env.E2E_SCREENSHOTS === "1") {
      await expect(page.getByText("Announcement created.")).toBeHidden({ timeout: 10_000 });
      await page.screenshot({ path: "docs/screenshots/admin-announcements.png", fullPage: true });
    }

    const visitor = await newPage(browser);
    await visitor.goto("/");
    const banner = visitor.getByRole("region", { name: "Announcements" });
    await expect(banner).toContainText(message);

    // A message the form refuses stays beside its field and saves nothing.
    const dialog = await openEdit(page, message);
    await dialog.getByLabel("Ends").fill(londonWallClock(-120));
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog.getByText("The end must be after the start")).toBeVisible();

    const edited = unique("Popcorn refills are free until Sunday");
    await dialog.getByLabel("Ends").fill(londonWallClock(24 * 60));
    await dialog.getByLabel("Message").fill(edited);
    await dialog.getByRole("combobox", { name: "Severity" }).click();
    await page.getByRole("option", { name: "Warning" }).click();
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(dialog).toBeHidden();
    await expect(rowFor(page, edited)).toBeVisible();
    await expect(rowFor(page, message)).toHaveCount(0);

    await visitor.reload();
    await expect(banner).toContainText(edited);
    await expect(banner).not.toContainText(message);
    await expect(banner.getByRole("listitem").filter({ hasText: edited })).toContainText("Warning:");
  });

  test("a save from a second tab's outdated copy is refused with the reload message", async ({ page, context }) => {
    await signIn(page, demoAccounts.admin);
    await openAnnouncements(page);
    const message = unique("Bar closes early tonight");
    await createAnnouncement(page, message);

    // The same admin in a second tab opens the edit before the first tab saves.
    const second = await context.newPage();
    await openAnnouncements(second);
    const staleDialog = await openEdit(second, message);

    const first = await openEdit(page, message);
    const saved = unique("Bar closes at 9pm tonight");
    await first.getByLabel("Message").fill(saved);
    await first.getByRole("button", { name: "Save changes" }).click();
    await expect(first).toBeHidden();
    await expect(rowFor(page, saved)).toBeVisible();

    await staleDialog.getByLabel("Message").fill(unique("Bar open late tonight"));
    await staleDialog.getByRole("button", { name: "Save changes" }).click();
    await expect(staleDialog.getByRole("alert")).toContainText("changed by someone else. Reload");
    await staleDialog.getByRole("button", { name: "Reload" }).click();
    await expect(staleDialog).toBeHidden();
    await expect(rowFor(second, saved)).toBeVisible();
    await expect(rowFor(second, message)).toHaveCount(0);

    // The delete goes through a confirmation and takes the row away.
    await rowFor(second, saved).getByRole("button", { name: /^Delete/ }).click();
    await second.getByRole("dialog", { name: "Delete this announcement?" }).getByRole("button", { name: "Delete" }).click();
    await expect(rowFor(second, saved)).toHaveCount(0);
  });
});
