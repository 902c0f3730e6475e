// The venues module's HTTP contract, shared by the tRPC router and the admin's forms (the same schema validates in
// the browser and again on the server). Safe for client components: zod, the generated enums and layout-rules only.
import { z } from "zod";
import { screenPositionSchema, seatKindSchema } from "@/server/db/schemas";
import { layoutProblems, MAX_GRID_COLS, MAX_GRID_ROWS } from "./layout-rules";

const id = z.string().min(1).max(100);
const version = z.number().int().min(1);

/** An IANA zone the runtime knows ("Europe/London"); Intl refuses the rest. */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const cinemaFields = {
  name: z.string().trim().min(1, { error: "Enter the cinema's name" }).max(120, { error: "Keep it to 120 characters" }),
  slug: z
    .string()
    .trim()
    .min(2, { error: "Enter a slug of 2–60 characters" })
    .max(60, { error: "Enter a slug of 2–60 characters" })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Lower-case letters, digits and single dashes only" }),
  address: z.string().trim().min(1, { error: "Enter the street address" }).max(200),
  city: z.string().trim().min(1, { error: "Enter the city" }).max(100),
  postcode: z.string().trim().min(1, { error: "Enter the postcode" }).max(20),
  timeZone: z.string().trim().refine(isTimeZone, { error: "Enter an IANA time zone such as Europe/London" }),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, { error: "Enter a three-letter ISO currency code such as GBP" }),
};

export const cinemaFormSchema = z.object(cinemaFields);
export type CinemaFormValues = z.infer<typeof cinemaFormSchema>;
export const createCinemaInput = cinemaFormSchema;
export const updateCinemaInput = z.object({ id, version, ...cinemaFields });
export const cinemaIdInput = z.object({ id });

export const layoutSeatSchema = z.object({
  gridRow: z.number().int().min(0).max(MAX_GRID_ROWS - 1),
  gridCol: z.number().int().min(0).max(MAX_GRID_COLS - 1),
  rowLabel: z.string().min(1).max(3),
  number: z.number().int().min(1).max(999),
  kind: seatKindSchema,
  zone: z.string().trim().max(40).nullable(),
  blocked: z.boolean(),
});

/** A whole layout; a refusal lists every problem (layout-rules.ts) under `layout`. */
export const layoutPlanSchema = z
  .object({
    gridRows: z.number().int().min(1).max(MAX_GRID_ROWS),
    gridCols: z.number().int().min(1).max(MAX_GRID_COLS),
    screenPosition: screenPositionSchema,
    seats: z.array(layoutSeatSchema).max(MAX_GRID_ROWS * MAX_GRID_COLS),
  })
  .superRefine((plan, issues) => {
    for (const message of layoutProblems(plan)) issues.addIssue({ code: "custom", message, path: ["seats"] });
  });

const hallFields = {
  name: z.string().trim().min(1, { error: "Enter the hall's name" }).max(60, { error: "Keep it to 60 characters" }),
  maxSeatsPerOrder: z.number({ error: "Enter a number" }).int().min(1, { error: "At least 1" }).max(50, { error: "At most 50" }),
  preventSingleGaps: z.boolean(),
};

/** The editor's form: the hall's name and rules, and the layout. */
export const hallFormSchema = z.object({ ...hallFields, layout: layoutPlanSchema });
export type HallFormValues = z.infer<typeof hallFormSchema>;
export const createHallInput = z.object({ cinemaId: id, ...hallFields, layout: layoutPlanSchema });
export const saveHallInput = z.object({ hallId: id, version, ...hallFields, layout: layoutPlanSchema });
export const hallIdInput = z.object({ hallId: id });

export const seatBlockInput = z.object({
  /** "screening": this screening only; "layout": every future screening sold on this screening's layout. */
  scope: z.enum(["screening", "layout"]),
  screeningId: id,
  seatIds: z.array(id).min(1, { error: "Choose at least one seat" }).max(100),
  reason: z.string().trim().max(200).default(""),
});
export type SeatBlockInput = z.infer<typeof seatBlockInput>;
export const screeningIdInput = z.object({ screeningId: id });
