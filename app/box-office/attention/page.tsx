import type { Metadata } from "next";
import { AttentionList } from "@/components/box-office/attention-list";
import { PageHeader } from "@/components/layout/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Needs attention · Box office" };

export default async function AttentionPage() {
  await requirePageRole("STAFF", "/box-office/attention");
  const items = await (await serverApi()).boxOffice.attention();
  return (
    <div className="mx-auto max-w-4xl space-y-6 px-4 py-8 sm:px-6">
      <PageHeader
        title="Needs attention"
        description="Bookings the automatic retries gave up on. Retry the refund, or record how it was settled."
      />
      <AttentionList initialItems={items} />
    </div>
  );
}
