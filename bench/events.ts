/**
 * Event-monitoring benchmark on UCDP GED Myanmar 1989–2023 (the mirror's ucdp-ged folder; UCDP GED,
 * CC BY 4.0, converted to CSV from the netify R package — see its SOURCE.txt).
 *
 * Measures:
 * 1. Parse throughput of the streaming GED parser (events/s; first cold run and best of warm runs),
 *    and import throughput into an in-memory PGlite store through `importEvents` (one parse that
 *    validates and spools, then batches of 10,000 events per transaction written with COPY into a
 *    staging table, a set-wise foreign-key check and one INSERT — plain on a first import, an
 *    upsert on a re-import; a first import of a file ≥ 16 MB, here the synthetic one, is pipelined
 *    instead: parsed in a worker thread while the batches are written in one transaction; target
 *    ≥ 20,000 events/s), beside a same-run reference: the
 *    session-1 write path (validation parse, second parse, json_to_recordset upserts of 2,000
 *    events per transaction). Each is measured for a first import into an empty store and a
 *    re-import of the same file (all keys present; the country registry is copied in first, as
 *    `createTocsin` does at start-up), on the Myanmar file (3 runs each, fresh store
 *    per run, best and median) and on a synthetic file of 100,000 events made by repeating its
 *    records with new ids (1 run each: 7,374 events are dominated by fixed costs), with the
 *    process CPU time beside the wall time (the two differ when the machine is busy).
 * 2. Both detectors (tocsin, acled-surge) at admin1 and country level, weekly and monthly, over
 *    the whole file: number of alerts, alerts per admin1-year, and lead times:
 *    - Rakhine: the first Rakhine-state alert from 2016-01-01 up to the peak month (August 2017,
 *      when one-sided killing of Rohingya civilians spiked); lead = whole months from the alert's
 *      month to August 2017 (target: tocsin flags by November 2016, ≥ 9 months ahead);
 *    - post-coup: the escalation month E is taken from the data as the first month from February
 *      2021 whose national event count exceeds every month of the preceding ten years; lead =
 *      months from the first country-level alert on or after the coup (2021-02-01) to E (0 = flagged
 *      in the escalation month itself, negative = flagged only after it). Alerts before the coup
 *      are not credited: they belong to other conflicts.
 * 3. Sensitivity of tocsin to its false-alarm rate α.
 *
 *   npx tsx bench/events.ts            # or TOCSIN_MIRROR=/path/to/mirror npx tsx bench/events.ts
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { countryRegistry } from "../src/domain/country/registry.ts";
import { detectEscalations } from "../src/domain/events/escalation.ts";
import type { DetectorName, EscalationAlert } from "../src/domain/events/escalation.ts";
import type { Event } from "../src/domain/events/event.ts";
import { buildSeries } from "../src/domain/events/series.ts";
import type { Level, Period } from "../src/domain/events/series.ts";
import { registryCountryResolver } from "../src/infra/importers/event-country.ts";
import { readRecords } from "../src/infra/importers/event-parse.ts";
import { parseGed } from "../src/infra/importers/ged.parser.ts";
import { requireMirror } from "../src/infra/importers/mirror.ts";
import { openStore, type Store } from "../src/infra/store/database.ts";
import { DatasetRepository } from "../src/infra/store/dataset.repository.ts";
import { EventRepository, eventToRow } from "../src/infra/store/event.repository.ts";
import { syncCountries } from "../src/services/country.service.ts";
import { importEvents } from "../src/services/event-import.service.ts";

const file = join(requireMirror(), "ucdp-ged/ged_myanmar_1989_2023.csv");
const registry = countryRegistry();
const resolveCountry = registryCountryResolver(registry);

async function parseOnce(): Promise<{ events: Event[]; seconds: number }> {
  const t0 = performance.now();
  const events: Event[] = [];
  for await (const e of parseGed(file, { resolveCountry })) events.push(e);
  return { events, seconds: (performance.now() - t0) / 1000 };
}

const cold = await parseOnce();
const warm: number[] = [];
for (let i = 0; i < 5; i++) warm.push((await parseOnce()).seconds);
const events = cold.events;

/** A synthetic GED file of `total` records: the Myanmar file's records repeated with new ids. */
async function syntheticFile(path: string, total: number): Promise<void> {
  const quote = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  let header: string[] | undefined;
  const records: string[][] = [];
  for await (const r of readRecords(file, "ged", ",", '"')) (header ? records.push(r.values) : (header = r.values));
  const out = createWriteStream(path);
  out.write(`${header!.map(quote).join(",")}\n`);
  for (let i = 0; i < total; i++) {
    const values = [...records[i % records.length]];
    values[0] = String(10_000_000 + i);
    if (!out.write(`${values.map(quote).join(",")}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  out.end();
  await finished(out);
}

/**
 * The same-run reference: session 1's write path — a validation parse, a second parse feeding
 * json_to_recordset upserts of 2,000 events per transaction (what the import did before the spool
 * and COPY; files up to 25,000 records were parsed once, their events kept), without the progress
 * records.
 */
async function referenceImport(store: Store, path: string): Promise<number> {
  // Session 1 kept the parsed events of files up to 25,000 records and parsed larger ones again.
  let kept: Event[] | null = [];
  for await (const e of parseGed(path, { resolveCountry })) {
    if (kept && kept.length < 25_000) kept.push(e);
    else kept = null;
  }
  const version = await new DatasetRepository(store.db).record({
    dataset: "bench-reference", source: "bench", sourceCommit: null, fileName: path, sha256: `ref-${performance.now()}`, rowCounts: {}, warnings: [],
  });
  let batch = new Map<string, ReturnType<typeof eventToRow>>();
  let written = 0;
  const flush = async () => {
    const rows = [...batch.values()];
    const c = await store.transaction((tx) => new EventRepository(tx).upsert(rows));
    written += c.inserted + c.updated;
    batch = new Map();
  };
  for await (const e of kept ?? parseGed(path, { resolveCountry })) {
    batch.set(e.sourceId, eventToRow(e, version.id));
    if (batch.size >= 2000) await flush();
  }
  if (batch.size) await flush();
  return written;
}

interface Timing { wall: number; cpu: number }
interface ImportRun { first: Timing; again: Timing }
/** First import and re-import of `path` into a fresh in-memory store, by `how`. */
async function importOnce(path: string, expected: number, how: "tocsin" | "reference"): Promise<ImportRun> {
  const store = await openStore({ dataDir: "memory://" });
  try {
    // As `createTocsin` does at start-up, so neither path pays for copying the registry in.
    await syncCountries(store.db, registry);
    const timed = async (): Promise<Timing> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      if (how === "tocsin") {
        const s = await importEvents(store, registry, { source: "ged", path });
        if (s.read !== expected || s.read !== s.inserted + s.updated) throw new Error(`import lost events: ${JSON.stringify(s)}`);
      } else {
        const written = await referenceImport(store, path);
        if (written !== expected) throw new Error(`reference import wrote ${written} of ${expected}`);
      }
      const c = process.cpuUsage(c0);
      return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
    };
    return { first: await timed(), again: await timed() };
  } finally {
    await store.close();
  }
}
const n = events.length;
const SYNTHETIC = 100_000;
const spoolDir = mkdtempSync(join(tmpdir(), "tocsin-bench-events-"));
const synthetic = join(spoolDir, "ged-synthetic-100k.csv");
const imports: Record<"tocsin" | "reference", { real: ImportRun[]; big: ImportRun[] }> = { tocsin: { real: [], big: [] }, reference: { real: [], big: [] } };
const loadBefore = (await import("node:os")).loadavg();
try {
  await syntheticFile(synthetic, SYNTHETIC);
  // Interleaved, so a change in the machine's load hits both paths alike.
  for (let i = 0; i < 3; i++) for (const how of ["tocsin", "reference"] as const) imports[how].real.push(await importOnce(file, n, how));
  for (const how of ["tocsin", "reference"] as const) imports[how].big.push(await importOnce(synthetic, SYNTHETIC, how));
} finally {
  rmSync(spoolDir, { recursive: true, force: true });
}
const loadAfter = (await import("node:os")).loadavg();
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");

const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
const monthName = (idx: number) => `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, "0")}`;

const RAKHINE_PEAK = monthIndex("2017-08-01");
const admin1s = new Set(events.filter((e) => e.admin1).map((e) => e.admin1));
const years = 2023 - 1989 + 1;

// Post-coup escalation month from the data (see the module comment).
const [national] = buildSeries(events, { level: "country", period: "month" });
let escalation = -1;
for (let i = 0; i < national.points.length; i++) {
  const p = national.points[i];
  if (p.periodStart < "2021-02-01") continue;
  const prior = national.points.slice(Math.max(0, i - 120), i).map((q) => q.events);
  if (p.events > Math.max(...prior)) {
    escalation = monthIndex(p.periodStart);
    break;
  }
}

function rakhineLead(alerts: EscalationAlert[]): string {
  const a = alerts.find((x) => x.admin1 === "Rakhine state" && x.periodStart >= "2016-01-01" && monthIndex(x.periodStart) <= RAKHINE_PEAK);
  if (!a) return "none";
  return `${RAKHINE_PEAK - monthIndex(a.periodStart)} (${a.periodStart})`;
}

function coupLead(alerts: EscalationAlert[]): string {
  const a = alerts.find((x) => x.admin1 === null && x.periodStart >= "2021-02-01");
  if (!a) return "none";
  return `${escalation - monthIndex(a.periodStart)} (${a.periodStart})`;
}

interface Row { detector: DetectorName; period: Period; alpha?: number; admin1: EscalationAlert[]; country: EscalationAlert[]; ms: number }
const rows: Row[] = [];
function runBoth(detector: DetectorName, period: Period, alpha?: number): Row {
  const t0 = performance.now();
  const run = (level: Level) => detectEscalations(events, { detector, level, period, country: "MMR", tocsin: alpha ? { alpha } : undefined });
  const admin1 = run("admin1");
  const country = run("country");
  return { detector, period, alpha, admin1, country, ms: performance.now() - t0 };
}
for (const period of ["week", "month"] as const) {
  for (const detector of ["acled-surge", "tocsin"] as const) rows.push(runBoth(detector, period));
}
const sensitivity: Row[] = [];
for (const period of ["week", "month"] as const) for (const alpha of [0.01, 0.001, 0.0001]) sensitivity.push(runBoth("tocsin", period, alpha));

const out: string[] = [];
out.push(`# Event monitoring benchmark — UCDP GED Myanmar 1989–2023`);
out.push("");
out.push(`Events: ${fmt(n)} (${events.filter((e) => e.countryIso3 === "MMR").length} resolved to MMR); admin1 names: ${admin1s.size}; years: ${years}.`);
out.push(`Parse throughput (streaming GED parser, country resolution included): cold ${fmt(n / cold.seconds)} events/s; warm best ${fmt(n / Math.min(...warm))}, median ${fmt(n / [...warm].sort((a, b) => a - b)[2])} events/s.`);
const rate = (count: number, secs: number[]) => {
  const sorted = [...secs].sort((a, b) => a - b);
  return secs.length === 1 ? fmt(count / sorted[0]) : `best ${fmt(count / sorted[0])}, median ${fmt(count / sorted[Math.floor(sorted.length / 2)])}`;
};
out.push("");
out.push(
  `Import into PGlite (in memory), events/s; each run on a fresh store; load average (1/5/15 min) ${loadBefore.map((x) => x.toFixed(1)).join(" / ")} before, ` +
    `${loadAfter.map((x) => x.toFixed(1)).join(" / ")} after the import runs (2 cores):`,
);
out.push("");
out.push("| file | run | path | wall-clock events/s | events per CPU-second | target ≥ 20,000/s (wall, best) |");
out.push("|---|---|---|---|---|---|");
for (const [label, size, key] of [[`Myanmar (${fmt(n)}), 3 runs`, n, "real"], [`synthetic (${fmt(SYNTHETIC)}), 1 run`, SYNTHETIC, "big"]] as const) {
  for (const [runLabel, pick] of [["first import (all inserted)", (r: ImportRun) => r.first], ["re-import (all present)", (r: ImportRun) => r.again]] as const) {
    for (const how of ["tocsin", "reference"] as const) {
      const runs = imports[how][key];
      const walls = runs.map((r) => pick(r).wall);
      const best = size / Math.min(...walls);
      const path = how === "tocsin" ? (key === "big" && runLabel.startsWith("first") ? "tocsin (worker parse ∥ COPY + INSERT, one transaction)" : "tocsin (spool + COPY, 10,000/batch)") : "reference: session-1 path (2 parses, JSON upsert, 2,000/batch)";
      out.push(`| ${label} | ${runLabel} | ${path} | ${rate(size, walls)} | ${rate(size, runs.map((r) => pick(r).cpu))} | ${how === "tocsin" ? (best >= 20000 ? "met" : "NOT met") : "—"} |`);
    }
  }
}
out.push("");
out.push(`Post-coup escalation month (first month from 2021-02 above every month of the previous 10 years): ${escalation >= 0 ? monthName(escalation) : "not found"}.`);
out.push("");
out.push("| detector | period | admin1 alerts | alerts per admin1-year | country alerts | Rakhine lead, months before 2017-08 (first alert) | post-coup lead, months before escalation (first country alert from 2021-02) | time (ms) |");
out.push("|---|---|---:|---:|---:|---|---|---:|");
for (const r of rows) {
  out.push(
    `| ${r.detector} | ${r.period} | ${r.admin1.length} | ${(r.admin1.length / (admin1s.size * years)).toFixed(3)} | ${r.country.length} | ${rakhineLead(r.admin1)} | ${coupLead(r.country)} | ${Math.round(r.ms)} |`,
  );
}
out.push("");
for (const period of ["week", "month"] as const) {
  const t = rows.find((r) => r.detector === "tocsin" && r.period === period)!;
  const s = rows.find((r) => r.detector === "acled-surge" && r.period === period)!;
  const lead = rakhineLead(t.admin1);
  const leadMonths = lead === "none" ? -1 : Number(lead.split(" ")[0]);
  out.push(
    `Targets (${period}ly, admin1): Rakhine flagged ≥ 9 months ahead: ${leadMonths >= 9 ? "met" : "NOT met"} (${lead}); ` +
      `tocsin alerts ≤ half of acled-surge: ${t.admin1.length <= s.admin1.length / 2 ? "met" : "NOT met"} (${t.admin1.length} vs ${s.admin1.length}).`,
  );
}
out.push("");
out.push("Tocsin's sensitivity to its false-alarm rate α (per place and period):");
out.push("");
out.push("| period | α | admin1 alerts | country alerts | Rakhine lead | post-coup lead |");
out.push("|---|---:|---:|---:|---|---|");
for (const r of sensitivity) out.push(`| ${r.period} | ${r.alpha} | ${r.admin1.length} | ${r.country.length} | ${rakhineLead(r.admin1)} | ${coupLead(r.country)} |`);
console.log(out.join("\n"));
