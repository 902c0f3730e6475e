import type { Metadata } from "next";
import { ShiftDesk } from "@/components/box-office/shift/shift-desk";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";
import { hasRole } from "@/server/accounts/roles";

export const metadata: Metadata = { title: "Shift · Box office" };

export default async function ShiftPage() {
  const session = await requirePageRole("STAFF", "/box-office/shift");
  const api = await serverApi();
  const [shift, tills, recent] = await Promise.all([api.shifts.currentShift(), api.shifts.tills(), api.shifts.recent()]);
  return (
    <div className="space-y-3">
      <h1 className="sr-only">Shift and cash-up</h1>
      <ShiftDesk initialShift={shift} initialTills={tills} initialRecent={recent} isManager={hasRole(session.user, "MANAGER")} />
    </div>
  );
}
