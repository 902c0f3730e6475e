// The box office's contract over HTTP (staff): the cinemas and a cinema's day with how full each screening is.
import { z } from "zod";
import { screeningFormatSchema, screeningStatusSchema } from "@/server/db/schemas";

export const cinemaSummarySchema = z.object({ slug: z.string(), name: z.string(), timeZone: z.string() });

export const dayOverviewInputSchema = z.object({
  cinemaSlug: z.string().max(100).optional(),
  date: z.iso.date({ error: "Use a date like 2026-11-27" }).optional(),
});

export const dayOverviewSchema = z.object({
  cinema: cinemaSummarySchema.nullable(),
  date: z.date().nullable(),
  screenings: z.array(
    z.object({
      id: z.string(),
      startsAt: z.date(),
      endsAt: z.date(),
      format: screeningFormatSchema,
      status: screeningStatusSchema,
      film: z.object({ title: z.string(), slug: z.string(), certificate: z.string() }),
      hall: z.object({ id: z.string(), name: z.string() }),
      capacity: z.number(),
      sold: z.number(),
      held: z.number(),
    }),
  ),
});
