import { expect, type Page, test } from "@playwright/test";
import { demoAccounts, PASSWORD_WORK_TIMEOUT, signIn, uniqueEmail } from "./helpers/accounts";
import { readLatestCode, readMessages } from "./helpers/mailbox";
import { newPage } from "./helpers/screenings";

// An admin adds a staff member, who sets a password from the emailed code and works the box office; the admin then
// disables the account, which ends the person's session and refuses their next sign-in; the audit log shows both.
// E2E_SCREENSHOTS=1 also saves the two admin pages into docs/screenshots/.

const password = "a projector and a long night";

/** The people page, ready for clicks (the list marks itself interactive once hydrated). */
async function openPeople(page: Page, query = "") {
  await page.goto(`/admin/people${query}`);
  await expect(page.getByRole("heading", { name: "People and roles" })).toBeVisible();
  await expect(page.locator("[data-interactive]")).toBeVisible();
}

/** The link in the invitation, as the person would click it. */
async function setPasswordLink(page: Page, email: string): Promise<string> {
  const [invitation] = (await readMessages(page, email)).filter((message) => message.subject.includes("set your Marquee password"));
  const href = invitation && /href="([^"]*\/reset-password\?email=[^"]*)"/.exec(invitation.html)?.[1];
  if (!href) throw new Error(`no set-password link mailed to ${email}`);
  return href.replaceAll("&amp;", "&");
}

test.describe("admin: people", () => {
  test("an admin adds a staff member who sets a password and works; disabling them signs them out and keeps them out", async ({
    page,
    browser,
  }) => {
    const email = uniqueEmail("new-staff");
    const name = `Robin Projectionist ${email.slice(10, 16)}`;

    await signIn(page, demoAccounts.admin);
    await openPeople(page);

    // Add staff member: the shared schema's messages beside the fields first, then the real thing.
    await page.getByRole("button", { name: "Add staff member" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a staff member" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Name")).toBeFocused();
    await dialog.getByRole("button", { name: "Add and send email" }).click();
    await expect(dialog.getByText("Enter their name.")).toBeVisible();
    await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Email").fill(email);
    await dialog.getByRole("radio", { name: /^Staff/ }).check();
    await dialog.getByRole("button", { name: "Add and send email" }).click();
    await expect(dialog).toBeHidden({ timeout: PASSWORD_WORK_TIMEOUT });
    await expect(page.getByRole("button", { name: "Add staff member" })).toBeFocused();
    const row = page.getByTestId("person-row").filter({ hasText: email });
    await expect(row).toBeVisible();
    await expect(row.getByRole("combobox", { name: `Role for ${name}` })).toHaveText("Staff");

    // The new person, in a browser of their own: the email, the set-password page, then the box office.
    const staff = await newPage(browser);
    const code = await readLatestCode(staff, email, { subject: "set your Marquee password" });
    await staff.goto(await setPasswordLink(staff, email));
    // Focused on hydration (autoFocus), so the form is live.
    await expect(staff.getByLabel("Reset code")).toBeFocused();
    await staff.getByLabel("Reset code").fill(code);
    await staff.getByLabel("New password", { exact: true }).fill(password);
    await staff.getByRole("button", { name: "Set new password" }).click();
    await expect(staff).toHaveURL(/\/sign-in\?reset=1/, { timeout: PASSWORD_WORK_TIMEOUT });
    await signIn(staff, { email, password });
    await staff.goto("/box-office");
    await expect(staff.getByRole("heading", { name: "Sell", level: 1 })).toBeVisible();

    // The admin disables the account, after confirming; focus comes back to the row's button.
    await row.getByRole("button", { name: `Disable ${name}'s account` }).click();
    const confirm = page.getByRole("dialog", { name: `Disable ${name}'s account?` });
    await confirm.getByRole("button", { name: "Disable account" }).click();
    await expect(confirm).toBeHidden();
    await expect(row.getByText("Disabled", { exact: true })).toBeVisible();
    await expect(row.getByRole("button", { name: `Enable ${name}'s account` })).toBeFocused();

    // Their session is over on its next request, and signing in again is refused, saying why.
    await staff.goto("/box-office");
    await expect(staff).toHaveURL(/\/sign-in\?callbackUrl=%2Fbox-office/);
    await staff.getByLabel("Email").fill(email);
    await staff.getByLabel("Password", { exact: true }).fill(password);
    await staff.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(staff.getByText("This account has been disabled.")).toBeVisible({ timeout: PASSWORD_WORK_TIMEOUT });
    await expect(staff).toHaveURL(/\/sign-in/);

    // The disabled filter finds them.
    await openPeople(page, `?status=disabled&q=${encodeURIComponent(email)}`);
    await expect(page.getByTestId("person-row")).toHaveCount(1);
    if (process.env.E2E_SCREENSHOTS === "1") {
      await openPeople(page);
      await page.screenshot({ path: "docs/screenshots/admin-people.png", fullPage: true });
    }

    // The audit log, filtered to what the admin did to people, shows the creation and the disabling.
    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Staff and admin actions" })).toBeVisible();
    await page.getByLabel("About").selectOption("User");
    await page.getByLabel("Done by").selectOption({ label: `${demoAccounts.admin.name} (${demoAccounts.admin.email})` });
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/\/admin\/audit\?entity=User&actor=/);
    const aboutThem = page.getByTestId("audit-row").filter({ hasText: email });
    await expect(aboutThem.filter({ hasText: "user.disabled" })).toHaveCount(1);
    await expect(aboutThem.filter({ hasText: "user.created" })).toContainText("role: STAFF");
    if (process.env.E2E_SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/admin-audit.png", fullPage: true });
  });
});
