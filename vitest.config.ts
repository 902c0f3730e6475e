import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Server modules import "server-only" to keep them out of client bundles; outside React Server Components
      // the package throws, so tests get its empty build.
      { find: /^server-only$/, replacement: path.join(root, "node_modules/server-only/empty.js") },
    ],
  },
  test: {
    environment: "node",
    // next-auth's ESM imports "next/server" without an extension, which Node's resolver refuses; processed by Vite
    // it resolves, so tests can call the Auth.js route (tests/api/outages.test.ts).
    server: { deps: { inline: ["next-auth"] } },
    include: [
      "tests/**/*.test.ts",
      "server/**/*.test.ts",
      "tools/**/*.test.ts",
      "inngest/**/*.test.ts",
      // Pure client-side logic (the layout editor's grid model).
      "components/**/*.test.ts",
    ],
    // One database and one Redis prefix per run, created here and handed to every worker.
    globalSetup: ["tests/setup/global-setup.ts"],
    watch: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 60_000,
  },
});
