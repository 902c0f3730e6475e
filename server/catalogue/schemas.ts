// The catalogue's public contract: what callers may ask for and what they get back. The tRPC routers use these as
// their input and output validators, and the domain code's return types are inferred from them, so the two cannot
// drift apart. Kept free of the Prisma client so client components can import the schemas and types too: the enum
// schemas are server/db/schemas.ts's, built from Prisma's generated enums (plain constants), so a new value in
// prisma/schema.prisma reaches the validators without a copy to update.
import { z } from "zod";
import {
  advertPlacementSchema,
  announcementSeveritySchema,
  certificateSchema,
  screeningFormatSchema,
  seatKindSchema,
  ticketTypeSchema,
} from "@/server/db/schemas";
import { isValidDayKey } from "./days";
import { SEARCH_LIMIT_MAX, SEARCH_QUERY_MAX } from "./limits";

export { SEARCH_LIMIT_MAX, SEARCH_QUERY_MAX };

// ─── Shared pieces ───────────────────────────────────────────────────────────

/** A calendar day in a cinema's time zone, "2026-11-27". */
export const dayKeySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date in the form YYYY-MM-DD")
  .refine(isValidDayKey, "That date does not exist");

export const slugSchema = z
  .string()
  .trim()
  .min(1, "Slug is required")
  .max(120, "Slug is too long")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Slugs contain only lower-case letters, digits and hyphens");

export const recordIdSchema = z
  .string()
  .trim()
  .min(1, "Id is required")
  .max(64, "Id is too long")
  .regex(/^[A-Za-z0-9_-]+$/, "That is not a valid id");

export const genreSchema = z.string().trim().min(1, "Genre is required").max(40, "Genre is too long");

// ─── Inputs ──────────────────────────────────────────────────────────────────

export const todaysShowtimesInputSchema = z.object({ cinemaSlug: slugSchema.optional() });

export const showtimesInputSchema = z.object({
  date: dayKeySchema.optional(),
  cinemaSlug: slugSchema.optional(),
  genre: genreSchema.optional(),
  format: screeningFormatSchema.optional(),
});

export const filmBySlugInputSchema = z.object({ slug: slugSchema });

export const searchInputSchema = z.object({
  query: z
    .string()
    .trim()
    .min(1, "Type a film title or a name to search for")
    .max(SEARCH_QUERY_MAX, `Search for at most ${SEARCH_QUERY_MAX} characters`),
  limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).optional(),
});

export const screeningByIdInputSchema = z.object({ id: recordIdSchema });

export const advertsInputSchema = z.object({ placement: advertPlacementSchema, cinemaSlug: slugSchema.optional() });

/**
 * Which announcements a page shows: a cinema's page the chain-wide ones and that cinema's (`cinemaSlug`); a page of
 * no particular cinema only the chain-wide ones (`chainOnly`); neither (the home page) every live one.
 */
export const announcementsInputSchema = z.object({ cinemaSlug: slugSchema.optional(), chainOnly: z.boolean().optional() });

// ─── Outputs ─────────────────────────────────────────────────────────────────

export const filmCardSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  tagline: z.string().nullable(),
  posterUrl: z.string(),
  backdropUrl: z.string().nullable(),
  certificate: certificateSchema,
  runtimeMinutes: z.number().int(),
  genres: z.array(z.string()),
  /** The calendar day of release, "2026-11-27" (a date, not an instant: no time zone applies). */
  releaseDate: z.string(),
});

export const cinemaRefSchema = z.object({ slug: z.string(), name: z.string(), timeZone: z.string() });

/** What a showtime and the screening page both say about a screening: when, and in which format and languages. */
export const screeningBasicsSchema = z.object({
  id: z.string(),
  /** The advertised time: doors open and the pre-show (adverts and trailers) begins. */
  startsAt: z.date(),
  /** The end of the hall's block, cleaning included (not for customers: see featureEndsAt). */
  endsAt: z.date(),
  /** "Film starts at": startsAt + the pre-show. */
  featureStartsAt: z.date(),
  /** When the film ends. */
  featureEndsAt: z.date(),
  format: screeningFormatSchema,
  formatLabel: z.string(),
  audioLanguage: z.string(),
  audioLabel: z.string(),
  subtitleLanguage: z.string().nullable(),
  /** "English subtitles", or null when the screening has none. */
  subtitleLabel: z.string().nullable(),
});

export const showtimeSchema = screeningBasicsSchema.extend({
  hallName: z.string(),
  cinema: cinemaRefSchema,
});

export const filmShowtimesSchema = z.object({ film: filmCardSchema, showtimes: z.array(showtimeSchema) });

export const programmeDaySchema = z.object({
  /** The day shown, in `timeZone`. */
  date: z.string(),
  timeZone: z.string(),
  films: z.array(filmShowtimesSchema),
});

export const showtimesResultSchema = programmeDaySchema.extend({
  filters: z.object({
    date: z.string(),
    cinemaSlug: z.string().nullable(),
    genre: z.string().nullable(),
    format: screeningFormatSchema.nullable(),
  }),
});

