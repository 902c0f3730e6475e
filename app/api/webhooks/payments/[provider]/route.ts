// Payment providers' webhooks: POST /api/webhooks/payments/<provider>. The raw body is passed on untouched, because
// the signature covers its exact bytes. The status tells the provider whether to retry (response.ts); a 500 (we
// failed) makes it retry later.
import { NextResponse } from "next/server";
import { services } from "@/server/services";
import { webhookResponse } from "./response";

export const dynamic = "force-dynamic";

// Provider events are a few kilobytes; anything far larger is not one.
const MAX_BODY_BYTES = 256 * 1024;

export async function POST(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params;
  const declaredLength = Number(request.headers.get("content-length") ?? 0);
  if (declaredLength > MAX_BODY_BYTES) return NextResponse.json({ error: "body too large" }, { status: 413 });
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody, "utf8") > MAX_BODY_BYTES) return NextResponse.json({ error: "body too large" }, { status: 413 });

  try {
    const { status, body } = webhookResponse(await services().payments.handleWebhook({ provider, rawBody, headers: request.headers }));
    return NextResponse.json(body, { status, headers: { "cache-control": "no-store" } });
  } catch (error) {
    // Either the event was not recorded (recording and its state change share one transaction), and the provider's
    // retry redoes it, or it was, and the retry is a harmless replay whose unfinished follow-up reconciliation does.
    console.error(`[payments] ${provider} webhook failed`, error);
    return NextResponse.json({ error: "could not process the event; retry later" }, { status: 500 });
  }
}
