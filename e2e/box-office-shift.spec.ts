import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import bcrypt from "bcrypt";
import pg from "pg";
import { demoAccounts, PASSWORD_WORK_TIMEOUT, signIn, signInWithForm, uniqueEmail } from "./helpers/accounts";

// A clerk's shift from float to cash-up: open at a till with a float counted by note and coin, record a cash drop,
// take some sales, count the drawer short, have a manager approve the variance with their PIN, and read the report.
// The clerk and the till are this spec's own (other specs sell on the demo staff account's shift), made in the
// database like the demo staff: a staff account at the first cinema.

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const id = (prefix: string) => `${prefix}${Date.now().toString(36)}${randomBytes(6).toString("hex")}`;

async function newClerkAndTill() {
  const clerk = { email: uniqueEmail("clerk"), password: "marquee-clerk-e2e", name: "Casey Clerk" };
  const tillName = `Till ${randomBytes(2).toString("hex").toUpperCase()}`;
  const passwordHash = await bcrypt.hash(clerk.password, 10);
  await withClient(async (client) => {
    const { rows } = await client.query<{ homeCinemaId: string }>(`SELECT "homeCinemaId" FROM "User" WHERE "email" = $1`, [demoAccounts.staff.email]);
    const cinemaId = rows[0]?.homeCinemaId;
    if (!cinemaId) throw new Error("the demo staff account has no home cinema: is the e2e database seeded?");
    await client.query(
      `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "emailVerifiedAt", "homeCinemaId", "updatedAt")
       VALUES ($1, $2, $3, $4, 'STAFF', now(), $5, now())`,
      [id("usr"), clerk.email, clerk.name, passwordHash, cinemaId],
    );
    await client.query(`INSERT INTO "Till" ("id", "cinemaId", "name") VALUES ($1, $2, $3)`, [id("till"), cinemaId, tillName]);
  });
  return { clerk, tillName };
}

/** Counter sales as the sale screen records them (that screen is built elsewhere): a cash sale and a card sale. */
async function counterSales(email: string) {
  await withClient(async (client) => {
    const { rows } = await client.query<{ userId: string; shiftId: string; cinemaId: string }>(
      `SELECT u."id" AS "userId", s."id" AS "shiftId", s."cinemaId" FROM "User" u JOIN "Shift" s ON s."staffId" = u."id" AND s."status" = 'OPEN'
        WHERE u."email" = $1`,
      [email],
    );
    const open = rows[0];
    if (!open) throw new Error("the clerk has no open shift");
    // Products of this spec's own, inactive so that no catalogue lists them.
    const popcorn = id("prd");
    const cola = id("prd");
    for (const [productId, name, price] of [[popcorn, "Large popcorn", 625], [cola, "Cola", 400]] as const) {
      await client.query(
        `INSERT INTO "Product" ("id", "name", "category", "currency", "priceAmount", "active", "updatedAt") VALUES ($1, $2, 'E2E', 'GBP', $3, false, now())`,
        [productId, name, price],
      );
    }
    const sales = [
      { provider: "counter-cash", amount: 2450, tendered: 3000, items: [[popcorn, 2, 625], [cola, 3, 400]] as const },
      { provider: "counter-card", amount: 1875, tendered: null, items: [[popcorn, 3, 625]] as const },
    ];
    for (const sale of sales) {
      const orderId = id("ord");
      await client.query(
        `INSERT INTO "Order" ("id", "reference", "cinemaId", "channel", "status", "currency", "subtotalAmount", "totalAmount", "expiresAt", "paidAt",
           "staffId", "shiftId", "updatedAt")
         VALUES ($1, $2, $3, 'BOX_OFFICE', 'PAID', 'GBP', $4, $4, now(), now(), $5, $6, now())`,
        [orderId, randomBytes(4).toString("hex").toUpperCase(), open.cinemaId, sale.amount, open.userId, open.shiftId],
      );
      for (const [productId, quantity, price] of sale.items) {
        await client.query(
          `INSERT INTO "OrderItem" ("id", "orderId", "productId", "quantity", "currency", "unitPriceAmount", "status", "updatedAt")
           VALUES ($1, $2, $3, $4, 'GBP', $5, 'SOLD', now())`,
          [id("itm"), orderId, productId, quantity, price],
        );
      }
      await client.query(
        `INSERT INTO "Payment" ("id", "orderId", "provider", "providerRef", "currency", "amount", "status", "succeededAt", "shiftId",
           "tenderedAmount", "changeAmount", "updatedAt")
         VALUES ($1, $2, $3, $4, 'GBP', $5, 'SUCCEEDED', now(), $6, $7, $8, now())`,
        [id("pay"), orderId, sale.provider, id("ref"), sale.amount, open.shiftId, sale.tendered, sale.tendered === null ? null : sale.tendered - sale.amount],
      );
    }
  });
}

async function count(page: Page, scope: string, lines: Record<string, string>) {
  const counter = page.getByTestId(`${scope}-counter`);
  for (const [label, n] of Object.entries(lines)) await counter.getByLabel(`${label} count`, { exact: true }).fill(n);
}

