import { Ban, CalendarX2, CircleCheck, History, Loader2, ScanLine, SearchX, type LucideIcon } from "lucide-react";
import { formatTime } from "@/server/format";
import type { CheckInResult, DoorOutcome } from "@/server/door/schemas";
import { seatKindLabels } from "@/server/catalogue/labels";

// Colour, icon and one word, readable from a step away: green admits, everything else stops the customer. Text colour
// and background keep WCAG AA contrast; the icon and the word carry the meaning for colour-blind staff.
const looks: Record<DoorOutcome, { title: string; icon: LucideIcon; className: string }> = {
  ADMITTED: { title: "Admitted", icon: CircleCheck, className: "bg-green-700 text-white" },
  ALREADY_ADMITTED: { title: "Already admitted", icon: History, className: "bg-amber-400 text-black" },
  WRONG_SCREENING: { title: "Wrong screening", icon: CalendarX2, className: "bg-orange-700 text-white" },
  WRONG_DAY: { title: "Wrong day", icon: CalendarX2, className: "bg-orange-700 text-white" },
  REFUNDED: { title: "Refunded", icon: Ban, className: "bg-red-700 text-white" },
  NOT_VALID: { title: "Not valid", icon: Ban, className: "bg-red-700 text-white" },
  NOT_FOUND: { title: "Not found", icon: SearchX, className: "bg-zinc-800 text-white" },
};

export function ResultPanel({ result, pending }: { result: CheckInResult | null; pending: boolean }) {
  if (!result) {
    return (
      <div
        role="status"
        aria-live="assertive"
        data-outcome="IDLE"
        className="text-muted-foreground flex min-h-44 items-center justify-center gap-3 rounded-xl border-2 border-dashed text-xl"
      >
        {pending ? <Loader2 className="size-8 animate-spin" aria-hidden /> : <ScanLine className="size-8" aria-hidden />}
        {pending ? "Checking…" : "Ready: scan a ticket"}
      </div>
    );
  }
  const look = looks[result.outcome];
  const Icon = look.icon;
  const t = result.ticket;
  return (
    <div
      role="status"
      aria-live="assertive"
      data-outcome={result.outcome}
      data-testid="door-result"
      className={`flex min-h-44 items-center gap-5 rounded-xl px-6 py-5 ${look.className} ${pending ? "opacity-70" : ""}`}
    >
      <Icon className="size-20 shrink-0" strokeWidth={2.5} aria-hidden />
      <div className="min-w-0 flex-1 space-y-1">
        <p className="text-4xl font-black tracking-tight uppercase sm:text-5xl">{look.title}</p>
        {result.outcome === "ADMITTED" && t ? (
          <p className="text-3xl font-bold">
            Seat {t.seatLabel} · {t.ticketTypeLabel}
            {t.seatKindLabel !== seatKindLabels.STANDARD ? <span className="text-xl font-medium"> ({t.seatKindLabel})</span> : null}
          </p>
        ) : (
          <p className="text-xl font-semibold">{result.message}</p>
        )}
        {t ? (
          <p className="text-base opacity-90">
            {t.screening.filmTitle} · {formatTime(t.screening.startsAt, t.screening.timeZone)} · {t.screening.hallName} · booking{" "}
            {t.orderReference}
          </p>
        ) : null}
      </div>
      {/* The ticket's own screening's count: beside a refusal for another screening it would read as this door's. */}
      {result.counter && (result.outcome === "ADMITTED" || result.outcome === "ALREADY_ADMITTED") ? (
        <p className="hidden shrink-0 text-right sm:block">
          <span className="block text-4xl font-black tabular-nums">
            {result.counter.admitted}/{result.counter.sold}
          </span>
          <span className="text-sm opacity-90">admitted / sold</span>
        </p>
      ) : null}
    </div>
  );
}
