// Human labels for programme values. They are computed here rather than in each page so that the website, the
// box office and e-mails describe a screening the same way.
import type { Certificate, ScreeningFormat, SeatKind } from "@/server/db/generated/enums";

export const certificateLabels = { U: "U", PG: "PG", C12A: "12A", C15: "15", C18: "18" } as const satisfies Record<Certificate, string>;

export const formatLabels = { TWO_D: "2D", THREE_D: "3D", IMAX: "IMAX" } as const satisfies Record<ScreeningFormat, string>;

/** The standard ticket types every cinema starts with; a cinema names its own (TicketType rows). */
const ticketTypeLabels: Readonly<Record<string, string>> = { ADULT: "Adult", CHILD: "Child", SENIOR: "Senior", STUDENT: "Student" };

/**
 * A ticket type's name: the cinema's own name for the code when it is given, else the standard name, else the code
 * itself in words (a ticket keeps its code even if its cinema later renames or retires the type).
 */
export function ticketTypeLabel(code: string, defined?: ReadonlyArray<{ code: string; name: string }>): string {
  const own = defined?.find((type) => type.code === code)?.name;
  if (own) return own;
  const standard = ticketTypeLabels[code];
  if (standard) return standard;
  const words = code.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const seatKindLabels = {
  STANDARD: "Standard seat",
  PREMIUM: "Premium seat",
  WHEELCHAIR: "Wheelchair space",
  COMPANION: "Companion seat",
} as const satisfies Record<SeatKind, string>;

const languageNames = new Intl.DisplayNames(["en-GB"], { type: "language", fallback: "code" });

/**
 * Screenings store the audio and subtitle language either as a name ("English") or as a language tag ("en", "fr-CA").
 * Both read as a name.
 */
export function languageLabel(language: string): string {
  const value = language.trim();
  if (/^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/.test(value)) {
    try {
      return languageNames.of(value) ?? value;
    } catch {
      return value;
    }
  }
  return value;
}

export function subtitleLabel(language: string | null): string | null {
  return language ? `${languageLabel(language)} subtitles` : null;
}

/** "Jordan Avery Smith" → "Jordan S.": enough to tell reviewers apart without publishing full names. */
export function publicAuthorName(fullName: string): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const first = words[0];
  if (!first) return "Anonymous";
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return last ? `${first} ${last.charAt(0).toUpperCase()}.` : first;
}
