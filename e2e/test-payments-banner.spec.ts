import { expect, test } from "@playwright/test";

// The e2e server is a production build running the sandbox, acknowledged (playwright.config.ts): every page must say
// that no real money is taken (server/config/env.ts, testPaymentsBannerShown; app/layout.tsx).
test.describe("test payments banner", () => {
  test("is on the home page, the showtimes and the sign-in page", async ({ page }) => {
    for (const path of ["/", "/showtimes", "/sign-in"]) {
      await page.goto(path);
      const banner = page.getByRole("complementary", { name: "Test payments" });
      await expect(banner, path).toHaveText("Test payments: no real money is taken.");
      await expect(banner, path).toBeVisible();
    }
    // E2E_SCREENSHOTS=1 refreshes the picture in docs/ (ordinary runs leave the checkout alone).
    if (process.env.E2E_SCREENSHOTS === "1") {
      await page.goto("/");
      await page.screenshot({ path: "docs/screenshots/test-payments-banner.png", clip: { x: 0, y: 0, width: 1280, height: 220 } });
    }
  });
});
