import { Inbox } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { devMailboxServes } from "@/server/config/env";
import { services } from "@/server/services";

export const metadata: Metadata = { title: "Development mailbox", robots: { index: false } };

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "Europe/London" });

export default async function DevMailboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!devMailboxServes(await headers())) notFound();
  const raw = (await searchParams).to;
  const to = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase() || undefined;
  const messages = await services().mailer.listDevMailbox({ to, limit: 100 });

  return (
    <div className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6">
      <PageHeader
        title="Development mailbox"
        description="Every email Marquee has sent, newest first. Only available on this machine, in development or with DEV_MAILBOX=on."
      />
      <form method="get" role="search" className="flex flex-wrap items-end gap-2">
        <div className="grid gap-2">
          <Label htmlFor="mailbox-to">Recipient</Label>
          <Input id="mailbox-to" name="to" type="email" defaultValue={to} placeholder="name@example.com" className="w-72 max-w-full" />
        </div>
        <Button type="submit" variant="outline">
          Filter
        </Button>
        {to ? (
          <Button asChild variant="ghost">
            <a href="/dev/mailbox">Show all</a>
          </Button>
        ) : null}
      </form>

      {messages.length === 0 ? (
        <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed py-16">
          <Inbox className="size-8" aria-hidden />
          <p>{to ? `No messages to ${to} yet.` : "No messages yet."}</p>
        </div>
      ) : (
        <ol className="space-y-3" aria-label="Messages">
          {messages.map((message) => (
            <li key={message.id}>
              <details className="group bg-card rounded-lg border">
                <summary className="hover:bg-accent/50 flex cursor-pointer list-none flex-col gap-1 rounded-lg px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                  <span className="min-w-0">
                    <span className="block truncate font-medium">{message.subject}</span>
                    <span className="text-muted-foreground block truncate text-sm">
                      To {message.to} · {message.tag}
                      {message.transport === "RESEND" ? " · sent through Resend" : ""}
                      {message.error ? <span className="text-destructive"> · failed: {message.error}</span> : null}
                    </span>
                  </span>
                  <time dateTime={message.createdAt.toISOString()} className="text-muted-foreground shrink-0 text-sm tabular-nums">
                    {timeFormat.format(message.createdAt)}
                  </time>
                </summary>
                <div className="space-y-4 border-t p-4">
                  {/* sandbox with no permissions: the HTML can't run scripts or reach this page. */}
                  <iframe
                    title={`Email: ${message.subject}`}
                    srcDoc={message.html}
                    sandbox=""
                    className="h-[32rem] w-full rounded-md border bg-white"
                  />
                  <div>
                    <h3 className="mb-2 text-sm font-medium">Plain text</h3>
                    <pre className="bg-muted overflow-x-auto rounded-md p-3 text-sm whitespace-pre-wrap">{message.text}</pre>
                  </div>
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
