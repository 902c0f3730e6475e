import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ticketQrPngDataUrl } from "@/server/booking/qr";
import { createMailer, MailConfigurationError, MailDeliveryError, REDACTED } from "@/server/mail";
import { BookingConfirmationEmail } from "@/server/mail/templates/booking-confirmation-email";
import { PasswordResetCodeEmail, passwordResetCodeSubject } from "@/server/mail/templates/password-reset-code-email";
import { VerificationCodeEmail } from "@/server/mail/templates/verification-code-email";
import { createTestServices, type TestServices } from "@/tests/support/services";
import { uniqueTestEmail } from "@/tests/support/users";

interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

// Stands in for api.resend.com: the SDK honours RESEND_BASE_URL, so these are the real requests it would make.
function startResendStandIn() {
  const requests: CapturedRequest[] = [];
  let reply: { status: number; body: unknown } = { status: 200, body: { id: "re_msg_0001" } };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"),
      });
      response.writeHead(reply.status, { "content-type": "application/json" });
      response.end(JSON.stringify(reply.body));
    });
  });
  return {
    requests,
    replyWith(status: number, body: unknown) {
      reply = { status, body };
    },
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const template = VerificationCodeEmail({ name: "Ada", code: "482913", expiresInMinutes: 15 });

describe("mailer", () => {
  let services: TestServices;
  const standIn = startResendStandIn();
  const previousBaseUrl = process.env.RESEND_BASE_URL;
  const previousApiKey = process.env.RESEND_API_KEY;

  beforeAll(async () => {
    services = createTestServices();
    process.env.RESEND_BASE_URL = await standIn.listen();
    process.env.RESEND_API_KEY = "re_test_key_123";
  });

  afterEach(() => {
    standIn.requests.length = 0;
    standIn.replyWith(200, { id: "re_msg_0001" });
  });

  afterAll(async () => {
    if (previousBaseUrl === undefined) delete process.env.RESEND_BASE_URL;
    else process.env.RESEND_BASE_URL = previousBaseUrl;
    if (previousApiKey === undefined) delete process.env.RESEND_API_KEY;
    else process.env.RESEND_API_KEY = previousApiKey;
    await standIn.close();
    await services.dispose();
  });

  const resendMailer = () =>
    createMailer({
      db: services.db,
      config: { resendApiKey: process.env.RESEND_API_KEY, from: "Marquee <tickets@marquee.test>", devMailbox: false },
    });

  it("sends through Resend and records the provider's id", async () => {
    const to = uniqueTestEmail("resend");
    const sent = await resendMailer().send({ to, subject: "Your code", template, tag: "verify-email" });

    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request).toMatchObject({ method: "POST", path: "/emails" });
    expect(request?.headers.authorization).toBe("Bearer re_test_key_123");
    expect(request?.headers["content-type"]).toContain("application/json");
    expect(request?.body).toMatchObject({
      from: "Marquee <tickets@marquee.test>",
      to,
      subject: "Your code",
      tags: [{ name: "category", value: "verify-email" }],
    });
    expect(request?.body.html).toEqual(expect.stringContaining("482913"));
    expect(request?.body.html).toEqual(expect.stringMatching(/^<!DOCTYPE html/i));
    expect(request?.body.text).toEqual(expect.stringContaining("482913"));
    expect(request?.body.text).not.toContain("<");

    expect(sent).toMatchObject({ transport: "RESEND", providerId: "re_msg_0001" });
    const row = await services.db.emailMessage.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row).toMatchObject({ to, subject: "Your code", tag: "verify-email", transport: "RESEND", providerId: "re_msg_0001", error: null });
    expect(row.text).toContain("482913");
  });

  it("records the provider's refusal and throws", async () => {
    standIn.replyWith(422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field." });
    const to = uniqueTestEmail("refused");

    const failure = await resendMailer()
      .send({ to, subject: "Refused", template, tag: "verify-email" })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MailDeliveryError);
    const row = await services.db.emailMessage.findUniqueOrThrow({ where: { id: (failure as MailDeliveryError).emailMessageId } });
    expect(row).toMatchObject({ to, transport: "RESEND", providerId: null, error: "validation_error: Invalid `to` field." });
  });

  it("keeps mail in the development mailbox when there is no key", async () => {
    const mailer = createMailer({ db: services.db, config: { from: "Marquee <tickets@marquee.test>", devMailbox: true } });
    const to = uniqueTestEmail("mailbox");

    const first = await mailer.send({ to: to.toUpperCase(), subject: "First", template, tag: "verify-email" });
    const second = await mailer.send({ to, subject: "Second", template, tag: "verify-email" });

    expect(standIn.requests).toHaveLength(0);
    expect(first).toMatchObject({ transport: "DEV_MAILBOX", providerId: null });
    const messages = await mailer.listDevMailbox({ to });
    expect(messages.map((message) => message.id)).toEqual([second.id, first.id]);
    expect(messages[0]).toMatchObject({ to, subject: "Second", transport: "DEV_MAILBOX", error: null });
    expect(messages[0]?.html).toContain("482913");
    expect(messages[0]?.text).toContain("482913");
  });

  it("refuses to drop mail silently when neither Resend nor the mailbox is configured", async () => {
    const mailer = createMailer({ db: services.db, config: { from: "Marquee <tickets@marquee.test>", devMailbox: false } });
    const to = uniqueTestEmail("nowhere");

    await expect(mailer.send({ to, subject: "Lost", template, tag: "verify-email" })).rejects.toBeInstanceOf(MailConfigurationError);
    expect(await services.db.emailMessage.count({ where: { to } })).toBe(0);
  });

  it("in production keeps reset codes and guest order links out of the stored copy of mail sent through Resend", async () => {
    const production = createMailer({
      db: services.db,
      config: { resendApiKey: process.env.RESEND_API_KEY, from: "Marquee <tickets@marquee.test>", devMailbox: false, redactSecrets: true },
    });
    const to = uniqueTestEmail("redacted");
    const code = "739164";
    const reset = await production.send({
      to,
      subject: passwordResetCodeSubject(code),
      template: PasswordResetCodeEmail({ name: "Ada", code, expiresInMinutes: 15 }),
      tag: "password-reset",
      secrets: [code],
    });
    // The recipient gets the code; the record does not.
    expect(standIn.requests[0]?.body.text).toContain(code);
    expect(standIn.requests[0]?.body.subject).toContain(code);
    const resetRow = await services.db.emailMessage.findUniqueOrThrow({ where: { id: reset.id } });
    for (const field of [resetRow.subject, resetRow.html, resetRow.text]) {
      expect(field).not.toContain(code);
      expect(field).toContain(REDACTED);
    }

    const token = "guest-token_AbC&123";
    const ticketCode = "TKT7Q2ZX9M";
    const qrDataUrl = await ticketQrPngDataUrl(ticketCode);
    const orderUrl = `https://tickets.example.com/orders/M7K2P9?token=${encodeURIComponent(token)}`;
    const confirmation = await production.send({
      to,
      subject: "Your tickets",
      tag: "booking-confirmation",
      secrets: [encodeURIComponent(token), ticketCode, qrDataUrl],
      template: BookingConfirmationEmail({
        customerName: "Ada",
        reference: "M7K2P9",
        screening: { filmTitle: "Film", when: "Friday", cinemaName: "Cinema", cinemaAddress: "1 Street", hallName: "Hall 1" },
        tickets: [
          {
            seatLabel: "A1",
            description: "Adult",
            price: "£10.00",
            code: ticketCode,
            qrDataUrl,
            ticketUrl: `https://tickets.example.com/tickets/${ticketCode}?token=${encodeURIComponent(token)}`,
          },
        ],
        items: [],
        subtotal: "£10.00",
        discount: null,
        bookingFee: null,
        total: "£10.00",
        orderUrl,
        refundCutoff: "an hour",
      }),
    });
    expect(standIn.requests[1]?.body.html).toContain(encodeURIComponent(token));
    const stored = await services.db.emailMessage.findUniqueOrThrow({ where: { id: confirmation.id } });
    for (const field of [stored.html, stored.text]) {
      expect(field).not.toContain(encodeURIComponent(token));
      expect(field).not.toContain(ticketCode);
      expect(field).not.toContain(qrDataUrl.slice(30, 90));
      expect(field).toContain("M7K2P9");
    }

    // Outside production (and in the development mailbox, where the record is the delivery) they stay.
    const development = await resendMailer().send({ to, subject: "Code", template, tag: "verify-email", secrets: ["482913"] });
    expect((await services.db.emailMessage.findUniqueOrThrow({ where: { id: development.id } })).text).toContain("482913");
  });

  it("redacts in production, as the environment says", async () => {
    vi.resetModules();
    vi.stubEnv("NODE_ENV", "production");
    try {
      const { mailerConfigFromEnv } = await import("@/server/mail");
      expect(mailerConfigFromEnv().redactSecrets).toBe(true);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
    const { mailerConfigFromEnv } = await import("@/server/mail");
    expect(mailerConfigFromEnv().redactSecrets).toBe(false);
  });
});
