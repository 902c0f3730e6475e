// npm run bench:lighthouse — Lighthouse 12.2.3 on mobile settings (its defaults: a mid-range phone, simulated slow
// 4G) for the home page, a film, the showtimes and a seat map of the production build with the demo seed, in
// Debian's Chromium, BENCH_RUNS rounds (at least 3). Each round also scores a ceiling: a minimal static HTML page
// from a plain node:http server, which shows what this machine and browser score at best in the same round, so that
// a miss is the page's and not the environment's. Prints performance / accessibility / best practices per page as
// ranges over the rounds against the goals (95 / 100 / 100), lists every audit that cost points, and writes
// bench/results/lighthouse.{json,md} through the shared harness; exits non-zero if a goal was missed in any round.
// CHROMIUM_PATH overrides /usr/bin/chromium. LIGHTHOUSE_REPORTS=<dir> also keeps each page's full Lighthouse JSON there
// (every audit's details: the console errors, the network requests, the long tasks, unused JavaScript), for digging
// into a result. (Its LCP-element audit fails in Debian's Chromium: "RootCauses ... frame_sequence".)
//
// Lighthouse's simulated LCP replays on the slow phone every request the real load had finished, and every task it
// had started, before its observed LCP (Lantern; docs/architecture.md, "Page speed"). So each page's line also says
// when the unthrottled load painted first and largest, and how many bytes had arrived by then: the most the replay can
// count (it also leaves out a script whose evaluation began after that paint).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createServer } from "node:http";
import { startApp } from "./app-server";
import { runCount, scoreMeasure, writeResults } from "./harness";

// Lighthouse's own type definitions pull in so much that `tsc` over the project runs out of memory, so it is loaded
// by a specifier TypeScript does not follow, with the little of its result this script reads.
interface LighthouseResult {
  lhr: {
    runtimeError?: { message: string };
    categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] } | undefined>;
    audits: Record<
      string,
      | { score: number | null; scoreDisplayMode: string; title: string; displayValue?: string; numericValue?: number; details?: { items?: unknown[] } }
      | undefined
    >;
  };
}
type Lighthouse = (url: string, flags: Record<string, unknown>) => Promise<LighthouseResult | undefined>;
const LIGHTHOUSE_MODULE: string = "lighthouse";
const CHROME_LAUNCHER_MODULE: string = "chrome-launcher";
type ChromeLauncher = { launch: (options: { chromePath: string; chromeFlags: string[] }) => Promise<{ port: number; kill: () => void }> };

const PORT = Number(process.env.BENCH_PORT ?? 3331);
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
const GOALS: Record<(typeof CATEGORIES)[number], number> = { performance: 95, accessibility: 100, "best-practices": 100 };

interface PageResult {
  page: string;
  url: string;
  round: number;
  scores: Record<string, number>;
  /** Audits of these categories that scored below 1 (ids, titles and what they show). */
  failing: { id: string; category: string; score: number | null; title: string; displayValue?: string }[];
  /** First and largest contentful paint, total blocking time (ms), and layout shift, as Lighthouse computed them. */
  timings: { FCP: number; LCP: number; TBT: number; CLS: number };
  /** The unthrottled load this machine saw, which Lighthouse's simulation starts from. */
  observed: { fcpMs: number; lcpMs: number; bytesBeforeLcp: number; scriptBytesBeforeLcp: number };
}

interface NetworkRequest {
  resourceType?: string;
  priority?: string;
  transferSize?: number;
  networkEndTime?: number;
}

/** Observed paints, and the bytes (all, and scripts') that had arrived by the observed LCP, as Lantern filters them. */
function observedLoad(audits: LighthouseResult["lhr"]["audits"]): PageResult["observed"] {
  const metrics = (audits.metrics?.details?.items?.[0] ?? {}) as { observedFirstContentfulPaint?: number; observedLargestContentfulPaint?: number };
  const lcpMs = metrics.observedLargestContentfulPaint ?? 0;
  const requests = (audits["network-requests"]?.details?.items ?? []) as NetworkRequest[];
  // Lantern leaves out low-priority images (offscreen ones) and anything that ended after the observed LCP.
  const counted = requests.filter(
    (request) =>
      (request.networkEndTime ?? Infinity) <= lcpMs &&
      !(request.resourceType === "Image" && (request.priority === "Low" || request.priority === "VeryLow")),
  );
  const bytes = (list: NetworkRequest[]) => list.reduce((sum, request) => sum + (request.transferSize ?? 0), 0);
  return {
    fcpMs: Math.round(metrics.observedFirstContentfulPaint ?? 0),
    lcpMs: Math.round(lcpMs),
    bytesBeforeLcp: bytes(counted),
    scriptBytesBeforeLcp: bytes(counted.filter((request) => request.resourceType === "Script")),
  };
}

// The ceiling: what a page with nothing to load scores here (it needs a title, a description, a language and a
// viewport to be a fair page for the accessibility and best-practice audits).
const CEILING_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<meta name="description" content="A page with nothing to load."><title>Ceiling</title></head>' +
  "<body><main><h1>Ceiling</h1><p>A static page with nothing to load: the best this machine and browser score.</p></main></body></html>";

function startCeiling(port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    response.end(CEILING_HTML);
  });
  return new Promise((resolve) =>
    server.listen(port, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((done) => server.close(() => done())) }),
    ),
  );
}

