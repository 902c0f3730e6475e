import type { Metadata } from "next";
import { ConcessionsManager } from "@/components/admin/concessions-manager";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Concessions · Admin" };

export default async function AdminConcessionsPage() {
  await requirePageRole("ADMIN", "/admin/concessions");
  const api = await serverApi();
  const initial = await api.admin.concessions.list();
  return (
    <section aria-labelledby="concessions-heading" className="space-y-5">
      <div className="space-y-1">
        <h2 id="concessions-heading" className="text-xl font-semibold">
          Concessions
        </h2>
        <p className="text-muted-foreground text-sm">
          Popcorn, drinks and combos: their prices and images, and the stock at each cinema. The counter sells them, and customers add them to
          web bookings to collect at the counter.
        </p>
      </div>
      <ConcessionsManager initial={initial} />
    </section>
  );
}
