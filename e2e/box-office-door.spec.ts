import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { demoAccounts, signIn } from "./helpers/accounts";

// The door and the print page. The scene is a paid web booking of one seat at a screening today at the demo staff
// member's cinema, written straight into the end-to-end database (a browser can't buy for "today" reliably: the day's
// screenings may have started). What is checked goes through the app: the door screen and the print page.

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ticketCode = () => Array.from(randomBytes(20), (b) => CROCKFORD[b & 31]).join("");

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run `npm run test:e2e`.");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A paid web order of one free seat at one of today's screenings at the staff member's cinema. */
async function paidWebTicketToday(): Promise<{ reference: string; code: string; filmTitle: string; seatLabel: string }> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ screeningId: string; seatId: string; seatLabel: string; filmTitle: string }>(
      `SELECT s."id" AS "screeningId", st."id" AS "seatId", st."rowLabel" || st."number" AS "seatLabel", f."title" AS "filmTitle"
         FROM "Screening" s
         JOIN "Hall" h ON h."id" = s."hallId"
         JOIN "Cinema" c ON c."id" = h."cinemaId"
         JOIN "User" u ON u."homeCinemaId" = c."id" AND u."email" = $1
         JOIN "Film" f ON f."id" = s."filmId"
         JOIN "Seat" st ON st."layoutId" = s."layoutId" AND NOT st."blocked"
        WHERE s."status" = 'SCHEDULED'
          AND (s."startsAt" AT TIME ZONE 'UTC') >= (date_trunc('day', now() AT TIME ZONE c."timeZone") AT TIME ZONE c."timeZone")
          AND (s."startsAt" AT TIME ZONE 'UTC') < (date_trunc('day', now() AT TIME ZONE c."timeZone") AT TIME ZONE c."timeZone") + interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t."screeningId" = s."id" AND t."seatId" = st."id" AND t."status" IN ('HELD', 'SOLD'))
        ORDER BY random()
        LIMIT 1`,
      [demoAccounts.staff.email],
    );
    const free = rows[0];
    if (!free) throw new Error("the seed has no screening today at the staff member's cinema");
    const orderId = `e2e_door_${randomBytes(8).toString("hex")}`;
    const reference = Array.from(randomBytes(8), (b) => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[b % 32]).join("");
    const code = ticketCode();
    await client.query(
      `INSERT INTO "Order" ("id", "reference", "email", "screeningId", "channel", "status", "currency", "subtotalAmount", "totalAmount",
                            "expiresAt", "paidAt", "customerName", "updatedAt")
       VALUES ($1, $2, 'door-e2e@e2e.marquee.local', $3, 'WEB', 'PAID', 'GBP', 1150, 1150, now(), now(), 'Dora Door', now())`,
      [orderId, reference, free.screeningId],
    );
    await client.query(
      `INSERT INTO "Ticket" ("id", "orderId", "screeningId", "seatId", "ticketType", "currency", "priceAmount", "status", "code", "updatedAt")
       VALUES ($1, $2, $3, $4, 'ADULT', 'GBP', 1150, 'SOLD', $5, now())`,
      [`${orderId}_t`, orderId, free.screeningId, free.seatId, code],
    );
    await client.query(
      `INSERT INTO "Payment" ("id", "orderId", "provider", "providerRef", "currency", "amount", "status", "succeededAt", "updatedAt")
       VALUES ($1, $2, 'sandbox', $1, 'GBP', 1150, 'SUCCEEDED', now(), now())`,
      [`${orderId}_p`, orderId],
    );
    return { reference, code, filmTitle: free.filmTitle, seatLabel: free.seatLabel };
  });
}

async function openDoor(page: Page) {
  await signIn(page, demoAccounts.staff);
  await page.goto("/box-office/door");
  // Hydrated: the scan box is enabled only then, so typed keys reach a live form.
  await expect(page.locator("[data-ready]")).toBeVisible({ timeout: 20_000 });
  const input = page.getByLabel(/Scan or type a ticket code/);
  await expect(input).toBeEnabled();
  // Ready for a USB scanner without a click.
  await expect(input).toBeFocused();
  return input;
}

