import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { demoAccounts, signIn, uniqueEmail } from "./helpers/accounts";
import { continueToCheckout, holdTwoSeats, payOnSandbox } from "./helpers/booking";
import { newPage, openScreening } from "./helpers/screenings";

// An admin creates a concession product at /admin/concessions and receives a delivery of it at one cinema; a
// customer booking a screening there adds it at checkout, pays, and sees it on the order page to collect at the
// counter. Screenings eight days ahead, which no other spec books.

test.describe("admin concessions", () => {
  test("an admin adds a product with stock; a customer adds it at checkout and sees it on the order page", async ({ page, browser }) => {
    test.setTimeout(180_000);
    const customer = await newPage(browser);
    await openScreening(customer, { dayOffset: 8, index: 2 });
    const cinema = ((await customer.locator("dt", { hasText: /^Cinema$/ }).locator("xpath=following-sibling::dd[1]/span[1]").textContent()) ?? "").trim();
    expect(cinema).not.toBe("");

    await signIn(page, demoAccounts.admin);
    await page.goto("/admin/concessions");
    await expect(page.getByRole("heading", { name: "Concessions", level: 2 })).toBeVisible();
    // Server-rendered first: a click before hydration would do nothing.
    await expect(page.locator("[data-ready]")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Concessions" })).toHaveAttribute("aria-current", "page");
    // The seeded products are listed with their stock.
    await expect(page.locator('tr[data-product="Large popcorn"]')).toBeVisible();

    // A new product: a bad price is refused beside its field first.
    const name = `Pretzel ${randomBytes(2).toString("hex")}`;
    await page.getByRole("button", { name: "New product" }).click();
    const dialog = page.getByRole("dialog", { name: "New product" });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
    await dialog.getByRole("combobox", { name: "Category", exact: true }).fill("Snacks");
    await dialog.getByRole("textbox", { name: /^Price/ }).fill("-2");
    await dialog.getByRole("button", { name: "Create product" }).click();
    await expect(dialog.getByText("Prices can't be negative")).toBeVisible();
    await dialog.getByRole("textbox", { name: /^Price/ }).fill("3.20");
    await dialog.getByRole("textbox", { name: "Description (optional)" }).fill("Warm, with salt.");
    await dialog.getByRole("button", { name: "Create product" }).click();
    await expect(dialog).toBeHidden();
    const row = page.locator(`tr[data-product="${name}"]`);
    await expect(row).toContainText("£3.20");

    // No stock anywhere yet: receive a delivery at the customer's cinema, with a reason.
    const stock = row.getByRole("button", { name: new RegExp(`^Stock of ${name} at ${cinema}: 0, low\\. Change$`) });
    await stock.click();
    const stockDialog = page.getByRole("dialog", { name: `Stock of ${name}` });
    await stockDialog.getByRole("radio", { name: "Receive delivery" }).click();
    await stockDialog.getByRole("spinbutton", { name: /Received/ }).fill("24");
    await stockDialog.getByRole("button", { name: "Save stock" }).click();
    await expect(stockDialog.getByText("Say why, in a few words")).toBeVisible();
    await stockDialog.getByRole("textbox", { name: "Reason" }).fill("Morning delivery");
    await stockDialog.getByRole("button", { name: "Save stock" }).click();
    await expect(stockDialog).toBeHidden();
    await expect(row.getByRole("button", { name: new RegExp(`^Stock of ${name} at ${cinema}: 24\\. Change$`) })).toBeVisible();

    if (process.env.E2E_SCREENSHOTS === "1") {
      // The table as it stands: no toast over it, no row under the pointer.
      await page.mouse.move(0, 0);
      await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "docs/screenshots/admin-concessions.png", fullPage: true });
    }

    // The customer adds two at checkout: the price follows, and the order page lists them to collect.
    await customer.reload();
    await expect(customer.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
    await holdTwoSeats(customer);
    await continueToCheckout(customer);
    const snacks = customer.getByRole("list", { name: "Snacks and drinks" });
    const pretzel = snacks.locator(`li[data-product="${name}"]`);
    await expect(pretzel).toContainText("£3.20");
    const price = customer.getByRole("region", { name: "Price", exact: true });
    const totalBefore = await price.getByTestId("order-total").textContent();
    await pretzel.getByRole("button", { name: `Add ${name}` }).click();
    await pretzel.getByRole("button", { name: `Add ${name}` }).click();
    await expect(pretzel.getByRole("status", { name: `${name} quantity` }).or(pretzel.locator("output"))).toHaveText("2");
    await expect(price.getByText(`2 × ${name}`)).toBeVisible();
    await expect(price.getByTestId("order-total")).not.toHaveText(totalBefore ?? "");
    const total = Number(((await price.getByTestId("order-total").textContent()) ?? "").replace(/[^\d.]/g, ""));
    expect(Math.round(total * 100) - Math.round(Number((totalBefore ?? "").replace(/[^\d.]/g, "")) * 100)).toBe(640);
    await customer.getByLabel("Email").fill(uniqueEmail("snacks"));
    if (process.env.E2E_SCREENSHOTS === "1") {
      await customer.evaluate(() => window.scrollTo(0, 0));
      await customer.screenshot({ path: "docs/screenshots/checkout-concessions.png", fullPage: true });
    }

    await payOnSandbox(customer, "Approve payment");
    await expect(customer.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });
    const item = customer.getByTestId("order-item");
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(`2 × ${name}`);
    await expect(item).toContainText("Collect at the counter");

    // The shelf at that cinema went down by two.
    await page.reload();
    await expect(page.locator("[data-ready]")).toBeVisible({ timeout: 20_000 });
    await expect(page.locator(`tr[data-product="${name}"]`).getByRole("button", { name: new RegExp(`^Stock of ${name} at ${cinema}: 22\\. Change$`) })).toBeVisible();
  });
});
