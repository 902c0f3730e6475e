import { readFileSync } from "node:fs";
import path from "node:path";

// Lua scripts sit beside the module that runs them. They are read from the source tree (relative to the project
// root) rather than bundled, so Next's server build, tsx scripts and vitest all load the same file.
export function readLuaScript(relativeToProjectRoot: string): string {
  // Not traced by the bundler: the scripts are read from the checkout at run time, never copied into the build.
  return readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), relativeToProjectRoot), "utf8");
}
