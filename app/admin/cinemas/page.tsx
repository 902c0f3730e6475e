import type { Metadata } from "next";
import { CinemasManager } from "@/components/admin/cinemas-manager";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";
import { hasRole } from "@/server/accounts/roles";

export const metadata: Metadata = { title: "Cinemas · Admin" };

export default async function AdminCinemasPage() {
  const session = await requirePageRole("STAFF", "/admin/cinemas");
  const api = await serverApi();
  const initial = await api.admin.venues.listCinemas();
  return (
    <section aria-labelledby="cinemas-heading" className="space-y-5">
      <div className="space-y-1">
        <h2 id="cinemas-heading" className="text-xl font-semibold">
          Cinemas and halls
        </h2>
        <p className="text-muted-foreground text-sm">
          Each cinema&apos;s address, time zone and currency, and its halls: open a hall to edit its seat layout and rules.
        </p>
      </div>
      <CinemasManager initial={initial} canEdit={hasRole(session.user, "ADMIN")} />
    </section>
  );
}
