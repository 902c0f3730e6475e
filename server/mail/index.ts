// Outgoing mail. Every message is rendered to HTML and plain text, handed to the transport, and recorded in the
// EmailMessage table whatever happened: with Resend's id when it was accepted, with the error when it was not.
// Without a Resend key the record is all there is: that table is the development mailbox (/dev/mailbox).
import type { ReactElement } from "react";
import { Resend } from "resend";
import { devMailboxEnabled, env } from "@/server/config/env";
import type { Database } from "@/server/db";
import { type RenderedEmail, renderEmail } from "./compiled";

export { compiledTemplate, type RenderedEmail, renderEmail } from "./compiled";

export interface MailerConfig {
  /** When set, mail goes out through Resend. */
  resendApiKey?: string;
  from: string;
  /** Without a key, keep mail in the development mailbox instead of refusing to send. */
  devMailbox: boolean;
  /**
   * Keep each message's `secrets` out of the stored copy of mail that went out through Resend (production): the
   * record is for support and the log, not a second way to read someone's reset code or guest order link. Mail kept
   * in the development mailbox keeps them: there the record is the delivery.
   */
  redactSecrets?: boolean;
}

export type OutgoingEmail = OutgoingEmailFields &
  (
    | { template: ReactElement; rendered?: undefined }
    /** Already rendered as `renderEmail(template)` would (a compiled template: ./compiled.ts). */
    | { rendered: RenderedEmail; template?: undefined }
  );

interface OutgoingEmailFields {
  to: string;
  subject: string;
  /** Short category for filtering and provider analytics: letters, digits, `_` and `-` only (Resend's rule). */
  tag: string;
  /** What only the recipient may read (codes, guest order tokens, ticket codes): see MailerConfig.redactSecrets. */
  secrets?: string[];
}

export interface SentEmail {
  id: string;
  transport: "RESEND" | "DEV_MAILBOX";
  providerId: string | null;
}

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  tag: string;
  transport: "RESEND" | "DEV_MAILBOX";
  error: string | null;
  createdAt: Date;
}

/** Refuses to send: production with neither a Resend key nor an explicitly enabled development mailbox. */
export class MailConfigurationError extends Error {
  constructor() {
    super(
      "Email is not configured: set RESEND_API_KEY to send through Resend (or DEV_MAILBOX=on to keep messages in " +
        "the development mailbox instead of delivering them).",
    );
    this.name = "MailConfigurationError";
  }
}

/** The provider refused or could not be reached. The message is recorded with the error before this is thrown. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly emailMessageId: string,
  ) {
    super(message);
    this.name = "MailDeliveryError";
  }
}

export function mailerConfigFromEnv(): MailerConfig {
  const settings = env();
  return {
    resendApiKey: settings.RESEND_API_KEY,
    from: settings.MAIL_FROM,
    devMailbox: devMailboxEnabled(),
    redactSecrets: settings.NODE_ENV === "production",
  };
}

export const REDACTED = "[redacted]";

const escapeHtml = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#x27;");

/** The message with every secret (as written, or HTML-escaped) replaced by REDACTED. */
export function redactSecrets<T extends { subject: string; html: string; text: string }>(message: T, secrets: readonly string[]): T {
  // Longest first, so a secret inside another (a token inside a link) doesn't leave the rest of the longer one.
  const needles = [...new Set(secrets.filter((secret) => secret.length > 0).flatMap((secret) => [secret, escapeHtml(secret)]))].sort(
    (a, b) => b.length - a.length,
  );
  const scrub = (value: string) => needles.reduce((result, needle) => result.replaceAll(needle, REDACTED), value);
  return { ...message, subject: scrub(message.subject), html: scrub(message.html), text: scrub(message.text) };
}

const TAG_PATTERN = /^[A-Za-z0-9_-]+$/;
// A stalled provider must not hold a sign-up request open indefinitely.
const SEND_TIMEOUT_MS = 10_000;

export function createMailer({ db, config = mailerConfigFromEnv() }: { db: Database; config?: MailerConfig }) {
  // Built on first use: the SDK reads RESEND_BASE_URL when it is constructed.
  let resend: Resend | undefined;
  const resendClient = (apiKey: string) => (resend ??= new Resend(apiKey));

  async function record(
    email: OutgoingEmail,
    rendered: { html: string; text: string },
    outcome: { transport: SentEmail["transport"]; providerId?: string | null; error?: string | null },
  ) {
    const stored =
      config.redactSecrets && outcome.transport === "RESEND" && email.secrets?.length
        ? redactSecrets({ subject: email.subject, ...rendered }, email.secrets)
        : { subject: email.subject, ...rendered };
    return db.emailMessage.create({
      data: {
        to: email.to,
        subject: stored.subject,
        html: stored.html,
        text: stored.text,
        tag: email.tag,
        transport: outcome.transport,
        providerId: outcome.providerId ?? null,
        error: outcome.error ?? null,
      },
      select: { id: true },
    });
  }

  return {
    async send(email: OutgoingEmail): Promise<SentEmail> {
      if (!TAG_PATTERN.test(email.tag)) throw new Error(`Mail tag "${email.tag}" may only use letters, digits, _ and -.`);
      if (!config.resendApiKey && !config.devMailbox) throw new MailConfigurationError();
      // One spelling per address, so the mailbox (and anyone reading the record) finds every message sent to it.
      email = { ...email, to: email.to.trim().toLowerCase() };

      const rendered = email.rendered ?? (await renderEmail(email.template));

      if (!config.resendApiKey) {
        const row = await record(email, rendered, { transport: "DEV_MAILBOX" });
        return { id: row.id, transport: "DEV_MAILBOX", providerId: null };
      }

      const { data, error } = await resendClient(config.resendApiKey).emails.send(
        {
          from: config.from,
          to: email.to,
          subject: email.subject,
          html: rendered.html,
          text: rendered.text,
          tags: [{ name: "category", value: email.tag }],
        },
        { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
      );
      if (error || !data) {
        const reason = error ? `${error.name}: ${error.message}` : "Resend returned no message id";
        const row = await record(email, rendered, { transport: "RESEND", error: reason });
        throw new MailDeliveryError(`Could not send "${email.subject}" to ${email.to}: ${reason}`, row.id);
      }
      const row = await record(email, rendered, { transport: "RESEND", providerId: data.id });
      return { id: row.id, transport: "RESEND", providerId: data.id };
    },

    /**
     * Recorded messages, newest first, optionally for one recipient. Callers expose this only when
     * devMailboxEnabled(): it shows codes and links meant for someone else.
     */
    async listDevMailbox({ to, limit = 50 }: { to?: string; limit?: number } = {}): Promise<MailboxMessage[]> {
      return db.emailMessage.findMany({
        where: to ? { to: to.trim().toLowerCase() } : undefined,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: Math.min(Math.max(limit, 1), 200),
        select: {
          id: true,
          to: true,
          subject: true,
          text: true,
          html: true,
          tag: true,
          transport: true,
          error: true,
          createdAt: true,
        },
      });
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
