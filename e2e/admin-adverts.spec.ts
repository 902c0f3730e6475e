import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { demoAccounts, signIn } from "./helpers/accounts";
import { newPage } from "./helpers/screenings";

// An admin uploads an image and creates a home-strip advert at /admin/adverts, seeing it in the home page's own
// component as they type; a visitor sees it on the home page at once.

/** `offsetMinutes` from now on London's wall clock, as a datetime-local input takes it ("2026-12-06T14:05"). */
function londonWallClock(offsetMinutes: number): string {
  const date = new Date(Date.now() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/London", dateStyle: "short", timeStyle: "short" })
    .format(date)
    .replace(" ", "T");
}

async function openAdverts(page: Page) {
  await page.goto("/admin/adverts");
  await expect(page.getByRole("heading", { name: "Adverts", level: 2 })).toBeVisible();
  // Server-rendered first: a click before hydration would do nothing.
  await expect(page.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
}

test.describe("admin adverts", () => {
  test("an admin uploads an image and creates a home-strip advert; a visitor sees it on the home page", async ({ page, browser }) => {
    const tag = randomBytes(3).toString("hex");
    const title = `Members' double bill ${tag}`;
    // A fresh image each run (the colour carries the tag), made here rather than read from a fixture.
    const png = await sharp({
      create: { width: 960, height: 480, channels: 3, background: `#${tag}` },
    })
      .png()
      .toBuffer();

    await signIn(page, demoAccounts.admin);
    await openAdverts(page);
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Adverts" })).toHaveAttribute("aria-current", "page");

    await page.getByRole("button", { name: "New advert" }).click();
    const dialog = page.getByRole("dialog", { name: "New advert" });
    await expect(dialog).toBeVisible();

    // An SVG is refused by the server, and the reason shows beside the field.
    await dialog.locator('input[type="file"]').setInputFiles({
      name: "art.svg",
      mimeType: "image/svg+xml",
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"/>'),
    });
    await expect(dialog.getByRole("alert").filter({ hasText: "SVG files can't be uploaded" })).toBeVisible();

    await dialog.locator('input[type="file"]').setInputFiles({ name: "double-bill.png", mimeType: "image/png", buffer: png });
    await expect(dialog.getByRole("img", { name: "Advert image: the uploaded image" })).toBeVisible();
    await expect(dialog.getByRole("button", { name: /^Replace/ })).toBeVisible();

    await dialog.getByLabel("Title").fill(title);
    await dialog.getByLabel("Text (optional)").fill("Two films, one ticket, every Thursday.");
    await dialog.getByLabel("Link (optional)").fill("/films");
    await expect(dialog.getByRole("combobox", { name: "Placement" })).toHaveText("Home page strip");
    await dialog.getByLabel("Starts").fill(londonWallClock(-60));
    await dialog.getByLabel("Ends").fill(londonWallClock(24 * 60));
    // Above the seed's strip adverts, so it is among the two the home page shows.
    await dialog.getByLabel("Priority").fill("500");

    // The live preview is the home page's strip component.
    const preview = dialog.getByTestId("advert-preview");
    await expect(preview.getByRole("heading", { name: title })).toBeVisible();
    await expect(preview.getByRole("link")).toHaveAttribute("href", "/films");

    // A bad link is refused beside its field and nothing is saved.
    await dialog.getByLabel("Link (optional)").fill("http://example.com");
    await dialog.getByRole("button", { name: "Create advert" }).click();
    await expect(dialog.getByText("Enter a path on this site starting with / or an address starting with https://")).toBeVisible();
    await dialog.getByLabel("Link (optional)").fill("/films");

    await dialog.getByRole("button", { name: "Create advert" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("table", { name: "Adverts" }).getByRole("row").filter({ hasText: title });
    await expect(row).toContainText("Live now");
    await expect(row).toContainText("Home page strip");

    const visitor = await newPage(browser);
    await visitor.goto("/");
    const offers = visitor.getByRole("region", { name: "Offers" });
    await expect(offers.getByRole("heading", { name: title })).toBeVisible();
    await expect(offers.getByRole("link").filter({ hasText: title })).toHaveAttribute("href", "/films");

    // Pausing takes it off the home page.
    await row.getByRole("button", { name: `Pause “${title}”` }).click();
    await expect(row).toContainText("Paused");
    await visitor.reload();
    await expect(visitor.getByRole("heading", { name: "Today's showtimes" })).toBeVisible();
    await expect(visitor.getByRole("heading", { name: title })).toHaveCount(0);
  });
});
