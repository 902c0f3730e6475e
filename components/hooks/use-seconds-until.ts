"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Whole seconds until `deadline` (a Date or epoch milliseconds), ticking every second; calls `onZero` once when it
 * runs out. Rounds up, so "0:00" only shows once the deadline has passed.
 */
export function useSecondsUntil(deadline: Date | number | null, onZero?: () => void): number | null {
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
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

/** 581 → "9:41". */
export function formatSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
