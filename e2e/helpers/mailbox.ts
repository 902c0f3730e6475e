// Reads what the app "sent" from the development mailbox (DEV_MAILBOX=on in the e2e server).
import type { APIRequestContext, Page } from "@playwright/test";

export interface MailboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: string;
}

function requestOf(source: APIRequestContext | Page): APIRequestContext {
  return "request" in source ? source.request : source;
}

/** Every message to `email`, newest first. */
export async function readMessages(source: APIRequestContext | Page, email: string): Promise<MailboxMessage[]> {
  const response = await requestOf(source).get(`/dev/mailbox/api?to=${encodeURIComponent(email.toLowerCase())}`);
  if (!response.ok()) throw new Error(`GET /dev/mailbox/api answered ${response.status()}`);
  const body = (await response.json()) as { messages: MailboxMessage[] };
  return body.messages;
}

function matches(subject: string, wanted: string | RegExp | undefined): boolean {
  if (wanted === undefined) return true;
  return typeof wanted === "string" ? subject.includes(wanted) : wanted.test(subject);
}

/**
 * The 6-digit code in the newest message to `email`, waiting for it to arrive (mail is sent after the response in
 * some flows). Pass `skip` with codes already seen (e.g. before "resend code") to wait for a newer one, and
 * `subject` to pick one kind of message.
 */
export async function readLatestCode(
  source: APIRequestContext | Page,
  email: string,
  options: { subject?: string | RegExp; skip?: string[]; timeout?: number } = {},
): Promise<string> {
  const deadline = Date.now() + (options.timeout ?? 10_000);
  let seen = "no message yet";
  for (;;) {
    const messages = await readMessages(source, email);
    const newest = messages.find((message) => matches(message.subject, options.subject));
    const code = newest && /\b(\d{6})\b/.exec(newest.text)?.[1];
    if (code && !options.skip?.includes(code)) return code;
    if (newest) seen = `newest: "${newest.subject}"${code ? ` with code ${code} (skipped)` : " without a code"}`;
    if (Date.now() > deadline) throw new Error(`no new 6-digit code mailed to ${email} (${seen})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
