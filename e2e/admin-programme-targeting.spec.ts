import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn } from "./helpers/accounts";
import { continueToCheckout, holdTwoSeats } from "./helpers/booking";
import { londonDate, newPage, openScreening } from "./helpers/screenings";

// Issue 10, parts 5 and 6: promo code restrictions and single-use batches (CSV), adverts for pre-show with a live
// preview and the pre-show reel, and a cinema's announcement on that cinema's screening pages only. Screenings five
// days ahead, which no other spec books.

/** `offsetMinutes` from now on London's wall clock, as a datetime-local input takes it ("2026-12-06T14:05"). */
function londonWallClock(offsetMinutes: number): string {
  const date = new Date(Date.now() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/London", dateStyle: "short", timeStyle: "short" })
    .format(date)
    .replace(" ", "T");
}

async function openAdmin(page: Page, path: string, heading: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { name: heading, level: 2 })).toBeVisible();
  // Server-rendered first: a click before hydration would do nothing.
  await expect(page.locator("[data-interactive]").first()).toBeVisible({ timeout: 20_000 });
}

const shots = process.env.E2E_SCREENSHOTS === "1";

test.describe("programme targeting", () => {
  test("a promo code needing 3 tickets is refused for 2 with its reason; a batch of single-use codes downloads as CSV", async ({ page, browser }) => {
    // An admin's two dialogs and a customer's way to checkout: more than one ordinary test's minute on a busy machine.
    test.setTimeout(150_000);
    await signIn(page, demoAccounts.admin);
    await openAdmin(page, "/admin/promo-codes", "Promo codes");

    const code = `FAM${randomBytes(3).toString("hex").toUpperCase()}`;
    await page.getByRole("button", { name: "New promo code" }).click();
    const dialog = page.getByRole("dialog", { name: "New promo code" });
    await dialog.getByRole("textbox", { name: "Code", exact: true }).fill(code);
    await dialog.getByRole("textbox", { name: "Description", exact: true }).fill("Family ticket offer");
    await dialog.getByRole("textbox", { name: "Uses per customer", exact: true }).fill("1");
    await dialog.getByRole("textbox", { name: "Minimum tickets", exact: true }).fill("3");
    await dialog.getByRole("group", { name: "Ticket types" }).getByRole("button", { name: "Adult" }).click();
    await dialog.getByRole("group", { name: "Ticket types" }).getByRole("button", { name: "Child" }).click();
    await expect(dialog.getByRole("group", { name: "Ticket types" }).getByRole("button", { name: "Child" })).toHaveAttribute("aria-pressed", "true");
    await dialog.getByRole("button", { name: "Create code" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("table", { name: "Promo codes" }).locator(`tr[data-promo-code="${code}"]`);
    await expect(row.locator('[data-cell="restrictions"]')).toHaveText("1 per customer · 3+ tickets · Adult, Child");

    // A batch: 25 single-use codes, downloaded as CSV at once.
    const prefix = `GV${randomBytes(2).toString("hex").toUpperCase()}`;
    await page.getByRole("button", { name: "Generate single-use codes" }).click();
    const batch = page.getByRole("dialog", { name: "Generate single-use codes" });
    await batch.getByRole("textbox", { name: "Prefix", exact: true }).fill(prefix);
    await batch.getByRole("textbox", { name: "How many", exact: true }).fill("25");
    await batch.getByRole("textbox", { name: "Description", exact: true }).fill(`Gift vouchers ${prefix}`);
    const downloading = page.waitForEvent("download");
    await batch.getByRole("button", { name: "Generate and download" }).click();
    const download = await downloading;
    const csv = (await readFile(await download.path(), "utf8")).trimEnd().split("\r\n");
    expect(csv[0]).toBe("code,description,valid_from,valid_until,used");
    expect(csv).toHaveLength(26);
    expect(new Set(csv.slice(1).map((line) => line.split(",")[0])).size).toBe(25);
    expect(csv[1]).toMatch(new RegExp(`^${prefix}-[A-Z2-9]{8},Gift vouchers ${prefix},`));
    await expect(batch).toBeHidden();
    const batchRow = page.getByRole("table", { name: "Single-use code batches" }).locator(`tr[data-batch="Gift vouchers ${prefix}"]`);
    await expect(batchRow.locator('[data-cell="batch-used"]')).toHaveText("0 / 25");
    if (shots) {
      await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 10_000 });
      await page.screenshot({ path: "docs/screenshots/admin-promo-codes.png", fullPage: true });
    }

    // A customer with two seats is told why the code doesn't apply.
    const customer = await newPage(browser);
    await openScreening(customer, { dayOffset: 5, index: 0 });
    await holdTwoSeats(customer);
    await continueToCheckout(customer);
    await customer.getByLabel("Promo code").fill(code);
    await customer.getByRole("button", { name: "Apply" }).click();
    await expect(customer.getByRole("alert").filter({ hasText: "That promo code needs at least 3 tickets in one booking." })).toBeVisible();
  });

  test("a pre-show trailer is previewed as it plays, and the pre-show reel totals it", async ({ page }) => {
    const title = `Coming soon ${randomBytes(3).toString("hex")}`;
    await signIn(page, demoAccounts.admin);
    await openAdmin(page, "/admin/adverts", "Adverts");
    await page.getByRole("button", { name: "New advert" }).click();
    const dialog = page.getByRole("dialog", { name: "New advert" });
    await dialog.getByLabel("Title").fill(title);
    await dialog.getByLabel("Text (optional)").fill("In cinemas this Christmas.");
    await dialog.getByRole("combobox", { name: "Placement" }).click();
    await page.getByRole("option", { name: "Pre-show" }).click();
    await dialog.getByLabel("Starts").fill(londonWallClock(-60));
    await dialog.getByLabel("Ends").fill(londonWallClock(7 * 24 * 60));
    await dialog.getByLabel("Priority").fill("900");
    // A pre-show advert needs a length.
    await dialog.getByRole("button", { name: "Create advert" }).click();
    await expect(dialog.getByText("Enter how long it runs before the film")).toBeVisible();
    await dialog.getByLabel("Length (seconds)").fill("95");
    await dialog.getByRole("combobox", { name: "Trailer for" }).click();
    const film = (await page.getByRole("option").nth(1).textContent())!.trim();
    await page.getByRole("option").nth(1).click();
    const preview = dialog.getByTestId("advert-preview");
    await expect(preview).toContainText(title);
    await expect(preview).toContainText(`Trailer · ${film} · 1:35`);
    if (shots) await page.screenshot({ path: "docs/screenshots/admin-adverts.png", fullPage: true });
    await dialog.getByRole("button", { name: "Create advert" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("table", { name: "Adverts" }).getByRole("row").filter({ hasText: title })).toContainText("Live now");

    await page.getByRole("tab", { name: "Pre-show reel" }).click();
    const reel = page.getByRole("table", { name: "Pre-show reel" });
    const item = reel.locator(`tr[data-reel-item="${title}"]`);
    await expect(item).toContainText(`Trailer: ${film}`);
    await expect(item).toContainText("1:35");
    await expect(reel.locator("tbody tr").first()).toHaveAttribute("data-reel-item", title);
    const total = (await reel.locator('[data-cell="reel-total"]').textContent())!.trim();
    const [minutes, seconds] = total.split(":").map(Number) as [number, number];
    expect(minutes * 60 + seconds).toBeGreaterThanOrEqual(95);
    await expect(reel).toContainText(`the film starts ${Math.ceil((minutes * 60 + seconds) / 60)} minutes after`);
    if (shots) await page.screenshot({ path: "docs/screenshots/admin-preshow-reel.png", fullPage: true });
  });

  test("a cinema's announcement shows on that cinema's screening page and not on another cinema's", async ({ page, browser }) => {
    const message = `Riverside car park closed (${randomBytes(3).toString("hex")})`;
    await signIn(page, demoAccounts.admin);
    await openAdmin(page, "/admin/announcements", "Announcements");
    await page.getByRole("button", { name: "New announcement" }).click();
    const dialog = page.getByRole("dialog", { name: "New announcement" });
    await dialog.getByLabel("Message").fill(message);
    await dialog.getByRole("combobox", { name: "Cinema" }).click();
    await page.getByRole("option", { name: "Marquee Riverside" }).click();
    await dialog.getByLabel("Starts").fill(londonWallClock(-60));
    await dialog.getByLabel("Ends").fill(londonWallClock(24 * 60));
    await dialog.getByRole("button", { name: "Create announcement" }).click();
    await expect(dialog).toBeHidden();

    const visitor = await newPage(browser);
    const firstShowtimeAt = async (cinema: string) => {
      await visitor.goto(`/showtimes?date=${londonDate(5)}&cinema=${cinema}`);
      const href = await visitor.getByTestId("showtime").first().getAttribute("href");
      expect(href).toMatch(/^\/screenings\//);
      return href!;
    };
    // The cinema's programme shows it too.
    await visitor.goto(`/showtimes?date=${londonDate(5)}&cinema=marquee-riverside`);
    await expect(visitor.getByRole("region", { name: "Announcements" })).toContainText(message);
    await visitor.goto(await firstShowtimeAt("marquee-riverside"));
    await expect(visitor.getByRole("region", { name: "Announcements" })).toContainText(message);
    await visitor.goto(await firstShowtimeAt("marquee-old-town"));
    await expect(visitor.getByRole("heading", { name: "Choose your seats" })).toBeVisible();
    await expect(visitor.getByText(message)).toHaveCount(0);
  });
});
