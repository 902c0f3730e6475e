import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn, uniqueEmail } from "./helpers/accounts";
import { continueToCheckout, holdTwoSeats, payOnSandbox } from "./helpers/booking";
import { stallCustomerRefund } from "./helpers/database";
import { newPage, openScreening } from "./helpers/screenings";
import { postSignedSandboxEvent } from "./helpers/webhooks";

// Staff's side of money that went wrong. A guest books and pays in the browser; the refund the provider then kept
// refusing is set up in the database (a browser can't make the sandbox refuse five times); staff find it on the box
// office's "Needs attention" page and retry it, and the customer's booking shows the money on its way back.
/** A guest's paid booking of the `index`th showtime in three days' time, whose refund then stalled; its reference. */
async function paidBookingWithStalledRefund(page: Page, index: number): Promise<string> {
  await openScreening(page, { dayOffset: 3, index });
  await holdTwoSeats(page);
  await continueToCheckout(page);
  await page.getByLabel("Email").fill(uniqueEmail("stalled"));
  await payOnSandbox(page, "Approve payment");
  await expect(page.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });
  const reference = (await page.getByText(/^Booking [A-Z0-9]+$/).textContent())?.replace("Booking ", "") ?? "";
  expect(reference).toMatch(/^[A-Z0-9]+$/);
  await stallCustomerRefund(reference);
  return reference;
}

/** The order's card on the attention page: scoped to its list, since toasts are list items too. */
function attentionCard(staff: Page, reference: string) {
  return staff
    .getByRole("list", { name: "Orders needing attention" })
    .getByRole("listitem")
    .filter({ hasText: `Booking ${reference}` });
}

test.describe("box office", () => {
  test("staff retry a refund the provider kept refusing, and the customer sees it refunded", async ({ page, browser }) => {
    const reference = await paidBookingWithStalledRefund(page, 0);

    const staff = await newPage(browser);
    await signIn(staff, demoAccounts.staff);
    await staff.goto("/box-office");
    await staff.getByRole("link", { name: /^Needs attention \(\d+\)$/ }).click();
    await expect(staff.getByRole("heading", { name: "Needs attention", level: 1 })).toBeVisible();
    const card = attentionCard(staff, reference);
    await expect(card).toContainText("The customer's refund of £");
    await expect(card).toContainText("failed 5 times at the payment provider");

    await card.getByRole("button", { name: /^Retry refund of £/ }).click();

    await expect(staff.getByText("The refund went through.")).toBeVisible();
    await expect(card).toHaveCount(0);
    await page.reload();
    await expect(page.getByText(/refunded$/).first()).toBeVisible();
  });

  test("a signed provider event that makes no sense is refused (422) and listed for staff", async ({ page, request }) => {
    const checkout = `sbx_e2e_nonsense_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const rawBody = JSON.stringify({ id: `evt_${checkout}\u0000`, type: "refund.succeeded", created: Math.floor(Date.now() / 1000), data: { checkout, amount: 0, currency: "GBP" } });
    const answer = await postSignedSandboxEvent(request, rawBody);
    expect(answer.status()).toBe(422);
    expect(await answer.json()).toMatchObject({ rejected: "NUL_CHARACTER" });

    await signIn(page, demoAccounts.staff);
    await page.goto("/box-office/attention");
    const events = page.getByRole("table", { name: "Payment events we couldn't match or refused" });
    const row = events.getByRole("row").filter({ hasText: checkout });
    await expect(row).toContainText("Malformed (NUL character)");
    await expect(row).toContainText("refund.succeeded");
    if (process.env.E2E_SCREENSHOTS === "1") {
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: "docs/screenshots/box-office-attention-refused-events.png", fullPage: true });
    }
  });

  test("resolving by hand asks what was done", async ({ page, browser }) => {
    const reference = await paidBookingWithStalledRefund(page, 1);

    const staff = await newPage(browser);
    await signIn(staff, demoAccounts.staff);
    await staff.goto("/box-office/attention");
    const card = attentionCard(staff, reference);
    await card.getByRole("button", { name: "Mark resolved" }).click();
    const dialog = staff.getByRole("dialog", { name: `Resolve booking ${reference}` });
    await dialog.getByRole("button", { name: "Mark resolved" }).click();
    await expect(dialog.getByText("Say what was done (at least 5 characters).")).toBeVisible();

    await dialog.getByLabel("What was done").fill("Refunded from the provider's dashboard");
    await dialog.getByRole("button", { name: "Mark resolved" }).click();

    await expect(staff.getByText(`Booking ${reference} is resolved.`)).toBeVisible();
    await expect(card).toHaveCount(0);
  });
});
