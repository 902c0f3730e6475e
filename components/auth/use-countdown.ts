"use client";

import { useEffect, useState } from "react";

/** Seconds left until a deadline, ticking once a second; `start(n)` sets a new deadline n seconds from now. */
export function useCountdown(initialSeconds: number) {
  const [deadline, setDeadline] = useState(() => (initialSeconds > 0 ? Date.now() + initialSeconds * 1000 : 0));
  const [secondsLeft, setSecondsLeft] = useState(Math.max(0, Math.ceil(initialSeconds)));

  useEffect(() => {
    if (!deadline) return;
    const tick = () => setSecondsLeft(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [deadline]);

  return {
    secondsLeft,
    start: (seconds: number) => setDeadline(Date.now() + seconds * 1000),
  };
}