test.describe("shift and cash-up", () => {
  test("a clerk opens a shift with a float, drops cash, closes short with a manager's PIN and reads the report", async ({ page, browser }) => {
    test.slow();
    const { clerk, tillName } = await newClerkAndTill();
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInWithForm(page, clerk);
    await page.goto("/box-office/shift");

    // Open: choose the till, count the float by note and coin (the running total follows).
    const openForm = page.locator('form[aria-label="Open a shift"][data-ready]');
    await expect(openForm).toBeVisible({ timeout: PASSWORD_WORK_TIMEOUT });
    await openForm.getByRole("radio", { name: new RegExp(tillName) }).click();
    await count(page, "float", { "£20": "2", "£10": "3", "£5": "2", "£1": "5", "50p": "4" });
    await expect(page.getByTestId("float-total")).toHaveText("£87.00");
    if (process.env.E2E_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/box-office-shift-open.png", fullPage: true });
    await openForm.getByRole("button", { name: /^Open shift with £87\.00/ }).click();

    const report = page.getByTestId("shift-report");
    await expect(report.getByText("X report (so far)")).toBeVisible();
    await expect(report.getByTestId("expected-cash")).toHaveText("£87.00");

    // Sales come in (the sale screen's rows), and the live X report counts the cash ones into the drawer.
    await counterSales(clerk.email);
    await page.reload();
    await expect(report.getByTestId("expected-cash")).toHaveText("£111.50");
    await expect(report.getByTestId("net-total")).toHaveText("£43.25");
    await expect(report.getByRole("row", { name: /Large popcorn 5 £31\.25/ })).toBeVisible();

    // A cash drop by its shortcut, once the page is interactive.
    await expect(page.locator("[data-ready]").filter({ has: page.getByRole("button", { name: /Cash drop/ }) })).toBeVisible();
    await page.keyboard.press("d");
    const drop = page.getByRole("dialog", { name: "Cash drop" });
    await drop.getByLabel("Amount").fill("40.00");
    await drop.getByLabel("Reason").fill("Safe drop before the evening");
    await drop.getByRole("button", { name: "Record drop" }).click();
    await expect(drop).toBeHidden();
    await expect(report.getByTestId("expected-cash")).toHaveText("£71.50");
    await expect(report.getByTestId("movements-table")).toContainText("Safe drop before the evening");

    // Close: the drawer holds £61.50 against £71.50 expected, £10 short: over the £5 threshold, so a manager's PIN.
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await page.keyboard.press("c");
    const closing = page.getByTestId("close-shift");
    await count(page, "count", { "£20": "2", "£10": "1", "£5": "2", "£1": "1", "50p": "1" });
    await expect(closing.getByTestId("close-expected")).toHaveText("£71.50");
    await expect(closing.getByTestId("close-variance")).toHaveText("-£10.00");
    if (process.env.E2E_SCREENSHOTS === "1") {
      await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "docs/screenshots/box-office-shift-close.png", fullPage: true });
    }
    await closing.getByLabel("Manager PIN").fill("1357");
    await closing.getByRole("button", { name: /^Close shift with £61\.50/ }).click();
    await expect(closing.getByText("That manager PIN is not right.")).toBeVisible();
    await closing.getByLabel("Manager PIN").fill(demoAccounts.manager.managerPin!);
    await closing.getByRole("button", { name: /^Close shift with £61\.50/ }).click();

    // The closed shift's report: counted, variance, who signed it off, ready to print.
    const closed = page.getByTestId("shift-report");
    await expect(closed.getByText("Shift report")).toBeVisible();
    await expect(closed.getByTestId("counted-cash")).toHaveText("£61.50");
    await expect(closed.getByTestId("variance")).toHaveText("-£10.00");
    await expect(closed.getByTestId("sign-off-status")).toContainText(`Variance signed off by ${demoAccounts.manager.name}.`);
    await expect(page.getByRole("button", { name: "Print report" })).toBeEnabled();

    if (process.env.E2E_SCREENSHOTS === "1") {
      // Without the "Shift closed" toast over the tables.
      await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "docs/screenshots/box-office-cash-up.png", fullPage: true });
    }

    // The manager's Z report for the day lists the shift, signed off.
    const manager = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(manager, demoAccounts.manager);
    await manager.goto("/box-office/shift/z");
    const z = manager.getByTestId("z-report");
    const row = z.getByRole("row").filter({ hasText: tillName });
    await expect(row).toContainText("£61.50");
    await expect(row).toContainText("-£10.00");
    await expect(row).toContainText(`Signed off: ${demoAccounts.manager.name}`);
    if (process.env.E2E_SCREENSHOTS === "1") await manager.screenshot({ path: "docs/screenshots/box-office-z-report.png", fullPage: true });

    // From there, the shift's own report: a manager corrects it after the close with an audited entry.
    await row.getByRole("link", { name: tillName }).click();
    const correction = manager.getByRole("form", { name: "Record a correction" });
    await correction.getByLabel("The drawer should have had").selectOption("less");
    await correction.getByLabel("Amount").fill("2.00");
    await correction.getByLabel("Reason").fill("A £2 payout was never recorded");
    await correction.getByRole("button", { name: "Record -£2.00" }).click();
    const corrected = manager.getByTestId("shift-report");
    await expect(corrected.getByTestId("movements-table")).toContainText("A £2 payout was never recorded");
    await expect(corrected.getByRole("row", { name: /^Variance after corrections/ })).toContainText("-£8.00");
    await expect(corrected.getByTestId("variance")).toHaveText("-£10.00");
    if (process.env.E2E_SCREENSHOTS === "1") await manager.screenshot({ path: "docs/screenshots/box-office-shift-report.png", fullPage: true });

    // The till is free again for the next shift.
    await page.getByRole("button", { name: "Open a new shift" }).click();
    await expect(page.locator('form[aria-label="Open a shift"]').getByRole("radio", { name: new RegExp(tillName) })).toBeEnabled();
  });
});
