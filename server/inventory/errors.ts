// How the inventory words what went wrong: seats by their labels, a script's refusal as the AppError the buyer
// sees (with details.reason for the client), and the one error that means "try again in a moment".
import { AppError, badRequest, conflict } from "@/server/errors";
import type { ScreeningLayout } from "./layout";
import { list, type ScriptReply } from "./replies";

/** Redis (or PostgreSQL) could not be reached: nothing was changed, the client should retry shortly. */
export class InventoryUnavailableError extends AppError {
  constructor(cause?: unknown) {
    super("SERVICE_UNAVAILABLE", "Seat selection is unavailable for a moment. Please try again in a few seconds.", {
      retryAfterSeconds: 5,
      reason: "INVENTORY_UNAVAILABLE",
    });
    this.cause = cause;
  }
}

/** "G5", "G5 and G6", "G5, G6 and G7". */
export function joinLabels(labels: string[]): string {
  if (labels.length <= 1) return labels[0] ?? "";
  return `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}

export const labelOf = (layout: ScreeningLayout, seatId: string) => layout.seatsById.get(seatId)?.label ?? seatId;
export const labelsOf = (layout: ScreeningLayout, seatIds: string[]) => joinLabels(seatIds.map((id) => labelOf(layout, id)));

/**
 * A refusal is an answer, not a fault: its stack trace says nothing, and capturing one was the largest single cost of
 * a refused hold in the engine's profile (docs/inventory.md, "Performance"). So refusals are built without one.
 */
export function refusalError(layout: ScreeningLayout, reply: ScriptReply): AppError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return buildRefusal(layout, reply);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function buildRefusal(layout: ScreeningLayout, reply: ScriptReply): AppError {
  const seats = list(reply.seats);
  const labels = labelsOf(layout, seats);
  const details = { reason: String(reply.code), seatIds: seats };
  switch (reply.code) {
    case "TAKEN":
      return conflict(
        `Sorry, ${seats.length === 1 ? `seat ${labels} has` : `seats ${labels} have`} just been taken. Please choose other seats.`,
        { ...details, reason: "SEAT_TAKEN" },
      );
    case "BLOCKED":
      return badRequest(`Seat ${labels} is not in use for this screening. Please choose another seat.`, {
        ...details,
        reason: "SEAT_BLOCKED",
      });
    case "UNKNOWN_SEAT":
      return badRequest("Some of the chosen seats are not in this screening's hall.", details);
    case "LIMIT":
      return badRequest(`You can book at most ${reply.limit} seats in one order.`, {
        ...details,
        reason: "SEAT_LIMIT",
        limit: reply.limit,
      });
    case "COMPANION":
      return badRequest(
        `Companion seat ${labels} can only be booked together with the wheelchair space next to it.`,
        { ...details, reason: "COMPANION_SEAT" },
      );
    case "GAP":
      return badRequest(
        `That choice would leave seat ${labels} empty on its own. Please include ${seats.length === 1 ? "it" : "them"} or leave at least two seats free.`,
        { ...details, reason: "SINGLE_GAP" },
      );
    case "KEY_REUSED":
      return badRequest("This request key was already used for a different seat selection.", { reason: "KEY_REUSED" });
    case "EMPTY":
      return badRequest("Choose at least one seat.", { reason: "NO_SEATS" });
    default:
      return conflict("Those seats could not be held. Please try again.", details);
  }
}
