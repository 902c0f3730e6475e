import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Callers pass `new URL("./name.lua", import.meta.url)` with the file name written out. Turbopack recognises exactly
// that form: it copies the script into .next/server/assets, compiles the URL to point at the copy (resolved from the
// chunk's own location, so the build can be moved) and lists it in the output trace that `standalone` ships. Under
// vitest and tsx the same URL is the source file beside the module. Any other way of naming the file (a variable, a
// helper that builds the URL, process.cwd()) is invisible to the bundler, and the built server then looks for the
// source path under wherever the app runs, which only a checkout has. tests/infra/lua-build.test.ts checks both.
export function readLuaScript(url: URL): string {
  return readFileSync(fileURLToPath(url), "utf8");
}
