import { AnnouncementsBanner } from "@/components/programme/announcements-banner";
import { serverApi } from "@/lib/trpc/server";

/**
 * The announcements a page of the site shows, read on each request (the pages that use it render per request): a
 * cinema's page passes its cinema and shows that cinema's announcements with the chain-wide ones; any other page
 * shows only the chain-wide ones.
 */
export async function SiteAnnouncements({ cinemaSlug, className }: { cinemaSlug?: string; className?: string }) {
  const api = await serverApi();
  const announcements = await api.films.announcements(cinemaSlug ? { cinemaSlug } : { chainOnly: true });
  if (announcements.length === 0) return null;
  return (
    <div className={className}>
      <AnnouncementsBanner announcements={announcements} />
    </div>
  );
}
