// POST /api/box-office/print/<reference>?what=tickets|receipt: the booking's tickets (one 80 mm page each) or its
// receipt as a PDF, for printers that print only PDFs. Staff only; every PDF counts as a print (a later one is marked
// REPRINT and audited), which is why this is a POST (the print page's form) and not a link anyone's browser could
// prefetch.
import { hasRole } from "@/server/accounts/roles";
import { isAppError } from "@/server/errors";
import { services } from "@/server/services";
import { getAppSession } from "@/lib/auth/next-auth";

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

const statusOf: Record<string, number> = { NOT_FOUND: 404, PRECONDITION_FAILED: 409, BAD_REQUEST: 400, FORBIDDEN: 403 };

export async function POST(request: Request, { params }: RouteContext<"/api/box-office/print/[reference]">) {
  const session = await getAppSession();
  if (!session) return json(401, { error: "Please sign in to continue." });
  if (!hasRole(session.user, "STAFF")) return json(403, { error: "You don't have permission to do that." });
  const { reference } = await params;
  const what = new URL(request.url).searchParams.get("what") ?? "tickets";
  if (what !== "tickets" && what !== "receipt") return json(400, { error: "Ask for what=tickets or what=receipt." });
  try {
    const pdf = await services().printing.pdf({ reference, what, staffId: session.user.id });
    return new Response(Buffer.from(pdf.bytes), {
      status: 200,
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="${pdf.filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (isAppError(error)) return json(statusOf[error.code] ?? 400, { error: error.message });
    console.error("[printing] the PDF failed", error);
    return json(503, { error: "The PDF can't be made right now. Try again in a moment." });
  }
}
