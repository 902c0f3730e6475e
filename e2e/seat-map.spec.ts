import { expect, type Page, test } from "@playwright/test";
import { uniqueEmail } from "./helpers/accounts";
import { continueToCheckout } from "./helpers/booking";
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

  test("a click never refuses for a single gap: the map warns, and checkout refuses what would strand a seat", async ({ page }) => {
    // A showtime in a hall that keeps single gaps out (the seeded Studio allows them).
    let index = 3;
    for (; index < 10; index++) {
      await openScreening(page, index);
      if (!(await page.getByRole("grid").getAttribute("aria-label"))?.endsWith(", Studio")) break;
    }
    // The first three seats of a row whose first five are free standard seats side by side, against the wall.
    const seats = await page.evaluate(() => {
      for (const row of document.querySelectorAll('[role="row"]')) {
        const buttons = [...row.querySelectorAll<HTMLButtonElement>("button[data-seat-id]")].slice(0, 5);
        const columns = buttons.map((b) => Number((b.parentElement as HTMLElement).style.gridColumnStart));
        const together = columns.every((c, i) => i === 0 || c === columns[i - 1]! + 1);
        if (buttons.length === 5 && together && buttons.every((b) => b.dataset.state === "free" && b.dataset.kind === "STANDARD")) {
          return buttons.slice(0, 3).map((b) => b.dataset.seatId!);
        }
      }
      return null;
    });
    expect(seats, "a row with five free standard seats").not.toBeNull();
    const [first, second, third] = seats!.map((id) => page.locator(`[data-seat-id="${id}"]`)) as [ReturnType<Page["locator"]>, ReturnType<Page["locator"]>, ReturnType<Page["locator"]>];
    const warning = page.getByTestId("stranded-warning");
    const [, rowLabel, number] = /^Row (\w+), seat (\d+)/.exec((await first.getAttribute("aria-label")) ?? "") ?? [];
    const firstLabel = `${rowLabel}${number}`;

    // The second seat first: held at once, and the map warns that the first would be left alone.
    await second.click();
    await expect(second).toHaveAttribute("data-state", "mine");
    await expect(warning).toContainText(`Seat ${firstLabel} would be left empty on its own`);
    await expect(first).toHaveAttribute("data-warning", "stranded");
    await third.click();
    await expect(third).toHaveAttribute("data-state", "mine");
    // Then the first: the selection is whole, the warning goes.
    await first.click();
    await expect(first).toHaveAttribute("data-state", "mine");
    await expect(warning).toBeHidden();

    // Let the first go again and try to pay for the other two: checkout refuses, naming the seat.
    await first.click();
    await expect(first).toHaveAttribute("data-state", "free");
    await expect(warning).toBeVisible();
    await continueToCheckout(page);
    await page.getByLabel("Email").fill(uniqueEmail("gap"));
    await page.getByRole("button", { name: /^Pay £/ }).click();
    await expect(page.getByRole("alert").filter({ hasText: `would leave seat ${firstLabel} empty on its own` })).toBeVisible();
    await expect(page).toHaveURL(/\/checkout\//);
  });
});
