import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn } from "./helpers/accounts";
import { continueToCheckout, holdTwoSeats } from "./helpers/booking";
import { newPage, openScreening } from "./helpers/screenings";

// An admin adds a custom ticket type with a note and changes the adult price of the cinema's plans at /admin/prices;
// a customer's screening page and checkout at that cinema show the new adult price and the new type with its note.
// Screenings six days ahead, which no other spec books.

async function openPrices(page: Page) {
  await page.goto("/admin/prices");
  await expect(page.getByRole("heading", { name: "Prices", level: 2 })).toBeVisible();
  // Server-rendered first: a click before hydration would do nothing.
  await expect(page.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
}

/** The ticket prices listed on the open screening page, by label. */
async function listedPrices(page: Page): Promise<Map<string, number>> {
  const rows = page.getByRole("region", { name: "Prices", exact: true }).getByRole("row");
  const prices = new Map<string, number>();
  for (const row of await rows.all()) {
    const cells = row.getByRole("cell");
    if ((await cells.count()) !== 2) continue;
    // The label is the cell's first text; a note may follow it in a span of its own.
    const label = await cells.first().evaluate((cell) => cell.firstChild?.textContent ?? "");
    const amount = Number(((await cells.nth(1).textContent()) ?? "").replace(/[^\d.]/g, ""));
    prices.set(label.trim(), Math.round(amount * 100));
  }
  return prices;
}

test.describe("admin prices", () => {
  test("an admin changes the adult price and adds a ticket type; the customer's checkout at that cinema shows both", async ({ page, browser }) => {
    // Two browsers, a new type and every plan of the cinema saved in turn: longer than one booking.
    test.setTimeout(180_000);
    const customer = await newPage(browser);
    const href = await openScreening(customer, { dayOffset: 6, index: 0 });
    const cinema = ((await customer.locator("dt", { hasText: /^Cinema$/ }).locator("xpath=following-sibling::dd[1]/span[1]").textContent()) ?? "").trim();
    expect(cinema).not.toBe("");
    const before = await listedPrices(customer);
    expect(before.get("Adult")).toBeGreaterThan(0);

    await signIn(page, demoAccounts.admin);
    await openPrices(page);
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Prices" })).toHaveAttribute("aria-current", "page");
    await page.getByRole("combobox", { name: "Cinema" }).click();
    await page.getByRole("option", { name: cinema, exact: true }).click();
    await expect(page.getByRole("combobox", { name: "Cinema" })).toHaveText(cinema);

    // A new ticket type: a bad value is refused beside its field first.
    const name = `Carer ${randomBytes(2).toString("hex")}`;
    const note = "Free for a carer with a CEA card";
    await page.getByRole("button", { name: "New ticket type" }).click();
    const typeDialog = page.getByRole("dialog", { name: "New ticket type" });
    await typeDialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
    await typeDialog.getByRole("textbox", { name: "Code", exact: true }).fill("carer!");
    await typeDialog.getByRole("button", { name: "Add ticket type" }).click();
    await expect(typeDialog.getByText("Use capital letters, digits and underscores")).toBeVisible();
    const code = `CARER_${randomBytes(2).toString("hex").toUpperCase()}`;
    await typeDialog.getByRole("textbox", { name: "Code", exact: true }).fill(code);
    await typeDialog.getByRole("textbox", { name: "Note at checkout", exact: true }).fill(note);
    await typeDialog.getByRole("button", { name: "Add ticket type" }).click();
    await expect(typeDialog).toBeHidden();
    const typeRow = page.getByRole("table", { name: "Ticket types" }).locator(`tr[data-ticket-type="${code}"]`);
    await expect(typeRow).toContainText(note);
    await expect(typeRow).toContainText("On sale");

    // Every plan of the cinema: adult 14.25 and the new type 2.00 (a negative price is refused first).
    const plans = page.getByRole("table", { name: "Price plans" }).locator("tr[data-price-plan]");
    const planNames = await plans.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-price-plan") ?? ""));
    expect(planNames.length).toBeGreaterThan(0);
    for (const [i, plan] of planNames.entries()) {
      await page.getByRole("button", { name: `Edit ${plan}`, exact: true }).click();
      const dialog = page.getByRole("dialog", { name: `Edit ${plan}` });
      await expect(dialog).toBeVisible();
      const adult = dialog.getByRole("textbox", { name: "Adult", exact: true });
      if (i === 0) {
        await adult.fill("-1");
        await dialog.getByRole("button", { name: "Save prices" }).click();
        await expect(dialog.getByText("Amounts can't be negative")).toBeVisible();
      }
      await adult.fill("14.25");
      await dialog.getByRole("textbox", { name, exact: true }).fill("2.00");
      await dialog.getByRole("button", { name: "Save prices" }).click();
      await expect(dialog).toBeHidden();
      const row = page.getByRole("table", { name: "Price plans" }).locator(`tr[data-price-plan="${plan}"]`);
      await expect(row.locator('[data-cell="ADULT"]')).toHaveText("£14.25");
      await expect(row.locator(`[data-cell="${code}"]`)).toHaveText("£2.00");
    }
    // E2E_SCREENSHOTS=1 refreshes the picture in docs/ (ordinary runs leave the checkout alone).
    if (process.env.E2E_SCREENSHOTS === "1") {
      // From the top, so the sticky header is drawn once, where it belongs.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "docs/screenshots/admin-prices.png", fullPage: true });
    }

    // The customer's screening page shows the new prices at once: the format supplement (if any) is in both.
    await customer.goto(href);
    await expect(customer.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
    const after = await listedPrices(customer);
    expect(after.get("Adult")).not.toBe(before.get("Adult"));
    expect((after.get("Adult") ?? 0) - (after.get(name) ?? 0)).toBe(1425 - 200);
    await expect(customer.getByRole("region", { name: "Prices", exact: true }).getByText(note)).toBeVisible();

    // At checkout: the new type is offered with its price and its note, and choosing it prices the seat so.
    await holdTwoSeats(customer);
    await continueToCheckout(customer);
    const select = customer.getByRole("combobox", { name: /^Ticket type for seat / }).first();
    const money = (minor: number) => `£${(minor / 100).toFixed(2)}`;
    await expect(select.locator("option", { hasText: `Adult · ${money(after.get("Adult")!)}` })).toHaveCount(1);
    await expect(select.locator("option", { hasText: `${name} · ${money(after.get(name)!)}` })).toHaveCount(1);
    await expect(customer.getByRole("definition").filter({ hasText: note })).toBeVisible();
    await select.selectOption({ label: `${name} · ${money(after.get(name)!)}` });
    await expect(customer.getByRole("region", { name: "Price", exact: true }).getByText(`, ${name}`)).toBeVisible();
  });
});
