// Signed sandbox webhooks sent straight to the app, as the sandbox provider would send them (docs/payments.md: header
// `marquee-signature: t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`), for events a browser can't produce.
import { createHmac } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";

/** The e2e server's sandbox secret (playwright.config.ts). */
const SECRET = "marquee-e2e-sandbox-webhook-secret-0123456789";

export async function postSignedSandboxEvent(request: APIRequestContext, rawBody: string) {
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", SECRET).update(`${t}.${rawBody}`).digest("hex");
  return request.post("/api/webhooks/payments/sandbox", {
    data: rawBody,
    headers: { "content-type": "application/json", "marquee-signature": `t=${t},v1=${v1}` },
  });
}
