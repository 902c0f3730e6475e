// The programme administration's HTTP contract, shared by the tRPC router and the admin's forms (the same schema
// validates in the browser and again on the server). Safe for client components: zod and the generated enums only.
import { z } from "zod";
import { advertPlacementSchema, announcementSeveritySchema } from "@/server/db/schemas";

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

// ── Adverts ──

export const ADVERT_TITLE_MAX = 120;
export const ADVERT_BODY_MAX = 500;
export const ADVERT_LINK_MAX = 2000;

/** A URL the media module made: its default rendition's JPEG, "/media/<32 hex>-<rendition>.jpg" (or on MEDIA_PUBLIC_URL). */
const MEDIA_URL = /^(?:\/media\/|https:\/\/[^\s/?#]+(?:\/[^\s?#]*)?\/)[a-f0-9]{32}-[a-z0-9-]+\.jpg$/;
/** An internal path ("/films/x") — not "//host", which browsers read as another site — or an https:// address. */
const INTERNAL_LINK = /^\/(?!\/)[^\s\\]*$/;

function isExternalLink(value: string): boolean {
  if (!value.startsWith("https://")) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" && url.hostname.length > 0 && !/\s/.test(value);
  } catch {
    return false;
  }
}

const advertFields = {
  title: z
    .string({ error: "Give the advert a title" })
    .trim()
    .min(1, { error: "Give the advert a title" })
    .max(ADVERT_TITLE_MAX, { error: `Keep the title to ${ADVERT_TITLE_MAX} characters` }),
  /** Optional text; an empty string means none. */
  body: z.string().trim().max(ADVERT_BODY_MAX, { error: `Keep the text to ${ADVERT_BODY_MAX} characters` }),
  /** The URL storeImage returned for the uploaded image, or null for none. */
  imageUrl: z
    .string()
    .max(ADVERT_LINK_MAX)
    .refine((value) => MEDIA_URL.test(value), { error: "Upload the image here rather than linking to one" })
    .nullable(),
  /** Where the advert leads: "/…" on this site or "https://…" elsewhere; empty for nowhere. */
  linkUrl: z
    .string()
    .trim()
    .max(ADVERT_LINK_MAX, { error: `Keep the link to ${ADVERT_LINK_MAX} characters` })
    .refine((value) => value === "" || INTERNAL_LINK.test(value) || isExternalLink(value), {
      error: "Enter a path on this site starting with / or an address starting with https://",
    }),
  placement: advertPlacementSchema,
  /** Wall-clock times in Europe/London, as the form shows them. */
  startsAt: wallClock("start"),
  endsAt: wallClock("end"),
  priority: z
    .number({ error: "Enter a whole number" })
    .int({ error: "Enter a whole number" })
    .min(-1000, { error: "Between -1000 and 1000" })
    .max(1000, { error: "Between -1000 and 1000" }),
  active: z.boolean(),
};

/** The advert create/edit form's values. */
export const advertFormSchema = z.object(advertFields).refine(endAfterStart, endAfterStartIssue);
export type AdvertFormValues = z.infer<typeof advertFormSchema>;

export const createAdvertInput = advertFormSchema;

export const updateAdvertInput = z
  .object({ id: z.string().min(1).max(100), version: z.number().int().min(1), ...advertFields })
  .refine(endAfterStart, endAfterStartIssue);

export const advertVersionInput = z.object({ id: z.string().min(1).max(100), version: z.number().int().min(1) });

/** live: active and inside its window; paused: inside its window but switched off; scheduled: starts later; ended. */
export const advertStatusSchema = z.enum(["live", "paused", "scheduled", "ended"]);
export type AdvertStatus = z.infer<typeof advertStatusSchema>;

export const advertListInput = z.object({
  /** live: inside its window now (paused ones too); scheduled: starts later; ended: has ended. */
  when: z.enum(["live", "scheduled", "ended"]).optional(),
  placement: advertPlacementSchema.optional(),
});
export type AdvertListInput = z.infer<typeof advertListInput>;

export const adminAdvertSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  imageUrl: z.string().nullable(),
  linkUrl: z.string().nullable(),
  placement: advertPlacementSchema,
  startsAt: z.date(),
  endsAt: z.date(),
  /** The zone the times are written in (Europe/London). */
  timeZone: z.string(),
  startsAtLocal: z.string(),
  endsAtLocal: z.string(),
  priority: z.number().int(),
  active: z.boolean(),
  status: advertStatusSchema,
  version: z.number().int(),
});
export type AdminAdvert = z.infer<typeof adminAdvertSchema>;

export const advertListSchema = z.object({ adverts: z.array(adminAdvertSchema), timeZone: z.string() });
export type AdvertList = z.infer<typeof advertListSchema>;
