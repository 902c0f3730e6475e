import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn } from "./helpers/accounts";

// An admin creates a cinema (a bad time zone is refused beside its field), then builds a small hall in the layout
// editor with the keyboard (cursor, brushes by number, Shift+arrow box, Space to paint) and the mouse (drag a box,
// pick a brush, paint), sees a problem listed live, undoes and redoes, previews, saves, and the saved hall shows the
// layout it was given. A new cinema of its own, so no other spec is affected.

async function waitInteractive(page: Page) {
  // Server-rendered first: a click before hydration would do nothing.
  await expect(page.locator("[data-interactive]")).toBeVisible({ timeout: 20_000 });
}

const cell = (page: Page, row: number, col: number) => page.locator(`[data-row="${row}"][data-col="${col}"]`);

test.describe("admin cinemas and halls", () => {
  test("creates a cinema and builds a hall in the layout editor with the keyboard and the mouse", async ({ page }) => {
    await signIn(page, demoAccounts.admin);
    await page.goto("/admin/cinemas");
    await expect(page.getByRole("heading", { name: "Cinemas and halls", level: 2 })).toBeVisible();
    await waitInteractive(page);

    const tag = randomBytes(3).toString("hex");
    const name = `E2E Picturehouse ${tag}`;
    await page.getByRole("button", { name: "New cinema" }).click();
    const dialog = page.getByRole("dialog", { name: "New cinema" });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill(name);
    await expect(dialog.getByRole("textbox", { name: "Slug", exact: true })).toHaveValue(`e2e-picturehouse-${tag}`);
    await dialog.getByRole("textbox", { name: "Address", exact: true }).fill("1 Projector Lane");
    await dialog.getByRole("textbox", { name: "City", exact: true }).fill("Leeds");
    await dialog.getByRole("textbox", { name: "Postcode", exact: true }).fill("LS1 1AA");
    await dialog.getByRole("combobox", { name: "Time zone", exact: true }).fill("Europe/Leeds");
    await dialog.getByRole("button", { name: "Create cinema" }).click();
    await expect(dialog.getByText("Enter an IANA time zone such as Europe/London")).toBeVisible();
    await dialog.getByRole("combobox", { name: "Time zone", exact: true }).fill("Europe/London");
    await dialog.getByRole("button", { name: "Create cinema" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("table", { name: "Cinemas" }).getByRole("row").filter({ hasText: name });
    await expect(row).toContainText("Europe/London");
    await expect(row).toContainText("GBP");

    await row.getByRole("link", { name: `New hall in ${name}` }).click();
    await expect(page.getByRole("heading", { name: `New hall in ${name}` })).toBeVisible();
    await waitInteractive(page);
    await page.getByRole("textbox", { name: "Hall name" }).fill("Screen 1");
    await page.getByRole("spinbutton", { name: "Rows" }).fill("3");
    await page.getByRole("spinbutton", { name: "Columns" }).fill("6");
    await expect(cell(page, 2, 5)).toBeVisible();
    await expect(cell(page, 3, 0)).toHaveCount(0);

    // Keyboard: a wheelchair space at A1 and its companion seat beside it, then an aisle down column 3.
    const grid = page.getByRole("grid", { name: "Seat layout editor" });
    await grid.focus();
    await page.keyboard.press("3");
    await expect(page.getByRole("radio", { name: /Wheelchair/ })).toHaveAttribute("aria-checked", "true");
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("4");
    await page.keyboard.press("Enter");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("6");
    await page.keyboard.press("Space");
    await expect(cell(page, 0, 0)).toHaveAttribute("data-cell", "WHEELCHAIR");
    await expect(cell(page, 0, 1)).toHaveAttribute("data-cell", "COMPANION");
    for (const r of [0, 1, 2]) await expect(cell(page, r, 2)).toHaveAttribute("data-cell", "EMPTY");

    // Mouse: drag a box over the back row's right block and paint it premium.
    await cell(page, 2, 3).hover();
    await page.mouse.down();
    await cell(page, 2, 5).hover();
    await page.mouse.up();
    await page.getByRole("radio", { name: /Premium/ }).click();
    await page.getByRole("button", { name: "Paint selection" }).click();
    for (const c of [3, 4, 5]) await expect(cell(page, 2, c)).toHaveAttribute("data-cell", "PREMIUM");

    // A companion seat away from any wheelchair space is listed as a problem at once; undo takes it back.
    await cell(page, 1, 5).click();
    await page.getByRole("radio", { name: /Companion/ }).click();
    await page.getByRole("button", { name: "Paint selection" }).click();
    await expect(page.getByRole("status", { name: "Problems to fix" })).toContainText("B5 doesn't");
    await grid.focus();
    await page.keyboard.press("Control+z");
    await expect(cell(page, 1, 5)).toHaveAttribute("data-cell", "STANDARD");
    await expect(page.getByRole("status", { name: "Problems to fix" })).toHaveCount(0);
    await page.keyboard.press("Control+Shift+z");
    await expect(cell(page, 1, 5)).toHaveAttribute("data-cell", "COMPANION");
    await page.getByRole("button", { name: "Undo" }).click();
    await expect(cell(page, 1, 5)).toHaveAttribute("data-cell", "STANDARD");
    if (process.env.E2E_SCREENSHOTS === "1") {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "docs/screenshots/admin-layout-editor.png", fullPage: true });
    }

    // The preview is the customer's seat map.
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("grid", { name: "Preview of the seat map" });
    await expect(preview.getByRole("button", { name: /Row A, seat 1, wheelchair space/ })).toBeVisible();
    await expect(preview.getByRole("button", { name: /Row C, seat 5, premium/ })).toBeVisible();
    await page.getByRole("button", { name: "Back to editing" }).click();

    await page.getByRole("button", { name: "Create hall" }).click();
    await expect(page.getByRole("heading", { name: `${name} · Screen 1` })).toBeVisible({ timeout: 20_000 });
    await waitInteractive(page);
    const summary = page.getByRole("region", { name: "Save" });
    await expect(summary).toContainText("15 seats in 3 rows × 6 columns");
    await expect(summary).toContainText("layout version 1");
    await expect(cell(page, 0, 0)).toHaveAttribute("data-cell", "WHEELCHAIR");
    await expect(cell(page, 2, 5)).toHaveAttribute("data-cell", "PREMIUM");
    await expect(cell(page, 1, 2)).toHaveAttribute("data-cell", "EMPTY");

    await page.getByRole("link", { name: "Cinemas", exact: true }).first().click();
    await expect(page.getByRole("heading", { name: "Cinemas and halls", level: 2 })).toBeVisible();
    await waitInteractive(page);
    await expect(page.getByRole("table", { name: "Cinemas" }).getByRole("row").filter({ hasText: name }).getByRole("link", { name: "Screen 1" })).toBeVisible();
    if (process.env.E2E_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/admin-cinemas.png", fullPage: true });

    // A seeded hall with screenings: the editor says what a change would leave alone, and seats can be blocked for
    // one screening (a seat nobody holds, at the far end of the back row).
    await page.getByRole("table", { name: "Cinemas" }).getByRole("row").filter({ hasText: "Marquee Old Town" }).getByRole("link", { name: "Studio" }).click();
    await expect(page.getByRole("heading", { name: "Marquee Old Town · Studio" })).toBeVisible();
    await waitInteractive(page);
    await expect(page.getByRole("region", { name: "Save" })).toContainText("layout version 1");
    const seats = page.getByRole("group", { name: "Seats to block or unblock" });
    const lastSeat = seats.getByRole("button").last();
    const label = (await lastSeat.textContent())!.trim();
    await lastSeat.click();
    await page.getByLabel("Reason").fill("Broken arm rest");
    await page.getByRole("button", { name: "Block for this screening", exact: true }).click();
    await expect(seats.getByRole("button", { name: `${label}, blocked for this screening` })).toBeVisible();
    if (process.env.E2E_SCREENSHOTS === "1") {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "docs/screenshots/admin-seat-blocks.png", fullPage: true });
    }
  });
});
