import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The layers, top to bottom: app → components → lib → inngest → server (and, inside server, the tRPC layer
// server/api above the domain modules). A layer imports only from layers below it; docs/architecture.md explains why.
const above = {
  server: ["@/app/**", "@/components/**", "@/lib/**", "@/inngest/**", "@/scripts/**", "@/tools/**"],
  inngest: ["@/app/**", "@/components/**", "@/lib/**"],
  lib: ["@/app/**", "@/components/**"],
  components: ["@/app/**"],
};
// Domain modules stay free of the transports and frameworks that call them.
const frameworks = ["@trpc/*", "next", "next/*", "next-auth", "next-auth/*", "inngest", "inngest/*", "@/server/api/**"];

const layer = (files, groups, extra = {}) => ({
  files,
  ...extra,
  rules: {
    "no-restricted-imports": [
      "error",
      { patterns: [{ group: groups, message: "A lower layer may not import a higher one (see docs/architecture.md, Layers)." }] },
    ],
  },
});

const config = [
  {
    ignores: [".next/**", "node_modules/**", "server/db/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  layer(["components/**"], above.components),
  layer(["lib/**"], above.lib),
  layer(["inngest/**"], above.inngest, { ignores: ["**/*.test.ts"] }),
  layer(["server/api/**"], above.server, { ignores: ["**/*.test.ts"] }),
  layer(["server/**"], [...above.server, ...frameworks], { ignores: ["server/api/**", "**/*.test.ts"] }),
];

export default config;