export const filmStatusSchema = z.enum(["NOW_SHOWING", "COMING_SOON", "NOT_SHOWING"]);

export const filmDetailsSchema = filmCardSchema.extend({
  synopsis: z.string(),
  languages: z.array(z.string()),
  director: z.string(),
  cast: z.array(z.string()),
  trailerUrl: z.string().nullable(),
  status: filmStatusSchema,
});

export const reviewSchema = z.object({
  id: z.string(),
  rating: z.number().int().min(1).max(5),
  body: z.string(),
  /** First name and initial only: reviews are public, accounts are not. */
  authorName: z.string(),
  createdAt: z.date(),
});

export const filmPageSchema = z.object({
  film: filmDetailsSchema,
  /** Today in the programme's time zone, so pages can say "Today" and "Tomorrow" without a clock of their own. */
  today: z.string(),
  rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
  reviews: z.array(reviewSchema),
  days: z.array(
    z.object({
      date: z.string(),
      cinemas: z.array(z.object({ cinema: cinemaRefSchema, showtimes: z.array(showtimeSchema) })),
    }),
  ),
});

export const filtersSchema = z.object({
  timeZone: z.string(),
  today: z.string(),
  dates: z.array(z.string()),
  cinemas: z.array(z.object({ slug: z.string(), name: z.string(), city: z.string(), timeZone: z.string() })),
  genres: z.array(z.string()),
  formats: z.array(z.object({ value: screeningFormatSchema, label: z.string() })),
});

export const searchResultSchema = z.object({
  query: z.string(),
  films: z.array(filmCardSchema.extend({ director: z.string(), status: filmStatusSchema })),
});

export const screeningDetailsSchema = screeningBasicsSchema.extend({
  /** False before onSaleAt, and once the screening has been running longer than the late-entry allowance. */
  onSale: z.boolean(),
  /** Tickets can't be bought before this (the scheduler's on-sale date). */
  salesOpenAt: z.date().nullable(),
  salesCloseAt: z.date(),
  film: filmCardSchema,
  hall: z.object({ id: z.string(), name: z.string() }),
  cinema: z.object({
    slug: z.string(),
    name: z.string(),
    address: z.string(),
    city: z.string(),
    postcode: z.string(),
    timeZone: z.string(),
  }),
  prices: z.object({
    currency: z.string(),
    /** Already included in every ticket amount below. */
    formatSurcharge: z.number().int(),
    tickets: z.array(
      z.object({
        ticketType: ticketTypeSchema,
        label: z.string(),
        note: z.string().nullable(),
        baseAmount: z.number().int(),
        amount: z.number().int(),
      }),
    ),
    /** Added per seat of that kind, on top of the ticket amount. Only kinds this hall has, and only non-zero ones. */
    seatKindSurcharges: z.array(z.object({ seatKind: seatKindSchema, label: z.string(), amount: z.number().int() })),
    /** The plan's booking fee, per order or per ticket; null when there is none. */
    bookingFee: z.object({ amount: z.number().int(), mode: z.enum(["PER_ORDER", "PER_TICKET"]) }).nullable(),
  }),
  seats: z.object({
    total: z.number().int(),
    available: z.number().int(),
    byKind: z.array(
      z.object({ seatKind: seatKindSchema, label: z.string(), total: z.number().int(), available: z.number().int() }),
    ),
  }),
});

export const advertSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  imageUrl: z.string().nullable(),
  linkUrl: z.string().nullable(),
  placement: advertPlacementSchema,
});

export const announcementSchema = z.object({
  id: z.string(),
  message: z.string(),
  severity: announcementSeveritySchema,
  cinema: z.object({ slug: z.string(), name: z.string() }).nullable(),
});

// ─── Types ───────────────────────────────────────────────────────────────────

export type ScreeningFormatValue = z.infer<typeof screeningFormatSchema>;
export type ScreeningBasics = z.infer<typeof screeningBasicsSchema>;
export type FilmCard = z.infer<typeof filmCardSchema>;
export type CinemaRef = z.infer<typeof cinemaRefSchema>;
export type Showtime = z.infer<typeof showtimeSchema>;
export type FilmShowtimes = z.infer<typeof filmShowtimesSchema>;
export type ProgrammeDay = z.infer<typeof programmeDaySchema>;
export type ShowtimesResult = z.infer<typeof showtimesResultSchema>;
export type FilmStatus = z.infer<typeof filmStatusSchema>;
export type FilmDetails = z.infer<typeof filmDetailsSchema>;
export type FilmPage = z.infer<typeof filmPageSchema>;
export type Review = z.infer<typeof reviewSchema>;
export type Filters = z.infer<typeof filtersSchema>;
export type SearchResult = z.infer<typeof searchResultSchema>;
export type ScreeningDetails = z.infer<typeof screeningDetailsSchema>;
export type Advert = z.infer<typeof advertSchema>;
export type Announcement = z.infer<typeof announcementSchema>;
export type ShowtimesInput = z.infer<typeof showtimesInputSchema>;
export type SearchInput = z.infer<typeof searchInputSchema>;
