import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { demoAccounts, signIn } from "./helpers/accounts";

// An admin creates a film with a poster at /admin/films/new (a bad value is refused beside its field first), saves
// it as a draft (customers can't open it), publishes it, and finds it in the list; a visitor then sees its page.

async function waitForHydration(page: Page) {
  // Server-rendered first: a click before hydration would do nothing.
  await expect(page.locator("[data-interactive]").first()).toBeVisible({ timeout: 20_000 });
}

test.describe("admin films", () => {
  test("an admin creates a film with a poster, publishes it and sees it in the list", async ({ page, browser }) => {
    const tag = randomBytes(3).toString("hex");
    const title = `The Lantern Keeper ${tag}`;
    const slug = `the-lantern-keeper-${tag}`;
    // A fresh poster each run (the colour carries the tag), made here rather than read from a fixture.
    const png = await sharp({ create: { width: 600, height: 900, channels: 3, background: `#${tag}` } })
      .png()
      .toBuffer();

    await signIn(page, demoAccounts.admin);
    await page.goto("/admin/films");
    await expect(page.getByRole("heading", { name: "Films", level: 2 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Films" })).toHaveAttribute("aria-current", "page");
    await waitForHydration(page);

    await page.getByRole("link", { name: "New film" }).click();
    await expect(page.getByRole("heading", { name: "New film", level: 2 })).toBeVisible();
    await waitForHydration(page);
    const form = page.getByRole("form", { name: "New film" });

    // The address follows the title.
    await form.getByLabel("Title").fill(title);
    await expect(form.getByLabel("Address")).toHaveValue(slug);
    await form.getByLabel("Tagline (optional)").fill("Every light has a keeper.");
    await form.getByLabel("Synopsis").fill("On a storm-bound island, a lighthouse keeper finds a message that should not exist.");
    await form.getByLabel("Running time (minutes)").fill("112");
    await form.getByLabel("Release date").fill("2026-01-16");
    await form.getByLabel("Director").fill("Ines Marlowe");
    await form.getByLabel("Cast").fill("Ada Grey, Tomas Reyes");
    await form.getByLabel("Genres").fill("Drama, Mystery");
    await form.getByLabel("Trailer (optional)").fill("http://video.example/lantern");

    // Refused beside their fields, nothing created: an http trailer, and no poster yet.
    await form.getByRole("button", { name: "Create film" }).click();
    await expect(form.getByText("Enter an address starting with https://")).toBeVisible();
    await expect(form.getByText("Upload a poster")).toBeVisible();
    await expect(page).toHaveURL(/\/admin\/films\/new$/);

    await form.getByLabel("Trailer (optional)").fill("https://video.example/lantern");
    await form.locator('input[type="file"][aria-label="Poster"]').setInputFiles({ name: "lantern.jpg", mimeType: "image/jpeg", buffer: png });
    await expect(form.getByRole("img", { name: "Poster: the uploaded image" })).toBeVisible();
    await expect(form.getByRole("combobox", { name: "Status" })).toHaveText("Draft");
    if (process.env.E2E_SCREENSHOTS === "1") {
      // From the top, so the sticky site header is drawn where it belongs.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "docs/screenshots/admin-film-form.png", fullPage: true });
    }
    await form.getByRole("button", { name: "Create film" }).click();

    // Saved as a draft: its own page, which customers can't open yet.
    await expect(page.getByRole("heading", { name: title, level: 2 })).toBeVisible({ timeout: 20_000 });
    await expect(page).toHaveURL(/\/admin\/films\/[a-z0-9]+$/);
    const actions = page.getByRole("region", { name: "Status" });
    await expect(actions.getByText("Draft", { exact: true })).toBeVisible();
    const visitor = await browser.newPage();
    // The page streams (it has a loading state), so the refusal is its not-found page rather than a 404 status.
    await visitor.goto(`/films/${slug}`);
    await expect(visitor.getByRole("heading", { name: "Film not found", level: 1 })).toBeVisible();

    await waitForHydration(page);
    await actions.getByRole("button", { name: "Publish" }).click();
    await expect(actions.getByText("Published", { exact: true })).toBeVisible();

    // A visitor now sees the film's page, with the poster uploaded above.
    await visitor.goto(`/films/${slug}`);
    await expect(visitor.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    await expect(visitor.getByRole("img", { name: `Poster for ${title}` }).first()).toHaveAttribute("src", /\/media\/[a-f0-9]{32}-poster-400\.jpg/);
    await visitor.close();

    await page.goto("/admin/films");
    await waitForHydration(page);
    if (process.env.E2E_SCREENSHOTS === "1") {
      await page.screenshot({ path: "docs/screenshots/admin-films.png", fullPage: true });
    }
    await page.getByRole("searchbox", { name: "Title" }).fill(tag);
    await page.getByRole("button", { name: "Apply" }).click();
    const row = page.getByRole("table", { name: "Films" }).getByTestId("film-row").filter({ hasText: title });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Published");
    await expect(row).toContainText("0 upcoming");
    await expect(row.getByRole("link", { name: title })).toHaveAttribute("href", /\/admin\/films\/[a-z0-9]+$/);
  });
});
