import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { demoAccounts, signIn } from "./helpers/accounts";
import { paidWebOrderOf, shelveProductFor } from "./helpers/stock";

// Staff restock the shelf at /box-office/stock with the keyboard (filter, Enter, a reason) and see the count change;
// then hand a web customer's snacks over from Find a booking. Products and orders of the spec's own.

test.describe("box office stock", () => {
  test("a clerk receives a delivery with a reason and sees the count change", async ({ page }) => {
    const name = `Nachos ${randomBytes(3).toString("hex")}`;
    await shelveProductFor(demoAccounts.staff.email, { name, quantity: 4 });
    await signIn(page, demoAccounts.staff);
    await page.goto("/box-office/stock");
    await expect(page.getByRole("navigation", { name: "Box office screens" }).getByRole("link", { name: "Stock" })).toHaveAttribute("aria-current", "page");
    await expect(page.locator("[data-ready]")).toBeVisible({ timeout: 20_000 });

    const filter = page.getByRole("textbox", { name: "Filter products" });
    await filter.click();
    await page.keyboard.type(name);
    const table = page.getByRole("table", { name: "Products and stock" });
    await expect(table.locator("tbody tr")).toHaveCount(1);
    const row = table.locator(`tr[data-product="${name}"]`);
    await expect(row.getByTestId("stock-quantity")).toHaveText("4");
    await expect(row.getByText("low", { exact: true })).toBeVisible();

    // Enter opens a delivery; the reason is required.
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Stock of ${name}` });
    await expect(dialog.getByRole("radio", { name: "Receive delivery" })).toHaveAttribute("aria-checked", "true");
    await expect(dialog.getByRole("spinbutton", { name: /Received/ })).toBeFocused();
    await page.keyboard.type("24");
    await page.keyboard.press("Enter");
    await expect(dialog.getByText("Say why, in a few words")).toBeVisible();
    await dialog.getByRole("textbox", { name: "Reason" }).fill("Tuesday delivery");
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();

    await expect(row.getByTestId("stock-quantity")).toHaveText("28");
    await expect(row.getByText("low", { exact: true })).toHaveCount(0);
    const movements = page.getByRole("list", { name: "Movements" });
    await expect(movements.getByText("Delivery · Tuesday delivery")).toBeVisible();
    await expect(movements.getByText("+24")).toBeVisible();

    if (process.env.E2E_SCREENSHOTS === "1") {
      // The whole shelf, with the restocked product still picked and its delivery beside it.
      await filter.fill("");
      await table.locator(`tr[data-product="${name}"] td`).first().click();
      await expect(row).toHaveAttribute("aria-selected", "true");
      await expect(movements.getByText("Delivery · Tuesday delivery")).toBeVisible();
      await page.mouse.move(0, 0);
      await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
      await page.screenshot({ path: "docs/screenshots/box-office-stock.png" });
    }
  });

  test("a clerk hands a web order's snacks over from Find a booking", async ({ page }) => {
    const name = `Pick-n-mix ${randomBytes(3).toString("hex")}`;
    const productId = await shelveProductFor(demoAccounts.staff.email, { name, quantity: 30 });
    const order = await paidWebOrderOf(demoAccounts.staff.email, productId, 2);
    await signIn(page, demoAccounts.staff);
    await page.goto(`/box-office/orders?order=${order.id}`);
    await expect(page.locator("[data-ready]")).toBeVisible({ timeout: 20_000 });
    const booking = page.getByRole("region", { name: "Booking" });
    await expect(booking.getByRole("heading", { name: new RegExp(order.reference) })).toBeVisible({ timeout: 15_000 });
    const items = booking.getByRole("region", { name: "Concessions" });
    const item = items.getByRole("row").filter({ hasText: name });
    await expect(item.getByText("to collect")).toBeVisible();
    const handOver = booking.getByRole("button", { name: /^Hand over all \(1\)/ });
    await expect(handOver).toBeEnabled();

    await page.locator("body").press("h");
    await expect(item.getByText(/^collected \d{2}:\d{2}$/)).toBeVisible();
    await expect(item.getByText("to collect")).toHaveCount(0);
    await expect(handOver).toHaveCount(0);
    await expect(booking.getByRole("region", { name: "History" }).getByText("Concessions handed over")).toBeVisible();
  });
});
