/**
 * Makes the README's sample situation brief from the mirror's public data: a fresh in-memory store
 * with EWP's table and episodes, the production model's forecast and walk-forward backtest,
 * Myanmar's UCDP GED events, the example published assessment (`tocsin assessments example MMR`)
 * and the alert levels the rules compute from them; then the brief on Myanmar as PDF and a PNG of
 * its first page.
 *
 *   npx tsx scripts/sample-brief.ts [--out-png docs/screenshots/brief-mmr-page1.png] [--out-pdf test-artifacts/brief-mmr.pdf] [--out-html F] [--out-json F]
 *
 * Needs the data mirror (`TOCSIN_MIRROR`) and Chromium (`TOCSIN_CHROMIUM`, default /usr/bin/chromium).
 * Takes about a minute, most of it the model's backtest.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createTocsin, protectionFor } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { EWP_IMPORT_FILES } from "../src/infra/importers/ewp-source.ts";
import { resolveMirror } from "../src/infra/importers/mirror.ts";
import { createChromiumPdfRenderer } from "../src/infra/pdf/chromium-pdf.ts";
import { openStore } from "../src/infra/store/database.ts";
import { renderBriefHtml } from "../src/domain/brief/html.ts";
import { createExampleAssessment } from "../src/services/assessment-example.ts";
import { briefResponseFrom, gatherBrief } from "../src/services/brief.service.ts";
import { responseSummaryForCountry } from "../src/services/response.service.ts";
import { importEvents } from "../src/services/event-import.service.ts";
import { importEwp } from "../src/services/ewp-import.service.ts";
import { runBacktest, runForecast } from "../src/services/forecast.service.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    "out-png": { type: "string", default: join(root, "docs", "screenshots", "brief-mmr-page1.png") },
    "out-pdf": { type: "string", default: join(root, "test-artifacts", "brief-mmr.pdf") },
    "out-html": { type: "string" },
    "out-json": { type: "string" },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const mirror = resolveMirror();
if (!mirror) throw new Error("no data mirror: set TOCSIN_MIRROR");

const home = mkdtempSync(join(tmpdir(), "tocsin-sample-brief-"));
const config = { ...loadConfig({}), home };
const tocsin = await createTocsin(config, { store: await openStore({ dataDir: "memory://" }) });
const pdf = createChromiumPdfRenderer();
try {
  let t = performance.now();
  const lap = (what: string) => {
    const now = performance.now();
    log(`${what} (${((now - t) / 1000).toFixed(1)} s)`);
    t = now;
  };
  await importEwp(tocsin.store, tocsin.registry, { predictors: join(mirror, EWP_IMPORT_FILES.predictors), episodes: join(mirror, EWP_IMPORT_FILES.episodes) });
  lap("imported EWP");
  await runForecast(tocsin.store, { modelId: "default" });
  lap("forecast stored");
  await runBacktest(tocsin.store, "default");
  lap("backtest stored");
  await importEvents(tocsin.store, tocsin.registry, { source: "ged", path: join(mirror, "ucdp-ged", "ged_myanmar_1989_2023.csv") });
  lap("imported UCDP GED (Myanmar)");
  await createExampleAssessment(tocsin.store, "MMR");
  lap("published the example assessment");
  // The alert rules belong to the alerts service; a tree without it still gets a brief (level "not assessed").
  try {
    const { computeAlertLevels } = await import("../src/services/alert-level.service.ts");
    const summary = await computeAlertLevels({ store: tocsin.store });
    lap(`alert levels computed (${summary.changes.length} changes)`);
  } catch (error) {
    log(`alert levels not computed: ${(error as Error).message}`);
  }
  const responseSummary = async (code: string) => briefResponseFrom(await responseSummaryForCountry({ store: tocsin.store }, null, code));
  const data = await gatherBrief({ store: tocsin.store, reports: protectionFor(config, tocsin.store), version: config.version, responseSummary }, "MMR");
  const html = renderBriefHtml(data);
  if (values["out-html"]) writeFileSync(resolve(values["out-html"]), html);
  if (values["out-json"]) writeFileSync(resolve(values["out-json"]), JSON.stringify(data, null, 2));
  const bytes = await pdf.pdf(html, { footer: `Tocsin situation brief · ${data.country.name} (${data.country.iso3}) · ${data.generatedAt.slice(0, 10)}` });
  mkdirSync(dirname(resolve(values["out-pdf"]!)), { recursive: true });
  writeFileSync(resolve(values["out-pdf"]!), bytes);
  const png = await pdf.firstPagePng(html);
  mkdirSync(dirname(resolve(values["out-png"]!)), { recursive: true });
  writeFileSync(resolve(values["out-png"]!), png);
  lap(`wrote ${values["out-pdf"]} (${bytes.length} bytes) and ${values["out-png"]} (${png.length} bytes); level ${data.alert?.level ?? "not assessed"}, rank ${data.risk?.current.rank ?? "–"}`);
} finally {
  await pdf.close();
  await tocsin.close();
  rmSync(home, { recursive: true, force: true });
}
