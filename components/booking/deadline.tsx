"use client";

import { Timer } from "lucide-react";
import { formatSeconds, useSecondsUntil } from "@/components/hooks/use-seconds-until";
import { cn } from "@/lib/utils";

/**
 * "Complete your booking within 9:41". The timer itself is silent for screen readers (a change every second would
 * drown everything else); a polite announcement goes out at one minute left.
 */
export function DeadlineNotice({ deadline, onExpired, label }: { deadline: Date; onExpired?: () => void; label: string }) {
  const seconds = useSecondsUntil(deadline, onExpired) ?? 0;
  const urgent = seconds <= 60;
  return (
    <div
      className={cn(
        "flex items-center gap-2 rounded-lg border px-4 py-3 text-sm",
        urgent ? "border-amber-500/40 bg-amber-50 text-amber-950 dark:bg-amber-950/40 dark:text-amber-100" : "bg-accent/50",
      )}
    >
      <Timer className="size-4 shrink-0" aria-hidden />
      <p role="timer" aria-live="off">
        {label}{" "}
        <span className="font-semibold tabular-nums" aria-label={`${Math.floor(seconds / 60)} minutes ${seconds % 60} seconds`}>
          {formatSeconds(seconds)}
        </span>
      </p>
      <p className="sr-only" aria-live="polite">
        {urgent && seconds > 0 ? "Less than a minute left." : ""}
      </p>
    </div>
  );
}
