import type { Metadata } from "next";
import { AnnouncementsManager } from "@/components/admin/announcements-manager";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Announcements · Admin" };

export default async function AdminAnnouncementsPage() {
  await requirePageRole("ADMIN", "/admin/announcements");
  const api = await serverApi();
  const initial = await api.admin.announcements.list({});
  return (
    <section aria-labelledby="announcements-heading" className="space-y-5">
      <div className="space-y-1">
        <h2 id="announcements-heading" className="text-xl font-semibold">
          Announcements
        </h2>
        <p className="text-muted-foreground text-sm">
          Notices at the top of the site&apos;s home page, for every cinema or one, between a start and an end.
        </p>
      </div>
      <AnnouncementsManager initial={initial} />
    </section>
  );
}
