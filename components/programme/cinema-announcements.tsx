"use client";

import { useQuery } from "@tanstack/react-query";
import { AnnouncementsBanner } from "@/components/programme/announcements-banner";
import { useTRPC } from "@/lib/trpc/client";

/** A cinema's announcements and the chain-wide ones, for client-rendered pages (checkout); fetched fresh on each visit. */
export function CinemaAnnouncements({ cinemaSlug }: { cinemaSlug: string }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.films.announcements.queryOptions({ cinemaSlug }), staleTime: 0 });
  return query.data?.length ? <AnnouncementsBanner announcements={query.data} /> : null;
}
