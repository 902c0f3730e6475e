// The programme administration's HTTP contract, shared by the tRPC router and the admin's forms (the same schema
// validates in the browser and again on the server). Safe for client components: zod and the generated enums only.
import { z } from "zod";
import { announcementSeveritySchema } from "@/server/db/schemas";

export const ANNOUNCEMENT_MESSAGE_MAX = 280;

/** A wall-clock date and time as a `datetime-local` input gives it: "2026-12-24T18:30". */
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

function isRealWallClock(value: string): boolean {
  if (!WALL_CLOCK.test(value)) return false;
  const [date, time] = value.split("T") as [string, string];
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return (
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day && hour < 24 && minute < 60
  );
}

const wallClock = (what: string) =>
  z.string({ error: `Enter the ${what} date and time` }).refine(isRealWallClock, { error: `Enter the ${what} date and time` });

const announcementFields = {
  message: z
    .string({ error: "Write the announcement" })
    .trim()
    .min(1, { error: "Write the announcement" })
    .max(ANNOUNCEMENT_MESSAGE_MAX, { error: `Keep it to ${ANNOUNCEMENT_MESSAGE_MAX} characters` }),
  severity: announcementSeveritySchema,
  /** A cinema's id, or null for every cinema. */
  cinemaId: z.string().min(1).max(100).nullable(),
  /** Wall-clock times in the cinema's time zone (Europe/London for all cinemas), as the form shows them. */
  startsAt: wallClock("start"),
  endsAt: wallClock("end"),
};

// Both times are in one zone and written the same way, so comparing the strings compares the times.
const endAfterStart = (value: { startsAt: string; endsAt: string }) =>
  !isRealWallClock(value.startsAt) || !isRealWallClock(value.endsAt) || value.endsAt > value.startsAt;
const endAfterStartIssue = { error: "The end must be after the start", path: ["endsAt"] };

/** The create/edit form's values. */
export const announcementFormSchema = z.object(announcementFields).refine(endAfterStart, endAfterStartIssue);
export type AnnouncementFormValues = z.infer<typeof announcementFormSchema>;

export const createAnnouncementInput = announcementFormSchema;

/** An edit names the version it was made from; a newer version means someone else saved first. */
export const updateAnnouncementInput = z
  .object({ id: z.string().min(1).max(100), version: z.number().int().min(1), ...announcementFields })
  .refine(endAfterStart, endAfterStartIssue);

export const deleteAnnouncementInput = z.object({ id: z.string().min(1).max(100), version: z.number().int().min(1) });

export const announcementStatusSchema = z.enum(["live", "scheduled", "ended"]);
export type AnnouncementStatus = z.infer<typeof announcementStatusSchema>;

export const announcementListInput = z.object({
  /** current: live now; scheduled: starts later; past: has ended. */
  when: z.enum(["current", "scheduled", "past"]).optional(),
  /** A cinema's id for its own announcements, null for the chain-wide ones; absent for all. */
  cinemaId: z.string().min(1).max(100).nullable().optional(),
});
export type AnnouncementListInput = z.infer<typeof announcementListInput>;

export const programmeCinemaSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });
export type ProgrammeCinema = z.infer<typeof programmeCinemaSchema>;

export const adminAnnouncementSchema = z.object({
  id: z.string(),
  message: z.string(),
  severity: announcementSeveritySchema,
  cinema: programmeCinemaSchema.nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  /** The zone the times are written in (the cinema's, or Europe/London for all cinemas). */
  timeZone: z.string(),
  /** startsAt and endsAt on that zone's wall clock, as the form takes them. */
  startsAtLocal: z.string(),
  endsAtLocal: z.string(),
  status: announcementStatusSchema,
  version: z.number().int(),
});
export type AdminAnnouncement = z.infer<typeof adminAnnouncementSchema>;

export const announcementListSchema = z.object({
  announcements: z.array(adminAnnouncementSchema),
  /** Every cinema, for the form's select and the filter. */
  cinemas: z.array(programmeCinemaSchema),
  /** The zone used when the announcement is for all cinemas. */
  chainTimeZone: z.string(),
});
export type AnnouncementList = z.infer<typeof announcementListSchema>;
