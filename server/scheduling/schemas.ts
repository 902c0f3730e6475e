// The scheduler's HTTP contract, shared by the tRPC router and the admin's forms (the same schema validates in the
// browser and again on the server). Safe for client components: zod and the generated enums only.
import { z } from "zod";
import { screeningFormatSchema, screeningStatusSchema } from "@/server/db/schemas";

const id = z.string().min(1).max(100);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/;

function isRealDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

export const dayKeySchema = (what: string) => z.string({ error: `Choose the ${what}` }).refine(isRealDay, { error: `Choose the ${what}` });
export const wallClockSchema = (what: string) =>
  z
    .string({ error: `Enter the ${what} date and time` })
    .refine((value) => WALL_CLOCK.test(value) && isRealDay(value.slice(0, 10)), { error: `Enter the ${what} date and time` });

/** Days of the week as JavaScript numbers them: 0 Sunday … 6 Saturday. */
export const WEEKDAYS = [
  { value: 1, short: "Mon" },
  { value: 2, short: "Tue" },
  { value: 3, short: "Wed" },
  { value: 4, short: "Thu" },
  { value: 5, short: "Fri" },
  { value: 6, short: "Sat" },
  { value: 0, short: "Sun" },
] as const;

export const MAX_RUN_SCREENINGS = 200;
export const MAX_TIMING_MINUTES = 120;

const language = (what: string) => z.string().trim().min(2, { error: `Choose the ${what}` }).max(40, { error: `Choose the ${what}` });

/**
 * A run: one film in one hall at the same times on chosen days between two dates, all on the cinema's wall clock.
 * One screening is a run of one day and one time.
 */
/** A run's price plan choice meaning "each screening gets the cinema's plan for its time band" (server/prices). */
export const PLAN_BY_TIME_BAND = "by-time-band";

const runFields = {
  filmId: id,
  hallId: id,
  pricePlanId: z.union([z.literal(PLAN_BY_TIME_BAND), id], { error: "Choose a price plan" }),
  format: screeningFormatSchema,
  audioLanguage: language("audio language"),
  /** Empty for none. */
  subtitleLanguage: z.string().trim().max(40).nullable(),
  daysOfWeek: z
    .array(z.number().int().min(0).max(6))
    .min(1, { error: "Choose at least one day" })
    .max(7)
    .refine((days) => new Set(days).size === days.length, { error: "Choose each day once" }),
  times: z
    .array(z.string().regex(TIME, { error: "Write times as HH:MM, e.g. 18:30" }))
    .min(1, { error: "Add at least one time" })
    .max(12, { error: "At most 12 times a day" })
    .refine((times) => new Set(times).size === times.length, { error: "Each time once" }),
  fromDate: dayKeySchema("first date"),
  toDate: dayKeySchema("last date"),
  /** When tickets go on sale (cinema's wall clock); empty: as soon as the screening is published. */
  onSaleAt: wallClockSchema("on-sale").nullable(),
};

export const runFormSchema = z
  .object(runFields)
  .refine((run) => !isRealDay(run.fromDate) || !isRealDay(run.toDate) || run.toDate >= run.fromDate, {
    error: "The last date can't be before the first",
    path: ["toDate"],
  });
export type RunFormValues = z.infer<typeof runFormSchema>;
export const runInput = runFormSchema;
export type RunInput = z.infer<typeof runInput>;

export const screeningEditSchema = z.object({
  id,
  version: z.number().int().min(1),
  filmId: id,
  hallId: id,
  pricePlanId: id,
  format: screeningFormatSchema,
  audioLanguage: language("audio language"),
  subtitleLanguage: z.string().trim().max(40).nullable(),
  /** The block's start (doors, pre-show) on the cinema's wall clock. */
  startsAt: wallClockSchema("start"),
  /** Empty: on sale as soon as it is published. */
  onSaleAt: wallClockSchema("on-sale").nullable(),
});
export type ScreeningEditValues = z.infer<typeof screeningEditSchema>;

export const cancelScreeningInput = z.object({
  id,
  version: z.number().int().min(1),
  reason: z.string().trim().min(3, { error: "Say why (customers see it)" }).max(300),
});
export type CancelScreeningInput = z.infer<typeof cancelScreeningInput>;

export const weekInput = z.object({ cinemaId: id.optional(), weekStart: dayKeySchema("week").optional() });
export const publishWeekInput = z.object({ cinemaId: id, weekStart: dayKeySchema("week") });
export const cancellationInput = z.object({ screeningId: id });
export const timingSettingsInput = z.object({ cinemaId: id });
export const timingSettingSchema = z.object({
  cinemaId: id,
  /** Null for the cinema's defaults. */
  hallId: id.nullable(),
  /** Null on a hall: use the cinema's. */
  preShowMinutes: z.number().int().min(0).max(MAX_TIMING_MINUTES).nullable(),
  cleaningMinutes: z.number().int().min(0).max(MAX_TIMING_MINUTES).nullable(),
});
export type TimingSettingValues = z.infer<typeof timingSettingSchema>;

