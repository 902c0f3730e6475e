import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn } from "./helpers/accounts";
import { holdTwoSeats } from "./helpers/booking";
import { openShiftFor, stockProductFor } from "./helpers/counter";
import { watchSeatMap } from "./helpers/screenings";

// The counter's sale screen: a regular sale with the keyboard alone, and a split payment. Each test sells as its own
// clerk (staff at Till 1, the manager at Till 2) for its own screening, so the two can run side by side.

/** Every key pressed, counted: the issue asks how many a sale takes. */
function keyboard(page: Page) {
  let count = 0;
  return {
    press: async (key: string) => {
      count += 1;
      await page.keyboard.press(key);
    },
    type: async (text: string) => {
      count += text.length;
      await page.keyboard.type(text);
    },
    count: () => count,
  };
}

/** How long the server took to answer a tRPC call (request sent → response headers). */
function serverTimes(page: Page) {
  const times: Record<string, number[]> = {};
  page.on("requestfinished", (request) => {
    const match = /\/api\/trpc\/(counter\.[A-Za-z]+)/.exec(request.url());
    if (!match || request.method() !== "POST") return;
    const timing = request.timing();
    (times[match[1]!] ??= []).push(Math.round(timing.responseStart - timing.requestStart));
  });
  return times;
}

const money = (text: string | null) => Math.round(Number((text ?? "").replace(/[^0-9.]/g, "")) * 100);

async function openSaleScreen(page: Page) {
  await page.goto("/box-office");
  await expect(page.locator("[data-ready]")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole("listbox", { name: "Today's screenings" })).toBeVisible();
}

