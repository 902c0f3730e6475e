import { expect, test } from "@playwright/test";
import { newPage, openScreening as openShowtime, watchSeatMap } from "./helpers/screenings";

// The live seat map against the seeded programme. Each test takes its own screening (tomorrow, so it is on sale
// whatever the time of day) so that tests running in parallel never touch the same seats.
const openScreening = (page: Parameters<typeof openShowtime>[0], index: number) => openShowtime(page, { dayOffset: 1, index });

test.describe("live seat map", () => {
  test("a seat held in one browser greys out in another, and comes back when released", async ({ browser }) => {
    const buyer = await newPage(browser);
    const href = await openScreening(buyer, 0);
    const watcher = await watchSeatMap(browser, href);

    const freeSeat = buyer.locator('[data-state="free"][data-kind="STANDARD"]').first();
    const seatId = await freeSeat.getAttribute("data-seat-id");
    const watcherSeat = watcher.locator(`[data-seat-id="${seatId}"]`);
    await expect(watcherSeat).toHaveAttribute("data-state", "free");

    await freeSeat.click();
    const buyerSeat = buyer.locator(`[data-seat-id="${seatId}"]`);
    await expect(buyerSeat).toHaveAttribute("data-state", /selected|mine/);
    await expect(buyer.getByRole("heading", { name: /^Held for you:/ })).toBeVisible();
    await expect(buyer.getByRole("timer")).toContainText(/\d+:\d{2}/);

    // The watcher never reloads: the change arrives over the live subscription.
    await expect(watcherSeat).toHaveAttribute("data-state", "held");
    await expect(watcherSeat).toHaveAttribute("aria-disabled", "true");

    await buyer.getByRole("button", { name: /^Release seat/ }).click();
    await expect(watcherSeat).toHaveAttribute("data-state", "free");
    await expect(buyerSeat).toHaveAttribute("data-state", "free");
  });

  test("choose for me holds adjacent seats, and a reload finds them still held", async ({ page }) => {
    await openScreening(page, 1);
    await page.getByLabel("Number of seats").selectOption("3");
    await page.getByRole("button", { name: "Choose for me" }).click();
    const held = page.getByRole("heading", { name: /^Held for you:/ });
    await expect(held).toBeVisible({ timeout: 15_000 });
    const heldText = (await held.textContent()) ?? "";
    const labels = heldText.replace("Held for you:", "").split(",").map((s) => s.trim());
    expect(labels).toHaveLength(3);
    // Together in one row: same row letter, consecutive numbers.
    const rows = new Set(labels.map((label) => label.replace(/\d+$/, "")));
    expect(rows.size).toBe(1);
    const numbers = labels.map((label) => Number(label.replace(/^\D+/, ""))).sort((a, b) => a - b);
    expect(numbers[2]! - numbers[0]!).toBe(2);

    await page.reload();
    // The reloaded page fetches the seat map again (as long as the first load may take on a busy machine).
    await expect(page.getByRole("heading", { name: /^Held for you:/ })).toHaveText(heldText, { timeout: 15_000 });
    await expect(page.locator('[data-state="mine"]')).toHaveCount(3);
  });

  test("the seat map is usable from the keyboard with spoken labels", async ({ page }) => {
    await openScreening(page, 2);
    const firstSeat = page.locator('[role="gridcell"] button[tabindex="0"]');
    await firstSeat.focus();
    await expect(firstSeat).toHaveAttribute("aria-label", /^Row [A-Z]+, seat \d+, .+, (available|on hold|sold|not available)$/);
    const before = await firstSeat.getAttribute("data-seat-id");
    await page.keyboard.press("ArrowRight");
    const focused = page.locator(":focus");
    await expect(focused).not.toHaveAttribute("data-seat-id", before ?? "");
    await expect(focused).toHaveAttribute("aria-label", /^Row [A-Z]+, seat \d+/);
    await expect(page.getByRole("list", { name: "Seat legend" })).toBeVisible();
  });
});
