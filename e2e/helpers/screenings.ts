import { type Browser, expect, type Page } from "@playwright/test";

/** The calendar day `offsetDays` from today in London, as the showtimes page takes it (YYYY-MM-DD). */
export function londonDate(offsetDays: number): string {
  const date = new Date(Date.now() + offsetDays * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(date);
}

/**
 * Opens the `index`th showtime of the day `dayOffset` days from today and waits for its seat map. Specs take their
 * own day and index so that tests running in parallel never touch the same seats.
 */
export async function openScreening(page: Page, { dayOffset, index }: { dayOffset: number; index: number }): Promise<string> {
  await page.goto(`/showtimes?date=${londonDate(dayOffset)}`);
  const link = page.getByTestId("showtime").nth(index);
  const href = (await link.getAttribute("href")) ?? "";
  expect(href).toMatch(/^\/screenings\//);
  await page.goto(href);
  await expect(page.getByRole("heading", { name: "Choose your seats" })).toBeVisible();
  await waitForSeatMap(page);
  return href;
}

/** A page in a browser context of its own: another person, with their own cookies. */
export async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Someone else, in a browser of their own, looking at the seat map at `href`: waits for the map like openScreening. */
export async function watchSeatMap(browser: Browser, href: string): Promise<Page> {
  const watcher = await newPage(browser);
  await watcher.goto(href);
  await waitForSeatMap(watcher);
  return watcher;
}

async function waitForSeatMap(page: Page) {
  // The first map of a screening loads its layout and Redis state cold; give a busy two-core machine time.
  await expect(page.getByRole("grid")).toBeVisible({ timeout: 20_000 });
  // Server-rendered: a click before hydration would do nothing (and a chosen seat count would be reset).
  await expect(page.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
}
