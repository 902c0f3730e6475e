import type { Metadata } from "next";
import { PromoCodesManager } from "@/components/admin/promo-codes-manager";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Promo codes · Admin" };

export default async function AdminPromoCodesPage() {
  await requirePageRole("ADMIN", "/admin/promo-codes");
  const api = await serverApi();
  const initial = await api.admin.promoCodes.list({});
  return (
    <section aria-labelledby="promo-codes-heading" className="space-y-5">
      <div className="space-y-1">
        <h2 id="promo-codes-heading" className="text-xl font-semibold">
          Promo codes
        </h2>
        <p className="text-muted-foreground text-sm">
          Codes customers type at checkout for a percentage or an amount off, between a start and an end, up to a total number of uses.
        </p>
      </div>
      <PromoCodesManager initial={initial} />
    </section>
  );
}
