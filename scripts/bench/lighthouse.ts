// npm run bench:lighthouse — Lighthouse 12.2.3 on mobile settings (its defaults: a mid-range phone, simulated slow
// 4G) for the home page, a film, the showtimes and a seat map of the production build with the demo seed, in
// Debian's Chromium. Prints performance / accessibility / best practices per page against the goals (95 / 100 /
// 100), lists every audit that cost points, and writes bench/results/lighthouse.{json,md}.
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
import { startApp } from "./app-server";

// Lighthouse's own type definitions pull in so much that `tsc` over the project runs out of memory, so it is loaded
// by a specifier TypeScript does not follow, with the little of its result this script reads.
interface LighthouseResult {
  lhr: {
    runtimeError?: { message: string };
    categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] } | undefined>;
    audits: Record<
      string,
      { score: number | null; scoreDisplayMode: string; title: string; displayValue?: string; details?: { items?: unknown[] } } | undefined
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
  scores: Record<string, number>;
  /** Audits of these categories that scored below 1 (ids, titles and what they show). */
  failing: { id: string; category: string; score: number | null; title: string; displayValue?: string }[];
  metrics: Record<string, string | undefined>;
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

async function main() {
  const { default: lighthouse } = (await import(LIGHTHOUSE_MODULE)) as { default: Lighthouse };
  const chromeLauncher = (await import(CHROME_LAUNCHER_MODULE)) as ChromeLauncher;
  const app = await startApp({ port: PORT });
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

    const results: PageResult[] = [];
    for (const { page, path: pagePath } of pages) {
      const url = `${app.base}${pagePath}`;
      console.log(`Lighthouse (mobile): ${page} ${url}...`);
      const run = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: [...CATEGORIES] });
      if (!run) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = run;
      if (lhr.runtimeError) throw new Error(`Lighthouse failed on ${url}: ${lhr.runtimeError.message}`);
      if (process.env.LIGHTHOUSE_REPORTS) {
        mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
        writeFileSync(path.join(process.env.LIGHTHOUSE_REPORTS, `${page.replace(/\W+/g, "-")}.json`), JSON.stringify(lhr));
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
      const metric = (id: string) => lhr.audits[id]?.displayValue;
      results.push({
        page,
        url: pagePath,
        scores,
        failing,
        metrics: {
          fcp: metric("first-contentful-paint"),
          lcp: metric("largest-contentful-paint"),
          tbt: metric("total-blocking-time"),
          cls: metric("cumulative-layout-shift"),
          si: metric("speed-index"),
        },
        observed: observedLoad(lhr.audits),
      });
      console.log(`  performance ${scores.performance}, accessibility ${scores.accessibility}, best practices ${scores["best-practices"]}`);
    }

    const met = (row: PageResult) => CATEGORIES.every((id) => (row.scores[id] ?? 0) >= GOALS[id]);
    const lines = [
      "# Lighthouse: mobile, production build, demo seed",
      "",
      `Run ${new Date().toISOString()} with Lighthouse 12.2.3 (mobile: simulated slow 4G and a 4× slower CPU) in ` +
        `Debian's Chromium, on ${host.cores} × ${host.cpuModel}, Node ${host.node}, load average at start ` +
        `${host.loadAverageAtStart.join(" ")}. Goals: performance ≥ 95, accessibility 100, best practices 100.`,
      "",
      "| page | path | performance | accessibility | best practices | FCP | LCP | TBT | CLS | goals |",
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
      ...results.map(
        (row) =>
          `| ${row.page} | \`${row.url}\` | ${row.scores.performance} | ${row.scores.accessibility} | ${row.scores["best-practices"]} | ` +
          `${row.metrics.fcp ?? ""} | ${row.metrics.lcp ?? ""} | ${row.metrics.tbt ?? ""} | ${row.metrics.cls ?? ""} | ${met(row) ? "met" : "missed"} |`,
      ),
      "",
      "## The unthrottled load the simulation started from",
      "",
      ...results.map(
        ({ page, observed }) =>
          `- **${page}**: first paint ${observed.fcpMs} ms, largest ${observed.lcpMs} ms; by then ` +
          `${Math.round(observed.bytesBeforeLcp / 1024)} KB had arrived, ${Math.round(observed.scriptBytesBeforeLcp / 1024)} KB of it scripts`,
      ),
      "",
      "## Audits that cost points",
      "",
      ...results.flatMap((row) => [
        `- **${row.page}**: ${
          row.failing.length
            ? row.failing.map((audit) => `\`${audit.id}\` (${audit.category}${audit.displayValue ? `, ${audit.displayValue}` : ""})`).join(", ")
            : "none"
        }`,
      ]),
    ];
    console.log(`\n${lines.join("\n")}\n`);
    const out = path.join(process.cwd(), "bench/results");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "lighthouse.md"), `${lines.join("\n")}\n`);
    writeFileSync(path.join(out, "lighthouse.json"), `${JSON.stringify({ machine: host, lighthouse: "12.2.3", goals: GOALS, results }, null, 2)}\n`);
    if (!results.every(met)) process.exitCode = 1;
  } finally {
    chrome.kill();
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
