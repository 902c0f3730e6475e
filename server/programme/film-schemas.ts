// Films' HTTP contract, shared by the admin film form (its resolver) and the admin.films router (its input): the
// same schema validates in the browser and again on the server. Safe for client components: zod and the generated
// enums only.
import { z } from "zod";
import { certificateSchema, filmStatusSchema } from "@/server/db/schemas";
import { isExternalLink, MEDIA_URL } from "./schemas";

export const FILM_TITLE_MAX = 200;
export const FILM_SLUG_MAX = 80;
export const FILM_TAGLINE_MAX = 200;
export const FILM_SYNOPSIS_MAX = 5000;
export const FILM_LIST_ITEMS_MAX = 30;
export const FILM_RUNTIME_MAX = 600;

/** Lower-case letters and digits in words joined by single hyphens: "the-long-night-2". */
export const FILM_SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DAY_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** The slug a title suggests: accents dropped, anything but letters and digits turned into single hyphens. */
export function slugify(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, FILM_SLUG_MAX)
    .replace(/-+$/g, "");
}

function isRealDay(value: string): boolean {
  if (!DAY_KEY.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day && year >= 1888;
}

/** A list field (genres, cast, languages): each entry trimmed and non-empty, no entry twice (any case). */
const textList = (what: string, itemMax: number) =>
  z
    .array(z.string().trim().min(1).max(itemMax, { error: `Keep each ${what} to ${itemMax} characters` }))
    .max(FILM_LIST_ITEMS_MAX, { error: `At most ${FILM_LIST_ITEMS_MAX} ${what}s` })
    .refine((items) => new Set(items.map((item) => item.toLowerCase())).size === items.length, {
      error: `A ${what} is listed twice`,
    });

const mediaImage = (what: string) =>
  z
    .string({ error: `Upload a ${what}` })
    .min(1, { error: `Upload a ${what}` })
    .max(2000)
    .refine((value) => MEDIA_URL.test(value), { error: `Upload the ${what} here rather than linking to one` });

export const filmFormSchema = z.object({
  title: z
    .string({ error: "Give the film a title" })
    .trim()
    .min(1, { error: "Give the film a title" })
    .max(FILM_TITLE_MAX, { error: `Keep the title to ${FILM_TITLE_MAX} characters` }),
  /** The film page's address (/films/<slug>); derived from the title by the form, editable, unique. */
  slug: z
    .string({ error: "Give the film an address" })
    .trim()
    .min(1, { error: "Give the film an address" })
    .max(FILM_SLUG_MAX, { error: `Keep the address to ${FILM_SLUG_MAX} characters` })
    .regex(FILM_SLUG_PATTERN, { error: "Use lower-case letters, digits and single hyphens, like the-long-night" }),
  /** Optional one-liner; empty for none. */
  tagline: z.string().trim().max(FILM_TAGLINE_MAX, { error: `Keep the tagline to ${FILM_TAGLINE_MAX} characters` }),
  synopsis: z
    .string({ error: "Write a synopsis" })
    .trim()
    .min(1, { error: "Write a synopsis" })
    .max(FILM_SYNOPSIS_MAX, { error: `Keep the synopsis to ${FILM_SYNOPSIS_MAX} characters` }),
  runtimeMinutes: z
    .number({ error: "Enter the running time in minutes" })
    .int({ error: "Enter whole minutes" })
    .min(1, { error: "Enter the running time in minutes" })
    .max(FILM_RUNTIME_MAX, { error: `At most ${FILM_RUNTIME_MAX} minutes` }),
  certificate: certificateSchema,
  genres: textList("genre", 40).min(1, { error: "Add at least one genre" }),
  cast: textList("cast member", 100),
  director: z
    .string({ error: "Name the director" })
    .trim()
    .min(1, { error: "Name the director" })
    .max(200, { error: "Keep it to 200 characters" }),
  /** Spoken languages; the first is the usual audio of a screening. */
  languages: textList("language", 40).min(1, { error: "Add at least one language" }),
  /** "YYYY-MM-DD", as a date input gives it. */
  releaseDate: z.string({ error: "Enter the release date" }).refine(isRealDay, { error: "Enter the release date" }),
  /** An https:// address of the trailer (YouTube, Vimeo, the distributor…); empty for none. */
  trailerUrl: z
    .string()
    .trim()
    .max(2000, { error: "Keep the address to 2000 characters" })
    .refine((value) => value === "" || isExternalLink(value), { error: "Enter an address starting with https://" }),
  status: filmStatusSchema,
  /** The URL storeImage returned for the uploaded poster (required) and backdrop (optional). */
  posterUrl: mediaImage("poster"),
  backdropUrl: mediaImage("backdrop").nullable(),
});
export type FilmFormValues = z.infer<typeof filmFormSchema>;

const filmRef = { id: z.string().min(1).max(100), version: z.number().int().min(1) };

export const createFilmInput = filmFormSchema;
export const updateFilmInput = filmFormSchema.extend(filmRef);
export type UpdateFilmInput = z.infer<typeof updateFilmInput>;

/**
 * Archiving a film that has future screenings must say what happens to them: `keep` leaves them on sale;
 * `cancel` cancels them (only allowed when none of them has a paid or pending order).
 */
export const futureScreeningsChoiceSchema = z.enum(["keep", "cancel"]);
export type FutureScreeningsChoice = z.infer<typeof futureScreeningsChoiceSchema>;

export const setFilmStatusInput = z.object({
  ...filmRef,
  status: filmStatusSchema,
  futureScreenings: futureScreeningsChoiceSchema.optional(),
});
export type SetFilmStatusInput = z.infer<typeof setFilmStatusInput>;

export const deleteFilmInput = z.object(filmRef);
export const filmIdInput = z.object({ id: z.string().min(1).max(100) });

export const FILM_PAGE_MAX = 100;
export const filmListInput = z.object({
  /** Part of the title, any case. */
  search: z.string().trim().max(100).optional(),
  status: filmStatusSchema.optional(),
  cursor: z.string().max(100).nullish(),
  limit: z.number().int().min(1).max(FILM_PAGE_MAX).default(25),
});
export type FilmListInput = z.input<typeof filmListInput>;

export const adminFilmRowSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  status: filmStatusSchema,
  releaseDate: z.string(),
  posterUrl: z.string(),
  certificate: certificateSchema,
  runtimeMinutes: z.number().int(),
  /** Screenings not cancelled that start after now, and every screening ever scheduled (cancelled ones too). */
  screenings: z.object({ future: z.number().int(), total: z.number().int() }),
  version: z.number().int(),
});
export type AdminFilmRow = z.infer<typeof adminFilmRowSchema>;

export const filmListSchema = z.object({ films: z.array(adminFilmRowSchema), nextCursor: z.string().nullable() });
export type FilmList = z.infer<typeof filmListSchema>;

export const adminFilmSchema = filmFormSchema.extend({
  id: z.string(),
  version: z.number().int(),
  screenings: z.object({ future: z.number().int(), total: z.number().int() }),
  /** Whether any ticket or order was ever made for it: such a film can only be archived, never deleted. */
  hasSales: z.boolean(),
});
export type AdminFilm = z.infer<typeof adminFilmSchema>;

/** A future screening as the archive dialog names it. */
export const futureScreeningSchema = z.object({
  id: z.string(),
  startsAt: z.date(),
  timeZone: z.string(),
  hallName: z.string(),
  cinemaName: z.string(),
  /** Tickets sold or held in paid or pending orders. */
  tickets: z.number().int(),
});
export type FutureScreening = z.infer<typeof futureScreeningSchema>;
export const futureScreeningsSchema = z.object({ screenings: z.array(futureScreeningSchema) });
