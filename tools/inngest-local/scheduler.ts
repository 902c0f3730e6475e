// Time for the executor: a Clock it reads and arms timers on, and a Scheduler of keyed deadlines on top of it.
//
// Every deadline the executor keeps (sleeps, waitForEvent and invoke timeouts, retry backoffs, cron ticks) is an
// absolute time stored in the run or cron state and registered here under a key. Nothing else in the executor calls
// setTimeout for function time. That gives two things:
// - a restart re-registers the same absolute deadlines from the data file, so no pending timeout is lost or shifted;
// - tests swap in a ManualClock and move time forward explicitly, so no test sleeps for real or relies on timing luck.

export interface Clock {
  now(): number;
  /** Call `callback` once, `delayMs` from now. Returns a function that cancels it. */
  setTimer(callback: () => void, delayMs: number): () => void;
}

/** setTimeout can't wait longer than 2^31-1 ms; longer waits are re-armed by the Scheduler. */
const maxTimerDelay = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.min(Math.max(0, delayMs), maxTimerDelay));
    // Pending function timers must not keep a process alive on their own (the HTTP server does that for the CLI).
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/**
 * A clock that only moves when told to. `advance(ms)` fires due timers in deadline order, setting `now()` to each
 * timer's deadline as it fires, so callbacks see the time they were scheduled for.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start: number | Date) {
    this.current = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): () => void {
    const id = this.seq++;
    this.timers.set(id, { at: this.current + Math.max(0, delayMs), callback });
    return () => this.timers.delete(id);
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let dueId: number | undefined;
      let due: { at: number; callback: () => void } | undefined;
      for (const [id, timer] of this.timers) {
        if (timer.at <= target && (!due || timer.at < due.at)) {
          dueId = id;
          due = timer;
        }
      }
      if (!due || dueId === undefined) break;
      this.timers.delete(dueId);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = Math.max(this.current, target);
  }

  /** Move to an absolute time (never backwards). */
  set(time: number | Date): void {
    this.advance((typeof time === "number" ? time : time.getTime()) - this.current);
  }
}

interface Entry {
  at: number;
  fire: () => void;
}

/**
 * Keyed deadlines. Scheduling a key again replaces its deadline. One clock timer is armed for the earliest entry;
 * it is capped at `maxSleepMs` so a system clock change or a suspended laptop delays a deadline by at most that.
 */
export class Scheduler {
  private entries = new Map<string, Entry>();
  private cancelTimer?: () => void;
  private armedFor?: number;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void = () => {},
    /** Pass Infinity for a ManualClock, where nothing can jump. */
    private readonly maxSleepMs = 60_000,
  ) {}

  schedule(key: string, at: number, fire: () => void): void {
    if (this.stopped) return;
    this.entries.set(key, { at, fire });
    this.arm();
  }

  cancel(key: string): void {
    if (this.entries.delete(key)) this.arm();
  }

  /** Cancel every key that starts with `prefix` (e.g. all deadlines of one run). */
  cancelPrefix(prefix: string): void {
    let changed = false;
    for (const key of this.entries.keys()) {
      if (key.startsWith(prefix)) {
        this.entries.delete(key);
        changed = true;
      }
    }
    if (changed) this.arm();
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  deadline(key: string): number | undefined {
    return this.entries.get(key)?.at;
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.entries.clear();
  }

  /** Fire every entry that is due now, earliest first. */
  runDue(): void {
    const now = this.clock.now();
    const due = [...this.entries].filter(([, e]) => e.at <= now).sort((a, b) => a[1].at - b[1].at);
    for (const [key, entry] of due) {
      // An earlier callback may have cancelled or rescheduled this key.
      if (this.entries.get(key) !== entry) continue;
      this.entries.delete(key);
      try {
        entry.fire();
      } catch (error) {
        this.onError(error);
      }
    }
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    let earliest: number | undefined;
    for (const e of this.entries.values()) if (earliest === undefined || e.at < earliest) earliest = e.at;
    if (earliest === this.armedFor && this.cancelTimer) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.armedFor = earliest;
    if (earliest === undefined) return;
    const delay = Math.min(Math.max(0, earliest - this.clock.now()), this.maxSleepMs);
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.armedFor = undefined;
      this.runDue();
    }, delay);
  }
}
