import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn, uniqueEmail } from "./helpers/accounts";
import { continueToCheckout, holdTwoSeats, payOnSandbox } from "./helpers/booking";
import { newPage, openScreening } from "./helpers/screenings";

// An admin creates a promo code at /admin/promo-codes; a customer uses it at checkout and the admin's list shows the
// redemption and the discount given; once the admin pauses it, checkout refuses it. Screenings four days ahead, which
// no other spec books.

async function openPromoCodes(page: Page) {
  await page.goto("/admin/promo-codes");
  await expect(page.getByRole("heading", { name: "Promo codes", level: 2 })).toBeVisible();
  // Server-rendered first: a click before hydration would do nothing.
  await expect(page.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
}

/** The list's row for a code: scoped to the table, since toasts mention the code too. */
function rowFor(page: Page, code: string) {
  return page.getByRole("table", { name: "Promo codes" }).locator(`tr[data-promo-code="${code}"]`);
}

/** A customer of their own holds two seats of the `index`th screening four days ahead and applies `code` at checkout. */
async function checkoutWith(page: Page, index: number, code: string) {
  await openScreening(page, { dayOffset: 4, index });
  await holdTwoSeats(page);
  await continueToCheckout(page);
  await page.getByLabel("Promo code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Apply" }).click();
}

test.describe("admin promo codes", () => {
  test("a 10% code is used at checkout, the list shows it, and pausing it makes checkout refuse it", async ({ page, browser }) => {
    // Two customers' checkouts and a payment besides the admin's steps: more than one ordinary test's minute when busy.
    test.setTimeout(150_000);
    await signIn(page, demoAccounts.admin);
    await openPromoCodes(page);
    await expect(page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Promo codes" })).toHaveAttribute(
      "aria-current",
      "page",
    );

    const code = `E2E${randomBytes(3).toString("hex").toUpperCase()}`;
    await page.getByRole("button", { name: "New promo code" }).click();
    const dialog = page.getByRole("dialog", { name: "New promo code" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("textbox", { name: "Code", exact: true }).fill(code.toLowerCase());
    await dialog.getByRole("textbox", { name: "Description", exact: true }).fill("Ten percent off for testers");
    // A bad value is refused beside its field and nothing is created.
    await dialog.getByRole("textbox", { name: "Percent off", exact: true }).fill("150");
    await dialog.getByRole("button", { name: "Create code" }).click();
    await expect(dialog.getByText("Enter a percentage from 1 to 100")).toBeVisible();
    await dialog.getByRole("textbox", { name: "Percent off", exact: true }).fill("10");
    await dialog.getByRole("textbox", { name: "Total uses allowed", exact: true }).fill("50");
    await dialog.getByRole("button", { name: "Create code" }).click();
    await expect(dialog).toBeHidden();
    const row = rowFor(page, code);
    await expect(row).toContainText("Active");
    await expect(row).toContainText("10% off");
    await expect(row.locator('[data-cell="redemptions"]')).toHaveText("0 / 50");

    // A customer uses it (typed in lower case, as checkout normalises it).
    const customer = await newPage(browser);
    await checkoutWith(customer, 0, code);
    const discountLine = customer.locator("dt", { hasText: `Promo code ${code}` });
    await expect(discountLine).toBeVisible();
    const discount = ((await discountLine.locator("xpath=following-sibling::dd[1]").textContent()) ?? "").replace("−", "").trim();
    expect(discount).toMatch(/^£\d+\.\d{2}$/);
    await customer.getByLabel("Email").fill(uniqueEmail("promo"));
    await payOnSandbox(customer, "Approve payment");
    await expect(customer.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });

    await openPromoCodes(page);
    await expect(row.locator('[data-cell="redemptions"]')).toHaveText("1 / 50");
    await expect(row.locator('[data-cell="discount-given"]')).toHaveText(discount);

    // Paused: the toast says so, the badge changes, and checkout refuses the code.
    await row.getByRole("button", { name: `Pause ${code}` }).click();
    await expect(page.locator("[data-sonner-toast]").filter({ hasText: `${code} paused` })).toBeVisible();
    await expect(row).toContainText("Paused");
    await expect(row.getByRole("button", { name: `Resume ${code}` })).toBeVisible();

    const second = await newPage(browser);
    await checkoutWith(second, 1, code);
    await expect(second.getByRole("alert").filter({ hasText: "That promo code isn't valid." })).toBeVisible();
    await expect(second.locator("dt", { hasText: `Promo code ${code}` })).toHaveCount(0);
  });
});