async function main() {
  const rounds = runCount(process.argv.find((a) => a.startsWith("--runs="))?.slice(7));
  const { default: lighthouse } = (await import(LIGHTHOUSE_MODULE)) as { default: Lighthouse };
  const chromeLauncher = (await import(CHROME_LAUNCHER_MODULE)) as ChromeLauncher;
  const app = await startApp({ port: PORT });
  const ceiling = await startCeiling(PORT + 1000);
  const host = app.machine;
  console.log(`${host.cores} × ${host.cpuModel}, load average at start ${host.loadAverageAtStart.join(" ")}`);
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const pages = [
      { page: "home", path: "/" },
      { page: "film", path: `/films/${app.filmSlug}` },
      { page: "showtimes", path: "/showtimes" },
      { page: "seat map", path: `/screenings/${app.screeningId}` },
    ];
    // One unmeasured visit each, so that no page is measured on a cold server or an empty cache.
    for (const { path: pagePath } of pages) await (await fetch(`${app.base}${pagePath}`)).arrayBuffer();

    async function score(page: string, url: string, pagePath: string, round: number): Promise<PageResult> {
      console.log(`round ${round}/${rounds}, Lighthouse (mobile): ${page} ${url}...`);
      const run = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
      if (!run) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = run;
      if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`);
      if (process.env.LIGHTHOUSE_REPORTS) {
        mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
        writeFileSync(path.join(process.env.LIGHTHOUSE_REPORTS, `${page.replace(/\W+/g, "-")}-${round}.json`), JSON.stringify(lhr));
      }
      const scores = Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]));
      const failing = CATEGORIES.flatMap((category) =>
        (lhr.categories[category]?.auditRefs ?? []).flatMap((ref) => {
          const audit = lhr.audits[ref.id];
          if (!audit || (ref.weight === 0 && category !== "performance")) return [];
          if (audit.score === null || audit.score >= 1) return [];
          if (audit.scoreDisplayMode === "informative" || audit.scoreDisplayMode === "notApplicable" || audit.scoreDisplayMode === "manual") return [];
          return [{ id: ref.id, category, score: audit.score, title: audit.title, displayValue: audit.displayValue }];
        }),
      );
      const numeric = (id: string) => lhr.audits[id]?.numericValue ?? 0;
      const timings = {
        FCP: Math.round(numeric("first-contentful-paint")),
        LCP: Math.round(numeric("largest-contentful-paint")),
        TBT: Math.round(numeric("total-blocking-time")),
        CLS: Math.round(numeric("cumulative-layout-shift") * 1000) / 1000,
      };
      console.log(`  performance ${scores.performance}, accessibility ${scores.accessibility}, best practices ${scores["best-practices"]}, LCP ${timings.LCP} ms, TBT ${timings.TBT} ms`);
      return { page, url: pagePath, round, scores, failing, timings, observed: observedLoad(lhr.audits) };
    }

    const results: PageResult[] = [];
    const ceilings: PageResult[] = [];
    for (let round = 1; round <= rounds; round++) {
      ceilings.push(await score("ceiling", ceiling.url, "(static HTML)", round));
      for (const { page, path: pagePath } of pages) results.push(await score(page, `${app.base}${pagePath}`, pagePath, round));
    }

    const ofPage = (page: string) => results.filter((r) => r.page === page);
    const scores = pages.map(({ page }) => {
      const runs = ofPage(page);
      return scoreMeasure(page, runs.map((r) => r.scores), GOALS, {
        timingsMs: { FCP: runs.map((r) => r.timings.FCP), LCP: runs.map((r) => r.timings.LCP), TBT: runs.map((r) => r.timings.TBT) },
        reference: { name: "static HTML", runs: ceilings.map((r) => r.scores) },
      });
    });
    const costing = pages.map(({ page }) => {
      const audits = new Map<string, string>();
      for (const run of ofPage(page)) {
        for (const audit of run.failing) audits.set(audit.id, `\`${audit.id}\` (${audit.category}${audit.displayValue ? `, ${audit.displayValue}` : ""})`);
      }
      return `- **${page}**: ${audits.size ? [...audits.values()].join(", ") : "none"}`;
    });
    writeResults(
      {
        name: "lighthouse",
        title: "Lighthouse: mobile, production build, demo seed",
        generatedAt: new Date().toISOString(),
        machine: host,
        runs: rounds,
        method: [
          "Lighthouse 12.2.3 with its mobile defaults (simulated slow 4G, a 4× slower CPU) in Debian's Chromium, headless.",
          "Production build served by scripts/serve.mjs with the demo seed; every page visited once before the first round.",
          `${rounds} rounds; each scores a static HTML page (the ceiling: nothing to load, served by plain node:http) and then the four pages.`,
          `Goals: performance ≥ ${GOALS.performance}, accessibility ${GOALS.accessibility}, best practices ${GOALS["best-practices"]}, in every round.`,
        ],
        measures: [],
        scores,
        checks: [
          ...scores.map((s) => ({ name: `${s.name}: every goal in every round`, ok: s.met, detail: CATEGORIES.map((id) => `${id} ${s.ranges[id]!.min}–${s.ranges[id]!.max}`).join(", ") })),
        ],
        details: { lighthouse: "12.2.3", goals: GOALS, results, ceilings },
      },
      [
        "## The unthrottled load each simulation started from",
        "",
        ...results.map(
          ({ page, round, observed }) =>
            `- **${page}**, round ${round}: first paint ${observed.fcpMs} ms, largest ${observed.lcpMs} ms; by then ` +
            `${Math.round(observed.bytesBeforeLcp / 1024)} KB had arrived, ${Math.round(observed.scriptBytesBeforeLcp / 1024)} KB of it scripts`,
        ),
        "",
        "## Audits that cost points (in any round)",
        "",
        ...costing,
      ],
    );
    if (!scores.every((s) => s.met)) process.exitCode = 1;
  } finally {
    chrome.kill();
    await ceiling.close();
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
