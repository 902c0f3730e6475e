import { randomBytes } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { demoAccounts, signIn, uniqueEmail } from "./helpers/accounts";
import { continueToCheckout, holdTwoSeats, payOnSandbox } from "./helpers/booking";
import { readMessages } from "./helpers/mailbox";
import { londonDate, newPage } from "./helpers/screenings";

// Issue 10's story end to end, in one browser session per person: an admin creates and publishes a film with a
// poster, creates a cinema and builds a small hall in the layout editor, gives the cinema a price plan, schedules a
// screening of the film there three days ahead (a clashing one is refused), publishes the week, creates a promo code
// and a home-page advert. A customer sees the advert, books the screening with the code and sees the discount. The
// admin cancels the screening and waits for the cancellation to finish; the customer's email is in the mailbox.
// Everything is new and named per run, so no other spec's screenings or prices are touched.
const DAYS_AHEAD = 3;

async function waitInteractive(page: Page) {
  // Server-rendered first: a click or key press before hydration would do nothing.
  await expect(page.locator("[data-interactive]").first()).toBeVisible({ timeout: 20_000 });
}

/** `offsetMinutes` from now on London's wall clock, as a datetime-local input takes it ("2026-12-06T14:05"). */
function londonWallClock(offsetMinutes: number): string {
  const date = new Date(Date.now() + offsetMinutes * 60_000);
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/London", dateStyle: "short", timeStyle: "short" })
    .format(date)
    .replace(" ", "T");
}

/** Weeks (Monday to Sunday, as the scheduler shows them) from this week to the one holding `day`. */
function weeksUntil(day: string): number {
  const monday = (key: string) => {
    const date = new Date(`${key}T00:00:00Z`);
    return date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000;
  };
  return Math.round((monday(day) - monday(londonDate(0))) / (7 * 86_400_000));
}

/** The scheduler at `cinema`, on the week holding `day`. */
async function openSchedulerAt(page: Page, cinema: string, day: string) {
  await page.goto("/admin/screenings");
  await expect(page.getByRole("heading", { name: "Screenings", level: 2 })).toBeVisible();
  await waitInteractive(page);
  // A <label> around the <select>: its name carries the chosen cinema too.
  await page.getByRole("combobox", { name: /^Cinema/ }).selectOption({ label: cinema });
  await expect(page.getByRole("combobox", { name: /^Cinema/ })).toHaveValue(/.+/);
  // The new cinema's one hall: a lane per day of the week, all "Screen 1".
  await expect(page.getByRole("list", { name: /^Screen 1, / })).toHaveCount(7);
  await expect(page.getByRole("list", { name: /, / })).toHaveCount(7);
  for (let week = 0; week < weeksUntil(day); week++) {
    const label = await page.getByText(/^Week of /).textContent();
    await page.getByRole("button", { name: "Next week" }).click();
    await expect(page.getByText(/^Week of /)).not.toHaveText(label ?? "");
  }
}

const cell = (page: Page, row: number, col: number) => page.locator(`[data-row="${row}"][data-col="${col}"]`);

