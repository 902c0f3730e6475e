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
export const ADVERT_DURATION_MAX = 900;
/** A new advert's targeting: every cinema, no pre-show length or film. */
export const ADVERT_EVERYWHERE = { cinemaIds: [] as string[], durationSeconds: null, filmId: null };

/** A URL the media module made: its default rendition's JPEG, "/media/<32 hex>-<rendition>.jpg" (or on MEDIA_PUBLIC_URL). */
export const MEDIA_URL = /^(?:\/media\/|https:\/\/[^\s/?#]+(?:\/[^\s?#]*)?\/)[a-f0-9]{32}-[a-z0-9-]+\.jpg$/;
/** An internal path ("/films/x") — not "//host", which browsers read as another site — or an https:// address. */
const INTERNAL_LINK = /^\/(?!\/)[^\s\\]*$/;

export function isExternalLink(value: string): boolean {
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
  /** The cinemas it runs at; empty for every cinema. */
  cinemaIds: z.array(z.string().min(1).max(100)).max(200),
  /** A pre-show advert's length in the reel, 1 s to 15 min; null for the home page's placements. */
  durationSeconds: z
    .number({ error: "Enter the length in seconds" })
    .int({ error: "Enter whole seconds" })
    .min(1, { error: "At least 1 second" })
    .max(ADVERT_DURATION_MAX, { error: `At most ${ADVERT_DURATION_MAX} seconds` })
    .nullable(),
  /** A pre-show advert for a film is that film's trailer. */
  filmId: z.string().min(1).max(100).nullable(),
};

function checkPreShow(value: { placement: string; durationSeconds: number | null; filmId: string | null }, ctx: z.RefinementCtx) {
  if (value.placement === "PRE_SHOW" && value.durationSeconds === null) {
    ctx.addIssue({ code: "custom", message: "Enter how long it runs before the film", path: ["durationSeconds"] });
  }
  if (value.placement !== "PRE_SHOW" && value.filmId !== null) {
    ctx.addIssue({ code: "custom", message: "Only a pre-show advert can be a trailer", path: ["filmId"] });
  }
}

/** The advert create/edit form's values. */
export const advertFormSchema = z.object(advertFields).refine(endAfterStart, endAfterStartIssue).superRefine(checkPreShow);
export type AdvertFormValues = z.infer<typeof advertFormSchema>;

export const createAdvertInput = advertFormSchema;

export const updateAdvertInput = z
  .object({ id: z.string().min(1).max(100), version: z.number().int().min(1), ...advertFields })
  .refine(endAfterStart, endAfterStartIssue)
  .superRefine(checkPreShow);

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
  cinemaIds: z.array(z.string()),
  durationSeconds: z.number().int().nullable(),
  filmId: z.string().nullable(),
  film: z.object({ id: z.string(), title: z.string() }).nullable(),
  status: advertStatusSchema,
  version: z.number().int(),
});
export type AdminAdvert = z.infer<typeof adminAdvertSchema>;

export const advertListSchema = z.object({
  adverts: z.array(adminAdvertSchema),
  timeZone: z.string(),
  /** For the form's pickers and the reel's cinema choice. */
  cinemas: z.array(programmeCinemaSchema),
  films: z.array(z.object({ id: z.string(), title: z.string() })),
});

// ── Pre-show reel ──

/** The admin's question: the reel before a screening at this cinema at this wall-clock time (the cinema's zone). */
export const preShowReelInput = z.object({ cinemaId: z.string().min(1).max(100), at: wallClock("screening") });

export const preShowReelSchema = z.object({
  cinemaId: z.string(),
  startsAt: z.date(),
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      kind: z.enum(["advert", "trailer"]),
      film: z.object({ id: z.string(), title: z.string() }).nullable(),
      priority: z.number().int(),
      durationSeconds: z.number().int(),
    }),
  ),
  totalSeconds: z.number().int(),
  /** totalSeconds rounded up to whole minutes: what the scheduler adds before the film starts. */
  totalMinutes: z.number().int(),
});
export type PreShowReel = z.infer<typeof preShowReelSchema>;
export type AdvertList = z.infer<typeof advertListSchema>;
// ─── Promo codes ─────────────────────────────────────────────────────────────

export const PROMO_CODE_PATTERN = /^[A-Za-z0-9_-]{3,32}$/;
export const PROMO_CURRENCIES = ["GBP", "EUR", "USD"] as const;

/**
 * An amount typed in major units ("12.50", "7", "0.5") as integer minor units (1250, 700, 50), exactly: the digits
 * are read as text, never through a float. Null if it isn't such an amount (more than two decimals, a sign, letters).
 */