test.describe("box office sale", () => {
  test("a counter sale with the keyboard alone: best 2, adult + child, cash with change, print", async ({ page }) => {
    await signIn(page, demoAccounts.staff);
    await openShiftFor(demoAccounts.staff.email, "Till 1");
    await page.setViewportSize({ width: 1366, height: 768 });
    const times = serverTimes(page);
    await openSaleScreen(page);
    const keys = keyboard(page);

    // The last screening of the day: the one most surely still on sale.
    await keys.press("/");
    await keys.press("PageDown");
    await keys.press("Enter");
    await expect(page.getByRole("grid")).toBeVisible({ timeout: 20_000 });
    // Other specs may sell seats of today's screenings meanwhile (the door's scene), so the count is compared, not fixed.
    const occupancy = page.getByRole("option", { selected: true }).getByTestId("occupancy");
    const soldNow = async () => Number(/(\d+) sold/.exec((await occupancy.textContent()) ?? "")?.[1] ?? Number.NaN);
    const soldBefore = await soldNow();
    expect(soldBefore).not.toBeNaN();
    const basket = page.getByRole("complementary", { name: "Basket" });
    await expect(basket.getByTestId("ticket-keys")).toContainText("1 Adult");
    await expect(basket.getByTestId("ticket-keys")).toContainText("2 Child");

    await keys.press("2");
    const seats = basket.getByRole("list", { name: "Seats in this sale" }).getByRole("listitem");
    await expect(seats).toHaveCount(2);
    await keys.press("1");
    await keys.press("2");
    await expect(seats.nth(0).getByRole("combobox")).toHaveValue("ADULT");
    await expect(seats.nth(1).getByRole("combobox")).toHaveValue("CHILD");
    await expect(seats.nth(1)).not.toContainText("…");
    // The running total follows the ticket types (aria-busy while the new price is fetched).
    const totalText = basket.getByTestId("sale-total");
    await expect(totalText).toHaveAttribute("aria-busy", "false");
    await expect(totalText).not.toHaveText("£0.00");
    const lines = await seats.evaluateAll((items) => items.map((item) => item.querySelector("span:last-child")?.textContent ?? ""));
    expect(lines.reduce((sum, text) => sum + money(text), 0)).toBe(money(await totalText.textContent()));
    const total = money(await totalText.textContent());
    if (process.env.E2E_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/box-office-sale.png" });

    await keys.press("p");
    const dialog = page.getByRole("dialog", { name: "Take payment" });
    await expect(dialog.getByLabel("Cash handed over")).toBeFocused();
    await keys.type("50");
    await expect(dialog.getByTestId("change-preview")).toHaveText(`£${((5000 - total) / 100).toFixed(2)}`);
    if (process.env.E2E_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/box-office-pay.png" });
    await keys.press("Enter");

    const done = page.getByRole("status", { name: "Sale complete" });
    await expect(done).toBeVisible({ timeout: 20_000 });
    await expect(done.getByTestId("change-due")).toHaveText(`£${((5000 - total) / 100).toFixed(2)}`);
    const reference = (await done.getByTestId("sale-reference").textContent())?.trim() ?? "";
    expect(reference).toMatch(/^[A-Z0-9]{8}$/);
    if (process.env.E2E_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/box-office-sale-done.png" });

    // Print opens the ticket print page (the printing work calls window.print() there).
    const popup = page.waitForEvent("popup");
    await keys.press("p");
    await expect(await popup).toHaveURL(new RegExp(`/box-office/print/${reference}$`));

    console.log(`[counter e2e] keystrokes ${keys.count()}; server ms ${JSON.stringify(times)}`);

    // The seats are sold: the next sale on this screening starts with an empty basket and the day counts them.
    await page.bringToFront();
    await keys.press("Enter");
    await expect(seats).toHaveCount(0);
    await expect.poll(soldNow).toBeGreaterThanOrEqual(soldBefore + 2);

    // The yardstick, on a warm screen: two adults, exact cash. Choosing the screening is one more key (Enter
    // on the highlighted one) when it is not chosen already.
    for (const list of Object.values(times)) list.length = 0;
    const regular = keyboard(page);
    await regular.press("2");
    await expect(seats).toHaveCount(2);
    await expect(totalText).toHaveAttribute("aria-busy", "false");
    await regular.press("p");
    await expect(dialog.getByLabel("Cash handed over")).toBeFocused();
    await regular.press("Enter");
    await expect(done.getByTestId("change-due")).toHaveText("£0.00");
    console.log(`[counter e2e] two adults, exact cash: keystrokes ${regular.count()}; server ms ${JSON.stringify(times)}`);
  });

  test("a split payment: part cash, the rest on the (sandbox) card terminal; web holds show up live", async ({ page, browser }) => {
    await signIn(page, demoAccounts.manager);
    await openShiftFor(demoAccounts.manager.email, "Till 2");
    await stockProductFor(demoAccounts.manager.email, { name: "E2E Popcorn", priceAmount: 450, quantity: 10 });
    // A tablet in landscape: the three columns still fit.
    await page.setViewportSize({ width: 1024, height: 768 });
    await openSaleScreen(page);

    const list = page.getByRole("listbox", { name: "Today's screenings" });
    const options = list.getByRole("option");
    const count = await options.count();
    const option = options.nth(Math.max(0, count - 2));
    const screeningId = ((await option.getAttribute("id")) ?? "").replace(/^screening-/, "");
    await expect(option.getByTestId("occupancy")).toContainText("0 held");

    // A customer online holds two seats: the counter's day list counts them without a reload (the SSE stream).
    const customer = await watchSeatMap(browser, `/screenings/${screeningId}`);
    await holdTwoSeats(customer);
    await expect(option.getByTestId("occupancy")).toContainText("2 held");

    await option.click();
    await expect(page.getByRole("grid")).toBeVisible({ timeout: 20_000 });
    await page.getByRole("region", { name: "Seats" }).focus();
    await page.keyboard.press("3");
    const basket = page.getByRole("complementary", { name: "Basket" });
    await expect(basket.getByRole("list", { name: "Seats in this sale" }).getByRole("listitem")).toHaveCount(3);
    await expect(basket.getByTestId("sale-total")).toHaveAttribute("aria-busy", "false");
    await expect(basket.getByTestId("sale-total")).not.toHaveText("£0.00");
    const ticketsTotal = money(await basket.getByTestId("sale-total").textContent());

    // Concessions: each product shows its key (⇧1…⇧9, in the order the cinema lists them); two join the total.
    const products = basket.getByRole("list", { name: "Products" });
    const popcorn = products.getByRole("button", { name: /^Add E2E Popcorn, £4\.50$/ });
    await expect(popcorn).toBeVisible();
    const key = (await popcorn.locator("kbd").textContent())?.replace("⇧", "");
    expect(key).toMatch(/^[1-9]$/);
    await page.keyboard.press(`Shift+Digit${key}`);
    await page.keyboard.press(`Shift+Digit${key}`);
    await expect(products.getByLabel("2 E2E Popcorn")).toBeVisible();
    await expect(basket.getByTestId("sale-total")).toHaveText(`£${((ticketsTotal + 900) / 100).toFixed(2)}`);
    const total = ticketsTotal + 900;
    if (process.env.E2E_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/box-office-sale-tablet.png" });

    await basket.getByRole("button", { name: /^Pay/ }).click();
    const dialog = page.getByRole("dialog", { name: "Take payment" });
    await dialog.getByRole("tab", { name: /Split/ }).click();
    await dialog.getByLabel("Cash part").fill("10");
    await expect(dialog.getByTestId("card-part")).toHaveText(`£${((total - 1000) / 100).toFixed(2)}`);
    await dialog.getByRole("button", { name: "Approve card" }).click();

    const done = page.getByRole("status", { name: "Sale complete" });
    await expect(done).toBeVisible({ timeout: 20_000 });
    await expect(done).toContainText(`cash £10.00 + card £${((total - 1000) / 100).toFixed(2)}`);
  });
});
