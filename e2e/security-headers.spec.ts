import { expect, type Page, type Response, test } from "@playwright/test";
import { uniqueEmail } from "./helpers/accounts";
import { continueToCheckout, holdTwoSeats } from "./helpers/booking";
import { openScreening } from "./helpers/screenings";

// Security headers on real responses of the production build (proxy.ts for pages, next.config.ts for the rest), and
// the browser's word that the policy blocks nothing the pages need: every Content-Security-Policy violation is
// reported both as a console error and as a securitypolicyviolation event, and neither may happen.

interface Watch {
  violations: string[];
  consoleErrors: string[];
}

async function watchPolicy(page: Page): Promise<Watch> {
  const watch: Watch = { violations: [], consoleErrors: [] };
  page.on("console", (message) => {
    if (message.type() === "error") watch.consoleErrors.push(message.text());
  });
  await page.exposeFunction("__reportViolation", (text: string) => watch.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname}`,
      );
    });
  });
  return watch;
}

const cspViolationsIn = (watch: Watch) => [
  ...watch.violations,
  ...watch.consoleErrors.filter((text) => /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(text)),
];

/** The page headers, and the nonce the response's HTML carries on its scripts. */
async function expectPageHeaders(response: Response | null) {
  expect(response, "a navigation response").not.toBeNull();
  const headers = response!.headers();
  const policy = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, `a nonce in ${policy}`).toBeTruthy();
  expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) {
    expect(policy).toContain(directive);
  }
  expect(policy).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=(self)");
  // The e2e server is a production build.
  expect(headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
  // Next put this response's nonce on its scripts.
  expect(await response!.text()).toContain(`nonce="${nonce}"`);
  return nonce!;
}

test.describe("security headers", () => {
  test("the home page, the payment page and a ticket page carry them, and the browser reports no CSP violation", async ({ page }) => {
    test.setTimeout(120_000);
    const watch = await watchPolicy(page);

    const first = await expectPageHeaders(await page.goto("/"));
    const second = await expectPageHeaders(await page.goto("/"));
    expect(second).not.toBe(first);

    // A booking through the pages' own scripts (seat map, checkout, the sandbox's payment page): every step is
    // client code and tRPC mutations, which would stop at the first blocked script or refused request.
    await openScreening(page, { dayOffset: 9, index: 0 });
    await holdTwoSeats(page);
    await continueToCheckout(page);
    await page.getByLabel("Email").fill(uniqueEmail("headers"));
    await page.getByRole("button", { name: /^Pay £/ }).click();
    await expect(page).toHaveURL(/\/sandbox-pay\//);
    await expectPageHeaders(await page.reload());
    await page.getByRole("button", { name: "Approve payment" }).click();
    await expect(page.getByRole("heading", { name: "You're booked" })).toBeVisible({ timeout: 30_000 });

    const ticketHref = await page.getByRole("link", { name: "Show ticket" }).first().getAttribute("href");
    expect(ticketHref).toMatch(/^\/tickets\//);
    await expectPageHeaders(await page.goto(ticketHref!));
    await expect(page.getByRole("img", { name: /^QR code for ticket / })).toBeVisible();

    expect(cspViolationsIn(watch)).toEqual([]);
  });

  test("API routes and static files carry them too, with a policy that lets nothing run", async ({ page, request }) => {
    const health = await request.get("/api/health");
    expect(health.headers()["x-content-type-options"]).toBe("nosniff");
    expect(health.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(health.headers()["strict-transport-security"]).toMatch(/^max-age=\d+/);

    await page.goto("/");
    const script = await page.locator("script[src^='/_next/static/']").first().getAttribute("src");
    const asset = await request.get(script!);
    expect(asset.status()).toBe(200);
    expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
    expect(asset.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });
});
