// Starts tests/support/second-process.ts as one Node process of its own, and makes sure it doesn't outlive the test.
//
// Not through tsx's CLI: that is a wrapper process running the script in a child of its own, and SIGKILL (which it
// can't relay) killed only the wrapper. The script lived on with its Redis connection, database pool and the test
// worker's stderr, and that inherited pipe kept the Vitest main process from exiting after the run ("close timed out
// after 60000ms"). `node --import tsx` compiles the script in the process that runs it, so the pid is the script's.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { onTestFinished } from "vitest";

export function spawnSecondProcess(env: Record<string, string>): ChildProcessByStdio<Writable, Readable, null> {
  const root = process.cwd();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/support/second-process.ts")], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  // A test that fails (or times out) before the process is done with must not leave it running.
  onTestFinished(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  });
  return child;
}
