import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Callers pass `new URL("./name.lua", import.meta.url)` with the file name written out. Turbopack recognises exactly
// that form: it copies the script into .next/server/assets, compiles the URL to point at the copy (resolved from the
// chunk's own location, so the build can be moved) and lists it in the output trace that `standalone` ships. Under
// vitest and tsx the same URL is the source file beside the module. Any other way of naming the file (a variable, a
// helper that builds the URL, process.cwd()) is invisible to the bundler, and the built server then looks for the
// source path under wherever the app runs, which only a checkout has. tests/infra/lua-build.test.ts checks both.
//
// One exception: in the chunks of app pages and server actions (sign-in), Turbopack emulates the browser and makes
// the same `new URL(...)` a *client* asset, a URL object with no protocol whose path is "/_next/static/media/<name>"
// (vercel/next.js#84695). The build holds that file too, under <distDir>/static/media. Whichever code first builds
// the services (server/services.ts) reads the scripts, so a page or the sign-in action can be first after a start.
export function readLuaScript(url: URL, distDir = defaultDistDir()): string {
  if (url.protocol === "file:") return readFileSync(fileURLToPath(url), "utf8");
  const clientAsset = /^\/_next\/(static\/media\/[^/]+\.lua)$/.exec(url.pathname);
  if (!clientAsset) throw new Error(`Can't read the Lua script at ${url.href}: neither a file nor a built client asset`);
  return readFileSync(path.join(distDir, clientAsset[1]!), "utf8");
}

// The build's directory: in a built app this module's import.meta.url is a file URL under the directory that holds
// .next (wherever the build was moved), as Turbopack makes it for every module. (Not `new URL("…", import.meta.url)`:
// Turbopack would take that for an asset to bundle.)
function defaultDistDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../.next");
}
