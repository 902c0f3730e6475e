// The door's contract over HTTP (staff): today's screenings with their live counters, and a check-in's answer.
import { z } from "zod";

export const doorOutcomes = [
  "ADMITTED",
  "ALREADY_ADMITTED",
  "WRONG_SCREENING",
  "WRONG_DAY",
  "REFUNDED",
  "NOT_VALID",
  "NOT_FOUND",
] as const;
export const doorOutcomeSchema = z.enum(doorOutcomes);
export type DoorOutcome = z.infer<typeof doorOutcomeSchema>;

export const doorCounterSchema = z.object({ screeningId: z.string(), admitted: z.number(), sold: z.number() });
export type DoorCounter = z.infer<typeof doorCounterSchema>;

export const doorDayInputSchema = z.object({ cinemaId: z.string().max(100).optional() });

export const doorScreeningSchema = z.object({
  id: z.string(),
  startsAt: z.date(),
  featureStartsAt: z.date(),
  endsAt: z.date(),
  status: z.enum(["SCHEDULED", "CANCELLED"]),
  filmTitle: z.string(),
  certificate: z.string(),
  hallName: z.string(),
  admitted: z.number(),
  sold: z.number(),
});
export type DoorScreening = z.infer<typeof doorScreeningSchema>;

export const doorDaySchema = z.object({
  cinema: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }).nullable(),
  cinemas: z.array(z.object({ id: z.string(), name: z.string() })),
  dayStart: z.date().nullable(),
  screenings: z.array(doorScreeningSchema),
});
export type DoorDay = z.infer<typeof doorDaySchema>;

export const countersInputSchema = z.object({ screeningIds: z.array(z.string().max(100)).max(200) });

export const checkInInputSchema = z.object({
  /** What the scanner typed or the camera read: a ticket code, or a link to a ticket's page. */
  code: z.string().max(2000),
  cinemaId: z.string().min(1).max(100),
  /** The screening this door admits to; null admits to any of the cinema's screenings today. */
  screeningId: z.string().max(100).nullable(),
});

export const checkInResultSchema = z.object({
  outcome: doorOutcomeSchema,
  /** One line for the result panel, written for the person at the door. */
  message: z.string(),
  code: z.string().nullable(),
  ticket: z
    .object({
      seatLabel: z.string(),
      seatKindLabel: z.string(),
      ticketTypeLabel: z.string(),
      orderReference: z.string(),
      checkedInAt: z.date().nullable(),
      checkedInByName: z.string().nullable(),
      screening: z.object({
        id: z.string(),
        filmTitle: z.string(),
        startsAt: z.date(),
        hallName: z.string(),
        cinemaName: z.string(),
        timeZone: z.string(),
      }),
    })
    .nullable(),
  /** The counter of the screening the ticket is for, when it is one of this door's. */
  counter: doorCounterSchema.nullable(),
});
export type CheckInResult = z.infer<typeof checkInResultSchema>;
