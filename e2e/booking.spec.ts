import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, signIn, uniqueEmail } from "./helpers/accounts";
import { readMessages } from "./helpers/mailbox";
import { continueToCheckout, holdTwoSeats, payOnSandbox } from "./helpers/booking";
import { openScreening as openShowtime, watchSeatMap } from "./helpers/screenings";

// Booking against the seeded programme and the sandbox payment provider. The sandbox's webhook reaches the app
// through its delivery worker (started from instrumentation.ts) a moment after the hosted page redirects back, so
// the order page has to wait for it: that is what these tests check. Each test takes its own screening (the day after
// tomorrow, so it never collides with the seat map tests, which use tomorrow's).

const openScreening = (page: Page, index: number) => openShowtime(page, { dayOffset: 2, index });

test.describe("booking", () => {
  test("a guest books two seats, pays on the sandbox page and gets their tickets", async ({ page }) => {
    const email = uniqueEmail("booking");
    await openScreening(page, 0);
    await holdTwoSeats(page);
    await continueToCheckout(page);

    // One child, one adult; the price updates as the types change.
    const total = page.getByTestId("order-total");
    const before = await total.textContent();
    await page.getByLabel(/^Ticket type for seat/).first().selectOption("CHILD");
    await expect(total).not.toHaveText(before ?? "");
    await page.getByLabel("Promo code").fill("welcome10");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("Promo code WELCOME10")).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name (optional)").fill("Grace Guest");

    await payOnSandbox(page, "Approve payment");

    // Coming back confirms nothing by itself: the page waits for the webhook, then shows the tickets.
    await expect(page.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("ticket")).toHaveCount(2);
    await expect(page.getByTestId("ticket").first()).toContainText("Child");
    await expect(page.getByRole("button", { name: "Refund" })).toBeVisible();

    await page.getByRole("link", { name: "Show ticket" }).first().click();
    await expect(page).toHaveURL(/\/tickets\/[0-9A-Z]{20}\?token=/);
    await expect(page.getByRole("img", { name: /^QR code for ticket / })).toBeVisible();
    await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
    await expect(page.getByTestId("ticket-code")).toHaveText(/^[0-9A-Z]{20}$/);

    await expect
      .poll(async () => (await readMessages(page, email)).map((message) => message.subject).join(" | "), { timeout: 15_000 })
      .toMatch(/Your tickets for /);
  });

  test("a declined payment leaves the booking pending, with a way to try again", async ({ page }) => {
    await openScreening(page, 1);
    await holdTwoSeats(page);
    await continueToCheckout(page);
    await page.getByLabel("Email").fill(uniqueEmail("declined"));

    await payOnSandbox(page, "Decline payment");

    await expect(page.getByRole("heading", { name: "Your payment was declined" })).toBeVisible({ timeout: 30_000 });
    await page.getByRole("link", { name: "Try again" }).click();
    await expect(page).toHaveURL(/\/checkout\//);
    await expect(page.getByText("Your payment didn't go through")).toBeVisible();
    await expect(page.getByRole("button", { name: /^Pay £/ })).toBeEnabled();
  });

  test("cancelling the booking releases its seats at once", async ({ page, browser }) => {
    const href = await openScreening(page, 2);
    const seatIds = await holdTwoSeats(page);
    const watcher = await watchSeatMap(browser, href);
    for (const id of seatIds) await expect(watcher.locator(`[data-seat-id="${id}"]`)).toHaveAttribute("data-state", "held");

    await continueToCheckout(page);
    await page.getByRole("button", { name: "Cancel booking" }).click();

    await expect(page).toHaveURL(new RegExp(`${href}$`));
    for (const id of seatIds) await expect(watcher.locator(`[data-seat-id="${id}"]`)).toHaveAttribute("data-state", "free");
    await expect(page.getByRole("heading", { name: /^Held for you:/ })).toHaveCount(0);
  });

  test("an abandoned checkout expires on time: its seats come back and the customer is told", async ({ page, browser }) => {
    // The e2e server runs with CHECKOUT_MINUTES=1 (playwright.config.ts); the order timeout runs in the local
    // Inngest executor, and the seat map hears about the released seats over its live subscription.
    test.setTimeout(180_000);
    const email = uniqueEmail("abandoned");
    const href = await openScreening(page, 4);
    const seatIds = await holdTwoSeats(page);
    await continueToCheckout(page);
    const checkoutUrl = page.url();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: /^Pay £/ }).click();
    await expect(page).toHaveURL(/\/sandbox-pay\//);

    // The customer walks away from the payment page. Someone else is watching the seat map.
    const watcher = await watchSeatMap(browser, href);
    for (const id of seatIds) await expect(watcher.locator(`[data-seat-id="${id}"]`)).toHaveAttribute("data-state", "held");

    for (const id of seatIds) {
      await expect(watcher.locator(`[data-seat-id="${id}"]`)).toHaveAttribute("data-state", "free", { timeout: 120_000 });
    }
    await page.goto(checkoutUrl);
    await expect(page.getByRole("heading", { name: "Your booking has expired" })).toBeVisible();
    await expect(page.getByText("You haven't been charged.")).toBeVisible();
    await expect
      .poll(async () => (await readMessages(page, email)).map((message) => message.subject).join(" | "), { timeout: 15_000 })
      .toMatch(/Your booking for .+ expired/);

    // The seats can be had again: the best pair on offer is the same pair. (Clicking one of them alone may be
    // refused for leaving its neighbour stranded, depending on where in the row they are.)
    expect((await holdTwoSeats(watcher)).sort()).toEqual([...seatIds].sort());
  });

  test("leaving the payment page and coming back resumes the pending booking", async ({ page }) => {
    const email = uniqueEmail("resume");
    const href = await openScreening(page, 5);
    const seatIds = await holdTwoSeats(page);
    await continueToCheckout(page);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: /^Pay £/ }).click();
    await expect(page).toHaveURL(/\/sandbox-pay\//);

    // Back to the showtime, as if the customer had closed the payment tab: the seats are still theirs.
    await page.goto(href);
    await expect(page.getByRole("heading", { name: /^Held for you:/ })).toBeVisible();
    for (const id of seatIds) await expect(page.locator(`[data-seat-id="${id}"]`)).toHaveAttribute("data-state", "mine");
    await continueToCheckout(page);
    await expect(page.getByLabel("Email")).toHaveValue(email);

    await payOnSandbox(page, "Approve payment");
    await expect(page.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("ticket")).toHaveCount(2);
  });

  test("a guest refunds a paid booking: the seats go back on sale and the refund email arrives", async ({ page, browser }) => {
    const email = uniqueEmail("refund");
    const href = await openScreening(page, 6);
    const seatIds = await holdTwoSeats(page);
    await continueToCheckout(page);
    await page.getByLabel("Email").fill(email);
    await payOnSandbox(page, "Approve payment");
    await expect(page.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });

    const watcher = await watchSeatMap(browser, href);
    for (const id of seatIds) await expect(watcher.locator(`[data-seat-id="${id}"]`)).toHaveAttribute("data-state", "sold");

    await page.getByRole("button", { name: "Refund" }).click();
    const dialog = page.getByRole("dialog", { name: "Refund this booking?" });
    await dialog.getByRole("button", { name: /^Refund £/ }).click();

    // The refund runs in the background (Inngest); the order page follows it until the money is on its way back.
    await expect(page.getByText(/refunded$/).first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("ticket")).toHaveCount(0);
    for (const id of seatIds) await expect(watcher.locator(`[data-seat-id="${id}"]`)).toHaveAttribute("data-state", "free");
    await expect
      .poll(async () => (await readMessages(page, email)).map((message) => message.subject).join(" | "), { timeout: 15_000 })
      .toMatch(/Refund for .+ \(booking [A-Z0-9]+\)/);
  });

  test("a signed-in customer finds the booking under My tickets", async ({ page }) => {
    await signIn(page, demoAccounts.customer);
    await openScreening(page, 3);
    await holdTwoSeats(page);
    await continueToCheckout(page);
    await expect(page.getByLabel("Email")).toHaveValue(demoAccounts.customer.email);

    await payOnSandbox(page, "Approve payment");
    await expect(page.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });
    const reference = (await page.getByText(/^Booking [A-Z0-9]+$/).textContent())?.replace("Booking ", "") ?? "";

    await page.getByRole("button", { name: `Account menu for ${demoAccounts.customer.name}` }).click();
    await page.getByRole("menuitem", { name: "My tickets" }).click();
    await expect(page.getByRole("heading", { name: "My tickets" })).toBeVisible();
    await expect(page.getByText(`Booking ${reference}`)).toBeVisible();
  });
});
