import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";
import { inngestMode } from "@/inngest/mode";

export const dynamic = "force-dynamic";

const mode = inngestMode();
const handlers = serve({
  client: inngest,
  functions,
  // Cloud mode (production) checks the signature of every run request; with this, of syncs (PUT) and introspection
  // (GET) too, so an unsigned request to this route does nothing at all there.
  ...(mode.production ? { enableUnauthedSync: false } : {}),
});

type Handler = typeof handlers.POST;

function refuseWithout(handler: Handler): Handler {
  if (!mode.refusal) return handler;
  const refusal = mode.refusal;
  return (async () => {
    console.error(`[inngest] ${refusal}`);
    return Response.json({ message: refusal }, { status: 503 });
  }) as unknown as Handler;
}

export const GET = refuseWithout(handlers.GET);
export const POST = refuseWithout(handlers.POST);
export const PUT = refuseWithout(handlers.PUT);
