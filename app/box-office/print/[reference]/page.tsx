import { CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PrintSheetView } from "@/components/box-office/print/print-sheet";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { requirePageRole } from "@/lib/auth/guards";
import { isNotFoundError } from "@/lib/trpc/errors";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Print · Box office", robots: { index: false, follow: false } };

// /box-office/print/<reference>[?autoprint=1[&what=tickets|receipt]]: the counter opens it after a sale with
// autoprint, and the print dialog comes up by itself (tickets, or the receipt of an order without tickets).
export default async function PrintPage({ params, searchParams }: PageProps<"/box-office/print/[reference]">) {
  const { reference } = await params;
  await requirePageRole("STAFF", `/box-office/print/${encodeURIComponent(reference)}`);
  const query = await searchParams;
  let sheet;
  try {
    sheet = await (await serverApi()).printing.sheet({ reference });
  } catch (error) {
    if (isNotFoundError(error)) notFound();
    return (
      <Alert variant="destructive" className="mx-auto max-w-xl">
        <CircleAlert aria-hidden />
        <AlertTitle>Nothing to print</AlertTitle>
        <AlertDescription>{error instanceof Error ? error.message : "This booking can't be printed."}</AlertDescription>
      </Alert>
    );
  }
  const asked = query.what === "receipt" || query.what === "tickets" ? query.what : null;
  const autoprint = query.autoprint === "1" ? (asked ?? (sheet.tickets.length ? "tickets" : "receipt")) : null;
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-semibold tracking-tight print:hidden">Print booking {sheet.order.reference}</h1>
      <PrintSheetView sheet={sheet} autoprint={autoprint} />
    </div>
  );
}