test.describe("issue 10 end to end", () => {
  test("an admin programmes a new film in a new hall; a customer books it with a code; cancelling it refunds and emails them", async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    const tag = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
    const colour = randomBytes(3).toString("hex");
    const title = `The Night Projectionist ${tag}`;
    const slug = `the-night-projectionist-${tag}`;
    const cinema = `E2E Flow Cinema ${tag}`;
    const plan = `Flow standard ${tag}`;
    const code = `FLOW${tag.toUpperCase()}`;
    const advert = `Opening night ${tag}`;
    const day = londonDate(DAYS_AHEAD);

    await signIn(page, demoAccounts.admin);

    // 1. A film with a poster, published.
    const poster = await sharp({ create: { width: 600, height: 900, channels: 3, background: `#${colour}` } })
      .png()
      .toBuffer();
    await page.goto("/admin/films/new");
    await expect(page.getByRole("heading", { name: "New film", level: 2 })).toBeVisible();
    await waitInteractive(page);
    const filmForm = page.getByRole("form", { name: "New film" });
    await filmForm.getByLabel("Title").fill(title);
    await expect(filmForm.getByLabel("Address")).toHaveValue(slug);
    await filmForm.getByLabel("Synopsis").fill("A projectionist finds a reel that shows tomorrow's audience.");
    await filmForm.getByLabel("Running time (minutes)").fill("95");
    await filmForm.getByLabel("Release date").fill("2026-01-16");
    await filmForm.getByLabel("Director").fill("Mara Lindqvist");
    await filmForm.getByLabel("Cast").fill("Ada Grey, Tomas Reyes");
    await filmForm.getByLabel("Genres").fill("Drama");
    await filmForm.locator('input[type="file"][aria-label="Poster"]').setInputFiles({ name: "poster.png", mimeType: "image/png", buffer: poster });
    await expect(filmForm.getByRole("img", { name: "Poster: the uploaded image" })).toBeVisible();
    await filmForm.getByRole("button", { name: "Create film" }).click();
    await expect(page.getByRole("heading", { name: title, level: 2 })).toBeVisible({ timeout: 20_000 });
    await waitInteractive(page);
    const filmStatus = page.getByRole("region", { name: "Status" });
    await filmStatus.getByRole("button", { name: "Publish" }).click();
    await expect(filmStatus.getByText("Published", { exact: true })).toBeVisible();

    // 2. A cinema, and a small hall built in the layout editor with the keyboard and the mouse.
    await page.goto("/admin/cinemas");
    await expect(page.getByRole("heading", { name: "Cinemas and halls", level: 2 })).toBeVisible();
    await waitInteractive(page);
    await page.getByRole("button", { name: "New cinema" }).click();
    const cinemaDialog = page.getByRole("dialog", { name: "New cinema" });
    await cinemaDialog.getByRole("textbox", { name: "Name", exact: true }).fill(cinema);
    await cinemaDialog.getByRole("textbox", { name: "Address", exact: true }).fill("9 Reel Street");
    await cinemaDialog.getByRole("textbox", { name: "City", exact: true }).fill("York");
    await cinemaDialog.getByRole("textbox", { name: "Postcode", exact: true }).fill("YO1 7HH");
    await cinemaDialog.getByRole("combobox", { name: "Time zone", exact: true }).fill("Europe/London");
    await cinemaDialog.getByRole("button", { name: "Create cinema" }).click();
    await expect(cinemaDialog).toBeHidden();
    const cinemaRow = page.getByRole("table", { name: "Cinemas" }).getByRole("row").filter({ hasText: cinema });
    await expect(cinemaRow).toContainText("Europe/London");

    await cinemaRow.getByRole("link", { name: `New hall in ${cinema}` }).click();
    await expect(page.getByRole("heading", { name: `New hall in ${cinema}` })).toBeVisible();
    await waitInteractive(page);
    await page.getByRole("textbox", { name: "Hall name" }).fill("Screen 1");
    await page.getByRole("spinbutton", { name: "Rows" }).fill("3");
    await page.getByRole("spinbutton", { name: "Columns" }).fill("6");
    await expect(cell(page, 2, 5)).toBeVisible();
    // Keyboard: an aisle down the middle column (cursor, brush 6, Shift+arrow box, Space).
    await page.getByRole("grid", { name: "Seat layout editor" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("6");
    await page.keyboard.press("Space");
    for (const r of [0, 1, 2]) await expect(cell(page, r, 2)).toHaveAttribute("data-cell", "EMPTY");
    // Mouse: drag over the back row's right block and paint it premium.
    await cell(page, 2, 3).hover();
    await page.mouse.down();
    await cell(page, 2, 5).hover();
    await page.mouse.up();
    await page.getByRole("radio", { name: /Premium/ }).click();
    await page.getByRole("button", { name: "Paint selection" }).click();
    for (const c of [3, 4, 5]) await expect(cell(page, 2, c)).toHaveAttribute("data-cell", "PREMIUM");
    await page.getByRole("button", { name: "Create hall" }).click();
    await expect(page.getByRole("heading", { name: `${cinema} · Screen 1` })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole("region", { name: "Save" })).toContainText("15 seats in 3 rows × 6 columns");

    // 3. The new cinema has no price plan yet: one at any time, adult £9.50.
    await page.goto("/admin/prices");
    await expect(page.getByRole("heading", { name: "Prices", level: 2 })).toBeVisible();
    await waitInteractive(page);
    await page.getByRole("combobox", { name: "Cinema" }).click();
    await page.getByRole("option", { name: cinema, exact: true }).click();
    await expect(page.getByRole("combobox", { name: "Cinema" })).toHaveText(cinema);
    await expect(page.getByText("No price plans yet")).toBeVisible();
    await page.getByRole("button", { name: "New price plan" }).click();
    const planDialog = page.getByRole("dialog", { name: "New price plan" });
    await planDialog.getByRole("textbox", { name: "Name", exact: true }).fill(plan);
    await planDialog.getByRole("textbox", { name: "Adult", exact: true }).fill("9.50");
    await planDialog.getByRole("button", { name: "Create plan" }).click();
    await expect(planDialog).toBeHidden();
    await expect(page.getByRole("table", { name: "Price plans" }).locator(`tr[data-price-plan="${plan}"] [data-cell="ADULT"]`)).toHaveText("£9.50");

    // 4. One screening of the film at 18:00 three days ahead; a second at 18:30 in the same hall is refused.
    await openSchedulerAt(page, cinema, day);
    const runDialog = page.getByRole("dialog", { name: "New run" });
    const fillRun = async (time: string) => {
      await page.getByRole("button", { name: "New run" }).click();
      await expect(runDialog).toBeVisible();
      // Choices load after the dialog opens.
      await expect(runDialog.getByLabel("Film").locator("option", { hasText: title })).toHaveCount(1);
      await runDialog.getByLabel("Film").selectOption({ label: `${title} (95 min)` });
      await runDialog.getByLabel("Hall").selectOption({ label: "Screen 1" });
      await runDialog.getByLabel("Price plan").selectOption({ label: `${plan} (GBP)` });
      await runDialog.getByLabel("Times").fill(time);
      await runDialog.getByLabel("First date").fill(day);
      await runDialog.getByLabel("Last date").fill(day);
    };
    await fillRun("18:00");
    await expect(runDialog.getByRole("status")).toContainText("1 screening, no conflicts");
    await runDialog.getByRole("button", { name: /^Schedule 1 screening$/ }).click();
    await expect(runDialog).toBeHidden();
    const block = page.getByRole("listitem", { name: new RegExp(`^${title}, Screen 1, .*, (draft|published)$`) });
    await expect(block).toHaveCount(1);
    await expect(block).toHaveAccessibleName(/, draft$/);

    await fillRun("18:30");
    await expect(runDialog.getByRole("status")).toContainText("1 conflict");
    await expect(runDialog.getByRole("list", { name: "Conflicts" })).toContainText("is taken by");
    await runDialog.getByRole("button", { name: /^Schedule 1 screening$/ }).click();
    await expect(runDialog.getByText("Not scheduled")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(runDialog).toBeHidden();
    await expect(block).toHaveCount(1);

    await page.getByRole("button", { name: /^Publish week/ }).click();
    await expect(page.getByText("1 screenings published.")).toBeVisible();
    await expect(block).toHaveAccessibleName(/, published$/);

    // 5. A promo code: 20% off.
    await page.goto("/admin/promo-codes");
    await expect(page.getByRole("heading", { name: "Promo codes", level: 2 })).toBeVisible();
    await waitInteractive(page);
    await page.getByRole("button", { name: "New promo code" }).click();
    const codeDialog = page.getByRole("dialog", { name: "New promo code" });
    await codeDialog.getByRole("textbox", { name: "Code", exact: true }).fill(code);
    await codeDialog.getByRole("textbox", { name: "Description", exact: true }).fill("Opening night offer");
    await codeDialog.getByRole("textbox", { name: "Percent off", exact: true }).fill("20");
    await codeDialog.getByRole("button", { name: "Create code" }).click();
    await expect(codeDialog).toBeHidden();
    await expect(page.getByRole("table", { name: "Promo codes" }).locator(`tr[data-promo-code="${code}"]`)).toContainText("Active");

    // 6. A home-page strip advert pointing at the film.
    const art = await sharp({ create: { width: 960, height: 480, channels: 3, background: `#${colour}` } })
      .png()
      .toBuffer();
    await page.goto("/admin/adverts");
    await expect(page.getByRole("heading", { name: "Adverts", level: 2 })).toBeVisible();
    await waitInteractive(page);
    await page.getByRole("button", { name: "New advert" }).click();
    const advertDialog = page.getByRole("dialog", { name: "New advert" });
    await advertDialog.locator('input[type="file"]').setInputFiles({ name: "opening.png", mimeType: "image/png", buffer: art });
    await expect(advertDialog.getByRole("img", { name: "Advert image: the uploaded image" })).toBeVisible();
    await advertDialog.getByLabel("Title").fill(advert);
    await advertDialog.getByLabel("Text (optional)").fill(`Use ${code} for 20% off.`);
    await advertDialog.getByLabel("Link (optional)").fill(`/films/${slug}`);
    await advertDialog.getByLabel("Starts").fill(londonWallClock(-60));
    await advertDialog.getByLabel("Ends").fill(londonWallClock(24 * 60));
    // Above the seed's strip adverts, so it is among the ones the home page shows.
    await advertDialog.getByLabel("Priority").fill("900");
    await advertDialog.getByRole("button", { name: "Create advert" }).click();
    await expect(advertDialog).toBeHidden();
    await expect(page.getByRole("table", { name: "Adverts" }).getByRole("row").filter({ hasText: advert })).toContainText("Live now");

    // 7. A customer sees the advert, follows it to the film and books the screening with the code.
    const customer = await newPage(browser);
    const email = uniqueEmail("fullflow");
    await customer.goto("/");
    const offer = customer.getByRole("region", { name: "Offers" }).getByRole("link").filter({ hasText: advert });
    await expect(offer).toHaveAttribute("href", `/films/${slug}`);
    await offer.click();
    await expect(customer.getByRole("heading", { name: title, level: 1 })).toBeVisible();
    const showtime = customer.getByRole("region", { name: "Showtimes" }).getByTestId("showtime");
    await expect(showtime).toHaveCount(1);
    const href = (await showtime.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/screenings\//);
    await customer.goto(href);
    await expect(customer.getByRole("heading", { name: "Choose your seats" })).toBeVisible();
    await expect(customer.getByRole("grid")).toBeVisible({ timeout: 20_000 });
    await waitInteractive(customer);
    await holdTwoSeats(customer);
    await continueToCheckout(customer);
    await customer.getByLabel("Promo code").fill(code.toLowerCase());
    await customer.getByRole("button", { name: "Apply" }).click();
    const discountLine = customer.locator("dt", { hasText: `Promo code ${code}` });
    await expect(discountLine).toBeVisible();
    const discount = ((await discountLine.locator("xpath=following-sibling::dd[1]").textContent()) ?? "").replace("−", "").trim();
    // Two adult seats at £9.50 (one may carry the premium surcharge, which is £0 on this plan): 20% of £19.00.
    expect(discount).toBe("£3.80");
    await customer.getByLabel("Email").fill(email);
    await payOnSandbox(customer, "Approve payment");
    await expect(customer.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });
    const reference = /\/orders\/([A-Z0-9]+)/.exec(customer.url())?.[1] ?? "";
    expect(reference).not.toBe("");

    // 8. The admin cancels the screening; the progress panel follows the refund to the end.
    await openSchedulerAt(page, cinema, day);
    await expect(block).toHaveAccessibleName(/, 2 sold, published$/);
    await block.click();
    const screeningDialog = page.getByRole("dialog", { name: title });
    await expect(screeningDialog).toBeVisible();
    await screeningDialog.getByLabel("Reason (customers see it)").fill("A projector fault");
    await screeningDialog.getByRole("button", { name: "Cancel screening…" }).click();
    await screeningDialog.getByRole("button", { name: "Yes, cancel the screening" }).click();
    // The refund runs through the payment saga in the local Inngest executor.
    await expect(screeningDialog.getByRole("heading", { name: "Cancellation done" })).toBeVisible({ timeout: 90_000 });
    await expect(screeningDialog.getByRole("status")).toContainText("1 of 1 orders settled: 1 refunded");
    // The dialog shows the screening as it now is: cancelled, with nothing left to edit.
    await expect(screeningDialog.getByText("Cancelled", { exact: true })).toBeVisible();
    await expect(screeningDialog.getByRole("button", { name: "Save screening" })).toHaveCount(0);
    if (process.env.E2E_SCREENSHOTS === "1") {
      await page.screenshot({ path: "docs/screenshots/admin-screening-cancelled.png" });
    }

    // 9. The customer's email is in the development mailbox.
    await expect
      .poll(async () => (await readMessages(customer, email)).map((message) => message.subject).join(" | "), { timeout: 30_000 })
      .toContain(`Cancelled: ${title} (booking ${reference})`);
  });
});
