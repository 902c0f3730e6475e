// The layering rule in eslint.config.mjs fails CI when a lower layer imports a higher one. This proves the rule
// fires for each boundary (and stays quiet for allowed imports), so that a config edit can't switch it off unnoticed.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function layeringErrors(filePath: string, source: string): Promise<number> {
  const [result] = await eslint.lintText(`${source}\nexport const used = imported;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").length;
}

describe("layering lint", () => {
  it.each([
    ["server/booking/example.ts", `import { imported } from "@/inngest/publisher";`],
    ["server/booking/example.ts", `import { imported } from "@/lib/trpc/server";`],
    ["server/booking/example.ts", `import { imported } from "@/app/layout";`],
    ["server/booking/example.ts", `import { imported } from "@trpc/server";`],
    ["server/booking/example.ts", `import { imported } from "next/server";`],
    ["server/booking/example.ts", `import { imported } from "@/server/api/trpc";`],
    ["server/api/routers/example.ts", `import { imported } from "@/lib/auth/next-auth";`],
    ["inngest/functions/example.ts", `import { imported } from "@/lib/auth/next-auth";`],
    ["lib/example.ts", `import { imported } from "@/components/ui/button";`],
    ["components/example.tsx", `import { imported } from "@/app/layout";`],
  ])("refuses %s importing a higher layer: %s", async (filePath, source) => {
    expect(await layeringErrors(filePath, source)).toBe(1);
  });

  it.each([
    ["server/booking/example.ts", `import { imported } from "@/server/inventory";`],
    ["server/api/routers/example.ts", `import { imported } from "@trpc/server";`],
    ["inngest/functions/example.ts", `import { imported } from "@/server/services";`],
    ["app/example.tsx", `import { imported } from "@/lib/trpc/server";`],
  ])("allows %s importing a lower layer: %s", async (filePath, source) => {
    expect(await layeringErrors(filePath, source)).toBe(0);
  });
});
