/**
 * Dashboard load benchmark: the world view and a country page in headless Chromium over loopback,
 * each loaded cold (a fresh browser profile, so nothing is cached) `BENCH_RUNS` times (default 5).
 *
 * Definitions:
 * - time to first render: from navigation start to the page's own performance mark, set in the
 *   first animation frame after the content is in the DOM — `tocsin:world-rendered` (every map
 *   path and the ranked table) and `tocsin:country-rendered` (risk, drivers and history charts).
 *   First contentful paint (the loading message) is printed beside it.
 * - total bytes: the transfer size of the document and every resource (Resource Timing), i.e.
 *   what crossed the wire, uncompressed when the server does not compress.
 * - gzipped JS: the page's JavaScript files gzipped at level 9 here, what a compressing server
 *   or CDN would send (the target is about the bundle, not the server).
 *
 * Targets (issue 8): time to first render < 1 s; gzipped JS < 600 KB.
 *
 *   npx tsx bench/web.ts            # builds the dashboard first
 *   BENCH_RUNS=10 npx tsx bench/web.ts
 */
import { gzipSync } from "node:zlib";
import { browserSkipReason, buildWeb, launchBrowser, startTestServer } from "../test/browser/harness.ts";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const skip = browserSkipReason();
if (skip) {
  process.stderr.write(`bench/web.ts cannot run: ${skip}\n`);
  process.exit(1);
}

process.stderr.write("building the dashboard…\n");
buildWeb();
process.stderr.write("starting Tocsin with the EWP data and an ewp-glmnet forecast…\n");
const server = await startTestServer();

interface Sample { render: number; fcp: number; bytes: number; requests: number; js: string[] }

async function load(path: string, mark: string): Promise<Sample> {
  const browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, { timeout: 30_000 });
    return await page.evaluate((m) => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN;
      return {
        render: performance.getEntriesByName(m)[0].startTime,
        fcp,
        bytes: nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0),
        requests: 1 + resources.length,
        js: resources.filter((r) => r.name.endsWith(".js")).map((r) => r.name),
      };
    }, mark);
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: string[][] = [];
let jsGzip = 0;
for (const [name, path, mark] of [["world view", "/", "tocsin:world-rendered"], ["country page (MMR)", "/countries/MMR", "tocsin:country-rendered"]] as const) {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await load(path, mark));
  const js = [...new Set(samples.flatMap((s) => s.js))];
  let gz = 0;
  for (const url of js) gz += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length;
  jsGzip = Math.max(jsGzip, gz);
  const render = median(samples.map((s) => s.render));
  rows.push([
    name,
    `${render.toFixed(0)} ms (max ${Math.max(...samples.map((s) => s.render)).toFixed(0)})`,
    `${median(samples.map((s) => s.fcp)).toFixed(0)} ms`,
    `${(median(samples.map((s) => s.bytes)) / 1024).toFixed(0)} KB in ${samples[0].requests} requests`,
    `${(gz / 1024).toFixed(0)} KB`,
    render < 1000 && gz < 600 * 1024 ? "yes" : "NO",
  ]);
}
await server.close();

const header = ["page", `first render (median of ${runs} cold loads)`, "first contentful paint", "total transferred", "JS gzipped", "meets targets"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
console.log(`\ntargets: first render < 1000 ms; JS < 600 KB gzipped (largest page: ${(jsGzip / 1024).toFixed(0)} KB)`);
