import type { Metadata } from "next";
import { AttentionList, UnmatchedPaymentEvents } from "@/components/box-office/attention-list";
import { PageHeader } from "@/components/layout/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Needs attention · Box office" };

export default async function AttentionPage() {
  await requirePageRole("STAFF", "/box-office/attention");
  const api = await serverApi();
  const [items, unmatched] = await Promise.all([api.boxOffice.attention(), api.boxOffice.unmatchedPaymentEvents()]);
  return (
    <div className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6">
      <PageHeader
        title="Needs attention"
        description="Bookings the automatic retries gave up on. Retry the refund, or record how it was settled."
      />
      <AttentionList initialItems={items} />
      <UnmatchedPaymentEvents initialEvents={unmatched} />
    </div>
  );
}
