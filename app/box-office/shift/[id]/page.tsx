import type { Metadata } from "next";
import { ShiftReportPage } from "@/components/box-office/shift/shift-desk";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/server/accounts/roles";

export const metadata: Metadata = { title: "Shift report · Box office" };

// A clerk sees their own shifts' reports; a manager any (the report procedure decides, NOT_FOUND otherwise).
export default async function ShiftReportRoute({ params }: PageProps<"/box-office/shift/[id]">) {
  const { id } = await params;
  const session = await requirePageRole("STAFF", `/box-office/shift/${encodeURIComponent(id)}`);
  return (
    <div className="space-y-3">
      <h1 className="sr-only">Shift report</h1>
      <ShiftReportPage shiftId={id} isManager={hasRole(session.user, "MANAGER")} />
    </div>
  );
}
