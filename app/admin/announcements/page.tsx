import type { Metadata } from "next";
import { AnnouncementsManager } from "@/components/admin/announcements-manager";
import { PageHeader } from "@/components/layout/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Announcements · Admin" };

export default async function AdminAnnouncementsPage() {
  await requirePageRole("ADMIN", "/admin/announcements");
  const api = await serverApi();
  const initial = await api.admin.announcements.list({});
  return (
    <div className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <PageHeader
        title="Announcements"
        description="Notices at the top of the site's home page, for every cinema or one, between a start and an end."
      />
      <AnnouncementsManager initial={initial} />
    </div>
  );
}
