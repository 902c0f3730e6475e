import { Info, TriangleAlert } from "lucide-react";
import { cn } from "@/lib/utils";
import type { Announcement } from "@/server/catalogue/schemas";

/** The site's announcements. `label` names the region (the admin's preview calls itself a preview). */
export function AnnouncementsBanner({ announcements, label = "Announcements" }: { announcements: Announcement[]; label?: string }) {
  if (announcements.length === 0) return null;
  return (
    <section aria-label={label}>
      <ul className="flex flex-col gap-2">
        {announcements.map((announcement) => {
          const warning = announcement.severity === "WARNING";
          const Icon = warning ? TriangleAlert : Info;
          return (
            <li
              key={announcement.id}
              className={cn(
                "flex items-start gap-3 rounded-lg border px-4 py-3 text-sm",
                warning ? "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50" : "bg-card",
              )}
            >
              <Icon className={cn("mt-0.5 size-4 shrink-0", warning ? "text-amber-700 dark:text-amber-300" : "text-primary")} aria-hidden />
              <p>
                <span className="sr-only">{warning ? "Warning: " : "Notice: "}</span>
                {announcement.cinema ? <strong className="font-semibold">{announcement.cinema.name}: </strong> : null}
                {announcement.message}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