test.describe("door and printing", () => {
  test("a web ticket typed at the door is admitted once; the second scan is refused", async ({ page }) => {
    const ticket = await paidWebTicketToday();
    const input = await openDoor(page);
    // The result panel (role status, aria-live): its data-outcome is the answer, its text what staff read.
    const panel = page.locator("[data-outcome]");
    await expect(panel).toHaveAttribute("data-outcome", "IDLE");

    // As a USB scanner does it: keys into the focused box, then Enter (lower case, as a clerk might type it).
    await page.keyboard.type(ticket.code.toLowerCase());
    await page.keyboard.press("Enter");
    await expect(panel).toHaveAttribute("data-outcome", "ADMITTED");
    await expect(panel).toContainText(`Seat ${ticket.seatLabel} · Adult`);
    await expect(panel).toContainText(ticket.filmTitle);
    // The box keeps the focus for the next customer: type straight away.
    await expect(input).toBeFocused();
    await expect(input).toHaveValue("");

    await page.keyboard.type(ticket.code);
    await page.keyboard.press("Enter");
    await expect(panel).toHaveAttribute("data-outcome", "ALREADY_ADMITTED");
    await expect(panel).toContainText(/Already admitted at \d\d:\d\d by /);

    await input.fill("NOT A TICKET");
    await input.press("Enter");
    await expect(panel).toHaveAttribute("data-outcome", "NOT_FOUND");

    // The counter of today's screenings counts the admission.
    await expect(page.getByRole("list", { name: "Today's screenings" })).toContainText(ticket.filmTitle);
    await expect(page.getByTestId("door-counter")).toHaveText(/^[1-9]\d* \/ [1-9]\d*$/);

    if (process.env.E2E_SCREENSHOTS === "1") {
      await input.fill(ticket.code);
      await input.press("Enter");
      await expect(panel).toHaveAttribute("data-outcome", "ALREADY_ADMITTED");
      const fresh = await paidWebTicketToday();
      await input.fill(fresh.code);
      await input.press("Enter");
      await expect(panel).toHaveAttribute("data-outcome", "ADMITTED");
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: "docs/screenshots/box-office-door.png" });
    }
  });

  test("a door admitting to one screening refuses a ticket for another, naming it", async ({ page }) => {
    const ticket = await paidWebTicketToday();
    const input = await openDoor(page);
    const admitting = page.getByLabel("Admitting to");
    // Any of today's screenings but the ticket's.
    const other = await admitting.locator("option:not([disabled])").evaluateAll(
      (options, film) => options.map((o) => o as HTMLOptionElement).find((o) => o.value !== "any" && !o.text.includes(film as string))?.value ?? null,
      ticket.filmTitle,
    );
    test.skip(other === null, "today has screenings of one film only");
    await admitting.selectOption(other!);
    await expect(input).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`screening=${other}`));
    await page.keyboard.type(ticket.code);
    await page.keyboard.press("Enter");
    const panel = page.locator("[data-outcome]");
    await expect(panel).toHaveAttribute("data-outcome", "WRONG_SCREENING");
    await expect(panel).toContainText(`Wrong screening: this ticket is for ${ticket.filmTitle}`);
  });

  test("the print page shows a paid booking's ticket with its QR code, and a second print is a reprint", async ({ page }) => {
    const ticket = await paidWebTicketToday();
    // The print dialog can't be driven by Playwright: count the calls instead.
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await signIn(page, demoAccounts.staff);
    await page.goto(`/box-office/print/${ticket.reference}`);
    const slip = page.getByRole("article", { name: `Ticket ${ticket.seatLabel}` });
    await expect(slip).toContainText(ticket.filmTitle);
    await expect(slip).toContainText(`Booking ${ticket.reference}`);
    await expect(slip.getByRole("img", { name: `QR code for ticket ${ticket.code}` })).toBeVisible();
    await expect(slip.locator("svg")).toBeVisible();
    await expect(slip).not.toContainText("REPRINT");
    const receipt = page.getByRole("region", { name: "Receipt" });
    await expect(receipt).toContainText("Paid online");
    await expect(receipt).toContainText("£11.50");

    await page.getByRole("button", { name: /^Print tickets/ }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await expect(slip).not.toContainText("REPRINT");
    await page.getByRole("button", { name: /^Print tickets/ }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(2);
    await expect(slip).toContainText("REPRINT");

    // Opened by the counter after a sale: the dialog comes up by itself (a third copy).
    await page.goto(`/box-office/print/${ticket.reference}?autoprint=1`);
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await expect(slip).toContainText("REPRINT");

    if (process.env.E2E_SCREENSHOTS === "1") {
      await page.setViewportSize({ width: 1366, height: 900 });
      await page.screenshot({ path: "docs/screenshots/box-office-print.png", fullPage: true });
    }
  });
});
