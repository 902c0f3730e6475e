import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn, signInWithForm, uniqueEmail } from "./helpers/accounts";
import { continueToCheckout, holdTwoSeats, payOnSandbox } from "./helpers/booking";
import { clerkWithOpenShift, laterScreeningFor, samePriceLaterScreeningFor } from "./helpers/orders";
import { newPage, openScreening } from "./helpers/screenings";

// Staff find a customer's booking at the counter and refund one ticket, or exchange the tickets to a later
// screening. The customer books and pays online first (a guest, in a browser of their own).

/** A guest's paid booking of two seats at the `index`th showtime in seven days' time; its reference. */
async function paidBooking(page: Page, index: number): Promise<string> {
  await openScreening(page, { dayOffset: 7, index });
  await holdTwoSeats(page);
  await continueToCheckout(page);
  await page.getByLabel("Email").fill(uniqueEmail("find"));
  await payOnSandbox(page, "Approve payment");
  await expect(page.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });
  const reference = (await page.getByText(/^Booking [A-Z0-9]+$/).textContent())?.replace("Booking ", "") ?? "";
  expect(reference).toMatch(/^[A-Z0-9]+$/);
  return reference;
}

/** Staff on the find-a-booking screen, searching with the keyboard: "/" to the box, the reference, Enter. */
async function findBooking(staff: Page, reference: string, clerk?: { email: string; password: string }) {
  if (clerk) await signInWithForm(staff, clerk);
  else await signIn(staff, demoAccounts.staff);
  await staff.goto("/box-office/orders");
  await expect(staff.locator("[data-ready]")).toBeVisible();
  await staff.locator("body").press("/");
  await expect(staff.getByRole("combobox", { name: /^Reference/ })).toBeFocused();
  await staff.keyboard.type(reference);
  await staff.keyboard.press("Enter");
  const booking = staff.getByRole("region", { name: "Booking" });
  await expect(booking.getByRole("heading", { name: new RegExp(reference) })).toBeVisible({ timeout: 15_000 });
  return booking;
}

test.describe("find a booking", () => {
  test("staff refund one ticket of a web booking", async ({ page, browser }) => {
    const reference = await paidBooking(page, 0);
    const staff = await newPage(browser);
    await staff.setViewportSize({ width: 1366, height: 768 });
    const booking = await findBooking(staff, reference);
    const tickets = booking.getByRole("region", { name: "Tickets" });
    await expect(tickets.getByRole("row")).toHaveCount(3);

    await tickets.getByRole("checkbox").first().check();
    await staff.keyboard.press("r");
    const dialog = staff.getByRole("dialog", { name: /^Refund 1 ticket/ });
    await dialog.getByLabel("Reason").selectOption("WRONG_BOOKING");
    await dialog.getByRole("button", { name: /^Refund £/ }).click();

    await expect(dialog).toHaveCount(0);
    await expect(tickets.getByText("refunded")).toHaveCount(1);
    await expect(tickets.getByText("sold")).toHaveCount(1);
    await expect(booking.getByRole("region", { name: "Refunds" })).toContainText("Wrong booking");
    await expect(booking.getByRole("region", { name: "History" })).toContainText("Refunded by staff");
    if (process.env.E2E_SCREENSHOTS === "1") {
      await staff.evaluate(() => window.scrollTo(0, 0));
      await staff.screenshot({ path: "docs/screenshots/box-office-find.png", fullPage: true });
    }
  });

  test("staff exchange both tickets to a later screening", async ({ page, browser }) => {
    const reference = await paidBooking(page, 1);
    const target = await laterScreeningFor(reference);
    const staff = await newPage(browser);
    // A difference to pay goes into a drawer: this clerk has a shift open.
    const booking = await findBooking(staff, reference, await clerkWithOpenShift(reference));

    await booking.getByRole("button", { name: /^Exchange tickets/ }).click();
    const dialog = staff.getByRole("dialog", { name: "Exchange 2 tickets" });
    const select = dialog.getByLabel("New screening");
    await expect(select.locator(`option[value="${target}"]`)).toHaveCount(1, { timeout: 15_000 });
    await select.selectOption(target);
    await dialog.getByRole("button", { name: /Hold best seats/ }).click();
    await expect(dialog.getByRole("region", { name: "Exchange summary" })).toContainText("Held:", { timeout: 15_000 });
    await dialog.getByRole("button", { name: /Confirm exchange/ }).click();

    await expect(dialog).toHaveCount(0, { timeout: 15_000 });
    // The new booking opens: two sold tickets that came from the old one.
    await expect(booking.getByRole("heading", { name: new RegExp(reference) })).toHaveCount(0);
    await expect(booking.getByRole("region", { name: "Exchanges" })).toContainText(`Tickets came from ${reference}`);
    await expect(booking.getByRole("region", { name: "Tickets" }).getByText("sold")).toHaveCount(2);
    await booking.getByRole("button", { name: reference }).click();
    await expect(booking.getByRole("region", { name: "Tickets" }).getByText("exchanged")).toHaveCount(2);
  });

  test("a customer changes their own booking to a later showing from the order page", async ({ page }) => {
    const reference = await paidBooking(page, 2);
    const target = await samePriceLaterScreeningFor(reference);
    await page.getByRole("button", { name: "Change showing" }).click();
    const dialog = page.getByRole("dialog", { name: "Change to another showing" });
    const select = dialog.getByLabel("Showing");
    await expect(select.locator(`option[value="${target}"]`)).toHaveCount(1, { timeout: 15_000 });
    await select.selectOption(target);
    await dialog.getByRole("button", { name: "Find seats" }).click();
    await expect(dialog.getByRole("status")).toContainText("Seats held for you", { timeout: 15_000 });
    await dialog.getByRole("button", { name: "Confirm change" }).click();

    // The new booking's page, with its own reference and tickets.
    await expect(page).toHaveURL(/\/orders\/[A-Z0-9]+\?token=/, { timeout: 15_000 });
    await expect(page).not.toHaveURL(new RegExp(`/orders/${reference}`));
    await expect(page.getByRole("list", { name: "Tickets" }).getByRole("listitem")).toHaveCount(2, { timeout: 15_000 });
  });
});
