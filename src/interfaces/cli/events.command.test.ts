import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { ALERT_CSV_HEADER, alertsToCsv, registerEventsCommands, sniffEventSource } from "./events.command.ts";
import { REPO_ROOT, resolveMirror } from "../../infra/importers/mirror.ts";

const fixtures = fileURLToPath(new URL("../../infra/importers/fixtures", import.meta.url));
const gedHeader = readFileSync(join(fixtures, "ged-49.csv"), "utf8").split("\n")[0];

/** A GED-layout row (invented) for a given id, day, province, violence type and deaths. */
function gedRow(id: number, day: string, adm1: string, type: 1 | 3, deaths: number): string {
  const civ = type === 3 ? deaths : 0;
  const cols: Record<string, string | number> = {
    id, relid: `"TST-${id}"`, year: day.slice(0, 4), active_year: "TRUE", code_status: '"Clear"', type_of_violence: type,
    conflict_dset_id: '"1"', conflict_new_id: 1, conflict_name: '"Testland"', dyad_dset_id: '"1"', dyad_new_id: 1, dyad_name: '"A - B"',
    side_a_dset_id: '"1"', side_a_new_id: 1, side_a: '"Army"', side_b_dset_id: '"2"', side_b_new_id: 2, side_b: type === 3 ? '"Civilians"' : '"Rebels"',
    number_of_sources: 1, source_article: '"invented"', source_office: "", source_date: "", source_headline: '"invented, with a comma"', source_original: "",
    where_prec: 1, where_coordinates: '"x"', where_description: "", adm_1: `"${adm1}"`, adm_2: "", latitude: 20, longitude: 93, geom_wkt: '"POINT (93 20)"',
    priogrid_gid: 1, country: '"Myanmar (Burma)"', country_id: 775, region: '"Asia"', event_clarity: 1, date_prec: 1, date_start: day, date_end: day,
    deaths_a: 0, deaths_b: deaths - civ, deaths_civilians: civ, deaths_unknown: 0, best: deaths, high: deaths, low: deaths, gwnoa: '"775"', gwnob: "",
  };
  return gedHeader.split(",").map((h) => cols[h.replace(/"/g, "")] ?? "").join(",");
}

/** Two years of one quiet event a month in "West state", then 10 one-sided events in one week. */
function surgeFile(dir: string): string {
  const rows: string[] = [];
  let id = 1;
  for (let m = 0; m < 24; m++) {
    const d = new Date(Date.UTC(2014, m, 10)).toISOString().slice(0, 10);
    rows.push(gedRow(id++, d, "West state", 1, 1));
    rows.push(gedRow(id++, d, "East state", 1, 2));
  }
  for (let k = 0; k < 10; k++) rows.push(gedRow(id++, `2016-01-${String(5 + (k % 3)).padStart(2, "0")}`, "West state", 3, 4));
  const path = join(dir, "ged-surge.csv");
  writeFileSync(path, [gedHeader, ...rows].join("\n") + "\n");
  return path;
}

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const program = new Command("tocsin").exitOverride();
  registerEventsCommands(program, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  await program.parseAsync(["node", "tocsin", ...args]);
  return { stdout, stderr };
}

test("events detect prints the CSV contract: header, then one row per alert", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tocsin-events-"));
  try {
    const file = surgeFile(dir);
    const { stdout, stderr } = await run(["events", "detect", "--country", "MMR", "--file", file]);
    const lines = stdout.trim().split("\n");
    assert.equal(lines[0], "country,admin1,period_start,period_end,detector,score,events,civilian_deaths,severity");
    assert.equal(lines.length, 2, stdout);
    const cells = lines[1].split(",");
    assert.deepEqual(cells.slice(0, 5), ["MMR", "West state", "2016-01-04", "2016-01-10", "tocsin"]);
    assert.ok(Number(cells[5]) > 3);
    assert.deepEqual(cells.slice(6), ["10", "40", "high"]);
    assert.match(stderr, /read 58 ged events/);

    const json = JSON.parse((await run(["events", "detect", "--country", "MMR", "--file", file, "--format", "json", "--level", "country", "--period", "month"])).stdout);
    assert.equal(json.length, 1);
    assert.equal(json[0].admin1, null);
    assert.equal(json[0].periodStart, "2016-01-01");
    assert.equal(json[0].eventKeys.length, 10);

    const surge = await run(["events", "detect", "--country", "MMR", "--file", file, "--detector", "acled-surge", "--from", "2015-01-01"]);
    assert.equal(surge.stdout.split("\n")[0], ALERT_CSV_HEADER.join(","));

    const none = await run(["events", "detect", "--country", "THA", "--file", file]);
    assert.equal(none.stdout, ALERT_CSV_HEADER.join(",") + "\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("events detect rejects bad arguments with clear messages", async () => {
  const file = join(fixtures, "ged-49.csv");
  await assert.rejects(run(["events", "detect", "--country", "XXX", "--file", file]), /unknown ISO3 code "XXX"/);
  await assert.rejects(run(["events", "detect", "--country", "MMR", "--file", file, "--detector", "magic"]), /--detector must be tocsin or acled-surge/);
  await assert.rejects(run(["events", "detect", "--country", "MMR", "--file", file, "--from", "2016"]), /--from must be a date/);
  await assert.rejects(run(["events", "detect", "--country", "MMR", "--file", file, "--alpha", "2"]), /--alpha/);
  await assert.rejects(run(["events", "detect", "--country", "MMR", "--file", join(fixtures, "nope.csv")]), /file not found/);
  await assert.rejects(run(["events", "detect", "--country", "MMR", "--source", "ged"]), /--source applies to --file only/);
  await assert.rejects(run(["events", "detect", "--country", "MMR", "--file", join(fixtures, "ged-wrong-type.csv")]), /ged-wrong-type\.csv:3: field best/);
});

test("file format is sniffed from the header", () => {
  assert.equal(sniffEventSource(join(fixtures, "ged-legacy-41.csv")), "ged");
  assert.equal(sniffEventSource(join(fixtures, "acled-export.csv")), "acled");
  assert.equal(sniffEventSource(join(fixtures, "gdelt-events.export.tsv")), "gdelt");
});

test("alertsToCsv quotes cells that need it", () => {
  const csv = alertsToCsv([
    {
      id: "x", detector: "tocsin", level: "admin1", period: "week", countryIso3: null, countryName: "Korea, Republic of", admin1: 'The "North"',
      periodStart: "2020-01-06", periodEnd: "2020-01-12", peakPeriodStart: "2020-01-06", score: 4.12345, flaggedPeriods: 1, events: 3, eventKeys: [],
      fatalities: 0, civilianDeaths: 0, severity: "low",
    },
  ]);
  assert.equal(csv.split("\n")[1], '"Korea, Republic of","The ""North""",2020-01-06,2020-01-12,tocsin,4.123,3,0,low');
});

const mirror = resolveMirror();
const ged = mirror ? join(mirror, "ucdp-ged/ged_myanmar_1989_2023.csv") : "";
test("npx tocsin events detect on the Myanmar GED file flags Rakhine in October 2016", { skip: !existsSync(ged) && "no data mirror" }, () => {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, "bin/tocsin.js"), "events", "detect", "--country", "MMR", "--file", ged, "--from", "2016-01-01", "--to", "2017-12-31"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.trim().split("\n").slice(1).map((l) => l.split(","));
  assert.ok(rows.some((c) => c[1] === "Rakhine state" && c[2].startsWith("2016-10")), r.stdout);
});
