import type { Metadata } from "next";
import { PricesManager } from "@/components/admin/prices-manager";
import { hasRole } from "@/server/accounts/roles";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Prices · Admin" };

export default async function AdminPricesPage() {
  // Staff may read prices (to answer customers); only admins change them.
  const session = await requirePageRole("STAFF", "/admin/prices");
  const api = await serverApi();
  const initial = await api.admin.prices.overview({});
  return (
    <section aria-labelledby="prices-heading" className="space-y-5">
      <div className="space-y-1">
        <h2 id="prices-heading" className="text-xl font-semibold">
          Prices
        </h2>
        <p className="text-muted-foreground text-sm">
          Each cinema&apos;s ticket types and price plans: ticket prices, seat and format surcharges, and the booking fee.
        </p>
      </div>
      <PricesManager initial={initial} canEdit={hasRole(session.user, "ADMIN")} />
    </section>
  );
}
