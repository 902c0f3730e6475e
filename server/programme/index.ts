// Programme administration: what admins change about the programme the site shows. Starts with announcements
// (announcements.ts). README.md beside this file says what each call does. Imports neither tRPC, Next nor
// next-auth; the public site reads the same rows through server/catalogue.
import { createAnnouncements } from "./announcements";
import { createProgrammeContext, type ProgrammeDeps } from "./context";

export type { ProgrammeDeps } from "./context";
export { ANNOUNCEMENT_CONFLICT_MESSAGE, announcementStatus } from "./announcements";
export { instantToWallClock, wallClockToInstant } from "./wall-clock";
export type * from "./schemas";

export function createProgramme(deps: ProgrammeDeps) {
  const ctx = createProgrammeContext(deps);
  const announcements = createAnnouncements(ctx);
  return {
    // ── Announcements (/admin/announcements) ──
    listAnnouncements: announcements.list,
    createAnnouncement: announcements.create,
    updateAnnouncement: announcements.update,
    deleteAnnouncement: announcements.remove,
  };
}

export type Programme = ReturnType<typeof createProgramme>;