export function majorToMinor(text: string): number | null {
  const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const [, whole, fraction = ""] = match as unknown as [string, string, string | undefined];
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** Minor units as the money input shows them: 1250 → "12.50". */
export function minorToMajor(amount: number): string {
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, "0")}`;
}

/** ISO days of the week, 1 = Monday … 7 = Sunday. */
export const DAYS_OF_WEEK = [
  { day: 1, short: "Mon" },
  { day: 2, short: "Tue" },
  { day: 3, short: "Wed" },
  { day: 4, short: "Thu" },
  { day: 5, short: "Fri" },
  { day: 6, short: "Sat" },
  { day: 7, short: "Sun" },
] as const;

/** Ticket types as text codes: today the TicketType enum's values, later any cinema's own types. */
export const TICKET_TYPE_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

const idList = (what: string) => z.array(z.string().min(1).max(100), { error: `Choose ${what}` }).max(200, { error: `Choose at most 200 ${what}` });

/** Who and what a promo code may be used for; an empty list means no restriction. */
const promoRestrictionFields = {
  /** Uses per customer (user id, or email for guests), or null for no limit. */
  perCustomerLimit: z
    .number({ error: "Enter a whole number of uses" })
    .int({ error: "Enter a whole number of uses" })
    .min(1, { error: "Allow at least 1 use per customer" })
    .max(1000, { error: "Allow at most 1000 uses per customer" })
    .nullable(),
  minTickets: z
    .number({ error: "Enter a number of tickets" })
    .int({ error: "Enter a whole number of tickets" })
    .min(1, { error: "At least 1 ticket" })
    .max(50, { error: "At most 50 tickets" }),
  filmIds: idList("films"),
  cinemaIds: idList("cinemas"),
  ticketTypes: z.array(z.string().regex(TICKET_TYPE_CODE, { error: "Choose ticket types from the list" })).max(20),
  daysOfWeek: z.array(z.number().int().min(1).max(7)).max(7),
};

/** A code with no restrictions: anyone, any film, cinema, day and ticket type, from one ticket. */
export const NO_PROMO_RESTRICTIONS = {
  perCustomerLimit: null,
  minTickets: 1,
  filmIds: [],
  cinemaIds: [],
  ticketTypes: [],
  daysOfWeek: [],
} satisfies { [K in keyof typeof promoRestrictionFields]: z.infer<(typeof promoRestrictionFields)[K]> };

const promoCodeFields = {
  /** Stored as checkout looks it up: trimmed and upper-cased (normalisePromoCode). */
  code: z
    .string({ error: "Enter a code" })
    .trim()
    .regex(PROMO_CODE_PATTERN, { error: "Use 3–32 letters, digits, - or _" }),
  description: z
    .string({ error: "Describe the code" })
    .trim()
    .min(1, { error: "Describe the code" })
    .max(200, { error: "Keep it to 200 characters" }),
  kind: z.enum(["percent", "amount"]),
  /** Whole percent, 1–100, when kind is percent. */
  percentOff: z.number({ error: "Enter a percentage from 1 to 100" }).int({ error: "Enter a whole percentage" }).nullable(),
  /** Minor units (pence), when kind is amount. */
  amountOff: z.number({ error: "Enter an amount like 2.50" }).int({ error: "Enter an amount like 2.50" }).nullable(),
  currency: z.enum(PROMO_CURRENCIES, { error: "Choose a currency" }).nullable(),
  /** Wall-clock times in Europe/London, as the form shows them. */
  validFrom: wallClock("start"),
  validUntil: wallClock("end"),
  /** Total uses allowed, or null for no limit. */
  maxRedemptions: z.number({ error: "Enter a whole number of uses" }).int({ error: "Enter a whole number of uses" }).min(1, { error: "Allow at least 1 use" }).max(10_000_000).nullable(),
  ...promoRestrictionFields,
};

type PromoShape = { kind: "percent" | "amount"; percentOff: number | null; amountOff: number | null; currency: string | null; validFrom: string; validUntil: string };

function checkPromo(value: PromoShape, ctx: z.RefinementCtx) {
  if (value.kind === "percent") {
    if (value.percentOff === null || value.percentOff < 1 || value.percentOff > 100) {
      ctx.addIssue({ code: "custom", message: "Enter a percentage from 1 to 100", path: ["percentOff"] });
    }
  } else {
    if (value.amountOff === null || value.amountOff <= 0) {
      ctx.addIssue({ code: "custom", message: "Enter an amount above 0", path: ["amountOff"] });
    } else if (value.amountOff > 100_000_00) {
      ctx.addIssue({ code: "custom", message: "That amount is too large", path: ["amountOff"] });
    }
    if (value.currency === null) ctx.addIssue({ code: "custom", message: "Choose a currency", path: ["currency"] });
  }
  if (isRealWallClock(value.validFrom) && isRealWallClock(value.validUntil) && value.validUntil <= value.validFrom) {
    ctx.addIssue({ code: "custom", message: "The end must be after the start", path: ["validUntil"] });
  }
}

/** The create/edit form's values. */
export const promoCodeFormSchema = z.object(promoCodeFields).superRefine(checkPromo);
export type PromoCodeFormValues = z.infer<typeof promoCodeFormSchema>;

export const createPromoCodeInput = promoCodeFormSchema;

/** An edit names the version it was made from; a newer version means someone else saved first. */
export const updatePromoCodeInput = z
  .object({ id: z.string().min(1).max(100), version: z.number().int().min(1), ...promoCodeFields })
  .superRefine(checkPromo);

export const setPromoCodeActiveInput = z.object({ id: z.string().min(1).max(100), version: z.number().int().min(1), active: z.boolean() });
export const deletePromoCodeInput = z.object({ id: z.string().min(1).max(100), version: z.number().int().min(1) });

export const promoCodeStatusSchema = z.enum(["active", "paused", "expired", "upcoming"]);
export type PromoCodeStatus = z.infer<typeof promoCodeStatusSchema>;

export const promoCodeListInput = z.object({
  status: promoCodeStatusSchema.optional(),
  /** Part of the code or description. */
  search: z.string().trim().max(100).optional(),
});
export type PromoCodeListInput = z.infer<typeof promoCodeListInput>;

export const adminPromoCodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  description: z.string(),
  kind: z.enum(["percent", "amount"]),
  percentOff: z.number().int().nullable(),
  amountOff: z.number().int().nullable(),
  currency: z.string().nullable(),
  validFrom: z.date(),
  validUntil: z.date(),
  /** The window on Europe/London's wall clock, as the form takes it. */
  validFromLocal: z.string(),
  validUntilLocal: z.string(),
  maxRedemptions: z.number().int().nullable(),
  redemptions: z.number().int(),
  active: z.boolean(),
  status: promoCodeStatusSchema,
  perCustomerLimit: z.number().int().nullable(),
  minTickets: z.number().int(),
  filmIds: z.array(z.string()),
  cinemaIds: z.array(z.string()),
  ticketTypes: z.array(z.string()),
  daysOfWeek: z.array(z.number().int()),
  batchId: z.string().nullable(),
  /** Sum of the discounts of the PAID orders that used the code, per currency (minor units). */
  discountGiven: z.array(z.object({ currency: z.string(), amount: z.number().int() })),
  version: z.number().int(),
});
export type AdminPromoCode = z.infer<typeof adminPromoCodeSchema>;

/** Single-use codes generated together: shown as one row in the list, downloadable as CSV. */
export const promoCodeBatchSchema = z.object({
  batchId: z.string(),
  description: z.string(),
  count: z.number().int(),
  redeemed: z.number().int(),
  createdAt: z.date(),
});
export type PromoCodeBatch = z.infer<typeof promoCodeBatchSchema>;

export const promoCodeListSchema = z.object({
  /** Codes made one at a time (batch codes are in `batches`, unless a search names them). */
  promoCodes: z.array(adminPromoCodeSchema),
  batches: z.array(promoCodeBatchSchema),
  timeZone: z.string(),
  /** For the restriction pickers. */
  films: z.array(z.object({ id: z.string(), title: z.string() })),
  cinemas: z.array(z.object({ id: z.string(), name: z.string() })),
  ticketTypes: z.array(z.object({ code: z.string(), label: z.string() })),
});

export const PROMO_BATCH_MAX = 5000;
export const PROMO_BATCH_PREFIX = /^[A-Za-z0-9]{2,16}$/;

/** A batch of single-use codes: PREFIX-XXXXXXXX, `count` of them, with the settings every one of them shares. */
export const promoCodeBatchFormSchema = z
  .object(promoCodeFields)
  .omit({ code: true, maxRedemptions: true })
  .extend({
    prefix: z.string({ error: "Enter a prefix" }).trim().regex(PROMO_BATCH_PREFIX, { error: "Use 2–16 letters or digits" }),
    count: z
      .number({ error: "Enter how many codes" })
      .int({ error: "Enter a whole number of codes" })
      .min(1, { error: "Make at least 1 code" })
      .max(PROMO_BATCH_MAX, { error: `Make at most ${PROMO_BATCH_MAX} codes at a time` }),
  })
  .superRefine(checkPromo);
export type PromoCodeBatchFormValues = z.infer<typeof promoCodeBatchFormSchema>;

export const promoCodeBatchInput = z.object({ batchId: z.string().min(1).max(100) });
export const promoCodeBatchCodesSchema = z.object({
  batchId: z.string(),
  codes: z.array(z.object({ code: z.string(), description: z.string(), redemptions: z.number().int(), validFrom: z.date(), validUntil: z.date() })),
});
export type PromoCodeBatchCodes = z.infer<typeof promoCodeBatchCodesSchema>;

/** The batch as a CSV file (RFC 4180: fields with a comma, quote or newline are quoted). */
export function promoCodeBatchCsv(batch: PromoCodeBatchCodes): string {
  const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const rows = batch.codes.map((row) =>
    [row.code, row.description, row.validFrom.toISOString(), row.validUntil.toISOString(), String(row.redemptions)].map(cell).join(","),
  );
  return ["code,description,valid_from,valid_until,used", ...rows].join("\r\n") + "\r\n";
}
export type PromoCodeList = z.infer<typeof promoCodeListSchema>;