// ─── Outputs ───────────────────────────────────────────────────────────────────

export const scheduleBlockSchema = z.object({
  id: z.string(),
  version: z.number(),
  filmId: z.string(),
  filmTitle: z.string(),
  hallId: z.string(),
  pricePlanId: z.string(),
  format: screeningFormatSchema,
  audioLanguage: z.string(),
  subtitleLanguage: z.string().nullable(),
  status: screeningStatusSchema,
  startsAt: z.date(),
  /** "Film starts at": startsAt + preShowMinutes, what customers are shown. */
  featureStartsAt: z.date(),
  /** The end of the film, where cleaning begins. */
  featureEndsAt: z.date(),
  endsAt: z.date(),
  preShowMinutes: z.number(),
  runtimeMinutes: z.number(),
  cleaningMinutes: z.number(),
  /** Null: on sale as soon as it is published. */
  onSaleAt: z.date().nullable(),
  publishedAt: z.date().nullable(),
  sold: z.number(),
  /** Wall-clock values for the edit form. */
  startsAtLocal: z.string(),
  onSaleAtLocal: z.string().nullable(),
});
export type ScheduleBlock = z.infer<typeof scheduleBlockSchema>;

export const weekViewSchema = z.object({
  cinema: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  cinemas: z.array(z.object({ id: z.string(), name: z.string() })),
  weekStart: z.string(),
  days: z.array(z.string()),
  /** The week's first and last instants in the cinema's zone. */
  from: z.date(),
  to: z.date(),
  lanes: z.array(z.object({ hallId: z.string(), hallName: z.string(), blocks: z.array(scheduleBlockSchema) })),
  unpublished: z.number(),
});
export type WeekView = z.infer<typeof weekViewSchema>;

export const runConflictSchema = z.object({
  /** The new screening's start (block start). */
  startsAt: z.date(),
  endsAt: z.date(),
  kind: z.enum(["existing", "within-run"]),
  /** The screening it clashes with: the existing one's film, or the other run item. */
  withFilmTitle: z.string(),
  withStartsAt: z.date(),
  withEndsAt: z.date(),
  withScreeningId: z.string().nullable(),
  message: z.string(),
});
export type RunConflict = z.infer<typeof runConflictSchema>;

export const runPreviewSchema = z.object({
  screenings: z.array(
    z.object({ startsAt: z.date(), featureStartsAt: z.date(), endsAt: z.date(), startsAtLocal: z.string(), conflicts: z.number(), pricePlanName: z.string() }),
  ),
  conflicts: z.array(runConflictSchema),
  preShowMinutes: z.number(),
  runtimeMinutes: z.number(),
  cleaningMinutes: z.number(),
});
export type RunPreview = z.infer<typeof runPreviewSchema>;

export const cancellationProgressSchema = z.object({
  cancellationId: z.string(),
  screeningId: z.string(),
  reason: z.string(),
  total: z.number(),
  refunded: z.number(),
  released: z.number(),
  failed: z.number(),
  pending: z.number(),
  emailed: z.number(),
  done: z.boolean(),
  failures: z.array(z.object({ orderId: z.string(), reference: z.string(), error: z.string() })),
});
export type CancellationProgress = z.infer<typeof cancellationProgressSchema>;

export const schedulingOptionsSchema = z.object({
  halls: z.array(z.object({ id: z.string(), name: z.string() })),
  films: z.array(z.object({ id: z.string(), title: z.string(), runtimeMinutes: z.number() })),
  pricePlans: z.array(z.object({ id: z.string(), name: z.string(), currency: z.string() })),
});
export type SchedulingOptions = z.infer<typeof schedulingOptionsSchema>;

export const timingSettingsSchema = z.object({
  cinema: z.object({ preShowMinutes: z.number(), cleaningMinutes: z.number(), version: z.number().nullable() }),
  halls: z.array(
    z.object({ hallId: z.string(), hallName: z.string(), preShowMinutes: z.number().nullable(), cleaningMinutes: z.number().nullable() }),
  ),
});
export type TimingSettings = z.infer<typeof timingSettingsSchema>;

/** One screening: a run of one date and one time. */
export const screeningCreateSchema = z.object({
  filmId: id,
  hallId: id,
  pricePlanId: id,
  format: screeningFormatSchema,
  audioLanguage: language("audio language"),
  subtitleLanguage: z.string().trim().max(40).nullable(),
  startsAt: wallClockSchema("start"),
  onSaleAt: wallClockSchema("on-sale").nullable(),
});
export type ScreeningCreateValues = z.infer<typeof screeningCreateSchema>;
