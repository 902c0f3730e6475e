import { expect, test } from "@playwright/test";
import { demoAccounts, signIn } from "./helpers/accounts";

test.describe("authorization", () => {
  test("a signed-out visitor is sent to sign in from staff and admin pages", async ({ page }) => {
    await page.goto("/box-office");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fbox-office/);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fadmin/);
  });

  test("a customer is refused by staff and admin pages and procedures", async ({ page }) => {
    await signIn(page, demoAccounts.customer);
    for (const path of ["/box-office", "/admin"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
    }
    const staffCall = await page.request.get(`/api/trpc/boxOffice.dayOverview?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(staffCall.status()).toBe(403);
    expect((await staffCall.json()).error.json.data.code).toBe("FORBIDDEN");
    const adminCall = await page.request.post("/api/trpc/admin.setRole", {
      data: { json: { userId: "anyone", role: "ADMIN" } },
    });
    expect(adminCall.status()).toBe(403);
    await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  });

  test("staff reach the box office but not the admin", async ({ page }) => {
    await signIn(page, demoAccounts.staff);
    await page.goto("/box-office");
    await expect(page.getByRole("navigation", { name: "Box office screens" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Sell", level: 1 })).toBeVisible();
    expect((await page.goto("/admin"))?.status()).toBe(403);
  });

  test("an admin lands on the programme's films and sees people and roles", async ({ page }) => {
    await signIn(page, demoAccounts.admin);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/admin\/films$/);
    await page.goto("/admin/people");
    await expect(page.getByRole("heading", { name: "People and roles" })).toBeVisible();
    await expect(page.getByRole("cell", { name: demoAccounts.customer.email })).toBeVisible();
  });
});
