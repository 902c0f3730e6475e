import type { Metadata } from "next";
import { AdvertsManager } from "@/components/admin/adverts-manager";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Adverts · Admin" };

export default async function AdminAdvertsPage() {
  await requirePageRole("ADMIN", "/admin/adverts");
  const api = await serverApi();
  const initial = await api.admin.adverts.list({});
  return (
    <section aria-labelledby="adverts-heading" className="space-y-5">
      <div className="space-y-1">
        <h2 id="adverts-heading" className="text-xl font-semibold">
          Adverts
        </h2>
        <p className="text-muted-foreground text-sm">
          The home page&apos;s hero and offers strip, and pre-show adverts: each shown in its placement between a start and an end while active.
        </p>
      </div>
      <AdvertsManager initial={initial} />
    </section>
  );
}
