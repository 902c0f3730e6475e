// The JSON data file. Everything that must survive a restart lives in one snapshot (see PersistedState): registered
// functions, runs with their memoized steps, queued jobs and absolute deadlines, idempotency keys and cron
// bookkeeping. Timers are not stored as such: they are re-derived from those absolute times on load.
//
// Writes are whole-file and atomic (write a temp file, fsync, rename over the old one), so a crash leaves either the
// previous snapshot or the new one, never half of one. Changes are debounced (many state changes per request come in
// bursts) and `flush()` writes synchronously, which shutdown calls.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import type { PersistedState } from "./types";

export function emptyState(): PersistedState {
  return { version: 1, savedAt: 0, apps: [], functions: [], runs: [], idempotency: {}, cron: {} };
}

export class Store {
  private dirty = false;
  private timer?: NodeJS.Timeout;

  /**
   * @param file the data file; undefined keeps state in memory only.
   * @param snapshot returns the state to write (called at write time, so debounced writes see the latest state).
   */
  constructor(
    readonly file: string | undefined,
    private readonly snapshot: () => PersistedState,
    private readonly log: (line: string) => void,
    private readonly debounceMs = 25,
  ) {}

  /** Read the data file. A missing file is an empty state; an unreadable one is set aside, not overwritten. */
  load(): PersistedState {
    if (!this.file || !existsSync(this.file)) return emptyState();
    try {
      const parsed = JSON.parse(readFileSync(this.file, "utf8")) as Partial<PersistedState>;
      if (parsed.version !== 1) throw new Error(`unsupported data file version ${String(parsed.version)}`);
      return { ...emptyState(), ...parsed } as PersistedState;
    } catch (error) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      this.log(`data file ${this.file} could not be read (${(error as Error).message}); moved it to ${aside}`);
      return emptyState();
    }
  }

  /** Note a state change; the file is written shortly after. */
  markDirty(): void {
    if (!this.file) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
    // A pending write must not hold the process open; shutdown flushes explicitly.
    this.timer.unref();
  }

  /** Write now if anything changed. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    const state = { ...this.snapshot(), savedAt: Date.now() };
    try {
      writeAtomically(this.file, JSON.stringify(state));
    } catch (error) {
      this.dirty = true;
      this.log(`could not write ${this.file}: ${(error as Error).message}`);
    }
  }
}

function writeAtomically(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}
