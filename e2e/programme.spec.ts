import { expect, type Locator, type Page, test } from "@playwright/test";
import { films } from "../prisma/seed-data/films";

// The public programme against the seeded database (scripts/e2e.sh seeds it for the real "today"), so the tests
// pick whatever film and screening the programme offers rather than naming fixed ones, and look at tomorrow where
// today's screenings might already be over.

function showtimeLinks(scope: Page | Locator) {
  return scope.getByTestId("showtime");
}

test.describe("public programme", () => {
  test("home → film → showtimes → screening", async ({ page }) => {
    await page.goto("/");
    const nowShowing = page.getByRole("region", { name: "Now showing", exact: true });
    await expect(nowShowing.getByRole("heading", { name: "Now showing" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Coming soon" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Today's showtimes" })).toBeVisible();

    const firstFilm = nowShowing.getByRole("listitem").first().getByRole("link");
    const title = (await firstFilm.getByRole("heading").textContent())?.trim() ?? "";
    expect(title).not.toBe("");
    await firstFilm.click();

    await expect(page).toHaveURL(/\/films\/[a-z0-9-]+$/);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(title));
    const poster = page.getByRole("img", { name: `Poster for ${title}` });
    await expect(poster).toBeVisible();

    const showtimes = page.getByRole("region", { name: "Showtimes" });
    await expect(showtimes.getByRole("heading", { level: 3 }).first()).toBeVisible();
    const first = showtimeLinks(showtimes).first();
    await expect(first).toBeVisible();
    const time = (await first.locator("time").textContent())?.trim() ?? "";
    expect(time).toMatch(/^\d{2}:\d{2}$/);
    await first.click();

    await expect(page).toHaveURL(/\/screenings\/[A-Za-z0-9_-]+$/);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByText(time).first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "Prices" })).toBeVisible();
    await expect(page.getByRole("cell", { name: "Adult" })).toBeVisible();
    await expect(page.getByText(/seats available|Sold out/)).toBeVisible();
    await expect(page.getByRole("link", { name: `All showtimes for ${title}` })).toBeVisible();
  });

  test("the trailer opens in a new tab and says so", async ({ page }) => {
    const withTrailer = films.find((film) => film.trailerUrl);
    test.skip(!withTrailer, "no seeded film has a trailer");
    await page.goto(`/films/${withTrailer!.slug}`);
    const trailer = page.getByRole("link", { name: /Watch the trailer \(opens in a new tab\)/ });
    await expect(trailer).toHaveAttribute("href", withTrailer!.trailerUrl!);
    await expect(trailer).toHaveAttribute("target", "_blank");
  });

  test("showtime filters narrow the results and can be cleared", async ({ page }) => {
    await page.goto("/showtimes");
    await expect(page.getByRole("heading", { level: 1, name: "Showtimes" })).toBeVisible();
    const results = page.getByRole("region", { name: /^(Today, )?\w+day \d+ \w+/ });

    // Tomorrow is always fully ahead of us, whatever the time of day the suite runs.
    const date = page.getByLabel("Date", { exact: true });
    const tomorrow = await date.locator("option").nth(1).getAttribute("value");
    await date.selectOption(tomorrow!);
    await expect(page).toHaveURL(new RegExp(`date=${tomorrow}`));
    await expect(results.getByRole("heading", { level: 2 })).not.toContainText("Today");
    const all = await showtimeLinks(page).count();
    expect(all).toBeGreaterThan(0);

    const cinema = page.getByLabel("Cinema", { exact: true });
    const cinemaName = (await cinema.locator("option").nth(1).textContent())!.trim();
    await cinema.selectOption({ label: cinemaName });
    await expect(page).toHaveURL(/cinema=[a-z0-9-]+/);
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(`at ${cinemaName}$`) })).toBeVisible();
    const atCinema = await showtimeLinks(page).count();
    expect(atCinema).toBeLessThan(all);

    await page.getByLabel("Format", { exact: true }).selectOption({ label: "IMAX" });
    await expect(page).toHaveURL(/format=imax/);
    await expect(page.getByRole("status").filter({ hasText: "Updating" })).toHaveCount(0);
    const imax = showtimeLinks(page);
    const imaxCount = await imax.count();
    expect(imaxCount).toBeLessThanOrEqual(atCinema);
    if (imaxCount === 0) {
      await expect(page.getByRole("heading", { name: "No showtimes match" })).toBeVisible();
    } else {
      for (const link of await imax.all()) await expect(link).toContainText("IMAX");
    }

    await page.getByRole("link", { name: "Clear filters" }).first().click();
    await expect(page).toHaveURL(/\/showtimes$/);
    await expect(page.getByLabel("Cinema", { exact: true })).toHaveValue("");
    await expect(page.getByLabel("Format", { exact: true })).toHaveValue("");
  });

  test("a filter combination with no screenings shows the empty state", async ({ page }) => {
    await page.goto("/showtimes?genre=No%20such%20genre");
    await expect(page.getByRole("heading", { name: "No showtimes match" })).toBeVisible();
    await page.getByRole("region", { name: /day/ }).getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/showtimes$/);
  });

  test("search finds a film by part of its title, whatever the case", async ({ page }) => {
    const film = films[0]!;
    const words = film.title.split(" ");
    const query = words.slice(0, Math.max(1, words.length - 1)).join(" ").toUpperCase();
    await page.goto("/");
    const box = page.getByRole("searchbox", { name: "Search films" }).first();
    if (await box.isVisible()) {
      await box.fill(query);
      await box.press("Enter");
    } else {
      await page.goto(`/search?q=${encodeURIComponent(query)}`);
    }
    await expect(page).toHaveURL(/\/search\?q=/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(query);
    const result = page.getByRole("link", { name: film.title, exact: true });
    await expect(result).toBeVisible();
    await result.click();
    await expect(page.getByRole("heading", { level: 1, name: film.title })).toBeVisible();
  });

  test("search explains an empty query and a query with no results", async ({ page }) => {
    await page.goto("/search");
    await expect(page.getByRole("heading", { name: "What would you like to watch?" })).toBeVisible();
    await page.goto("/search?q=zzzz-no-film-is-called-this");
    await expect(page.getByRole("heading", { name: "No films found" })).toBeVisible();
  });

  test("an unknown film or screening shows the not-found page", async ({ page }) => {
    await page.goto("/films/no-such-film-anywhere");
    await expect(page.getByRole("heading", { level: 1, name: "Film not found" })).toBeVisible();
    await expect(page).toHaveTitle(/Film not found/);
    await page.goto("/screenings/no-such-screening");
    await expect(page.getByRole("heading", { level: 1, name: "Screening not found" })).toBeVisible();
  });
});
