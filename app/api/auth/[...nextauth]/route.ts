import type { NextRequest } from "next/server";
import { handlers, SIGN_IN_UNAVAILABLE_MESSAGE } from "@/lib/auth/next-auth";
import { OUTAGE_RETRY_AFTER_SECONDS } from "@/server/errors";

export const { GET } = handlers;

/**
 * Auth.js answers every refused credentials sign-in with a redirect to /sign-in?error=CredentialsSignin&code=…. An
 * outage is not a refusal: a client posting here directly gets 503 with Retry-After and the reason instead. (The
 * app's own sign-in form uses a server action, lib/auth/actions.ts, and shows the same message.)
 */
export async function POST(request: NextRequest): Promise<Response> {
  const response = await handlers.POST(request);
  const location = response.headers.get("location");
  if (location && new URL(location, request.url).searchParams.get("code") === "unavailable") {
    return Response.json(
      { error: "SERVICE_UNAVAILABLE", message: SIGN_IN_UNAVAILABLE_MESSAGE },
      { status: 503, headers: { "retry-after": String(OUTAGE_RETRY_AFTER_SECONDS), "cache-control": "no-store" } },
    );
  }
  return response;
}
