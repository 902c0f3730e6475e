"use client";

import { Timer } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { cn } from "@/lib/utils";

/** Whole seconds until `deadline`, ticking every second; calls `onZero` once when it runs out. */
export function useSecondsUntil(deadline: Date | null, onZero?: () => void): number | null {
  const deadlineMs = deadline?.getTime() ?? null;
  const [now, setNow] = useState(() => Date.now());
  const onZeroRef = useRef(onZero);
  useEffect(() => {
    onZeroRef.current = onZero;
  }, [onZero]);
  useEffect(() => {
    if (deadlineMs === null) return;
    const timer = window.setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= deadlineMs) {
        window.clearInterval(timer);
        onZeroRef.current?.();
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [deadlineMs]);
  return deadlineMs === null ? null : Math.max(0, Math.ceil((deadlineMs - now) / 1000));
}

export function formatSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

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
