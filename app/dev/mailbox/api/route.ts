import { devMailboxServes } from "@/server/config/env";
import { services } from "@/server/services";

// What the app "sent", for people and end-to-end tests working without a mail provider. Off in production unless
// DEV_MAILBOX=on, and only ever on loopback (devMailboxServes): these messages hold codes meant for someone else.
export async function GET(request: Request) {
  if (!devMailboxServes(request.headers)) return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
  const to = new URL(request.url).searchParams.get("to")?.trim() || undefined;
  const messages = await services().mailer.listDevMailbox({ to, limit: 50 });
  return Response.json(
    {
      messages: messages.map(({ id, to: recipient, subject, text, html, createdAt }) => ({
        id,
        to: recipient,
        subject,
        text,
        html,
        createdAt: createdAt.toISOString(),
      })),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}
