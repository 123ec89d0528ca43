/**
 * `forecast backtest` end to end on a small synthetic table whose columns are shuffled, through
 * commander exactly as `tocsin` wires it (the command's output contract is read by other tools).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { Command } from "commander";
import { scoreBacktest } from "../../domain/forecast/backtest.ts";
import { syntheticEwpTable } from "../../domain/forecast/synthetic-table.ts";
import { readEwpTable } from "../../infra/importers/ewp-table.ts";
import { resolveMirror } from "../../infra/importers/mirror.ts";
import { BACKTEST_COLUMNS, registerForecastCommands } from "./forecast.command.ts";

const dir = mkdtempSync(join(tmpdir(), "tocsin-forecast-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeShuffledTable(path: string, o: { countries?: number; firstYear?: number; drop?: string } = {}): void {
  const rows = syntheticEwpTable({ countries: o.countries ?? 24, firstYear: o.firstYear ?? 1978, lastYear: 2000, seed: 2 });
  const cols = ["ewp_name", ...Object.keys(rows[0].values)].filter((c) => c !== o.drop);
  // Deterministic shuffle of the columns.
  cols.sort((a, b) => ((a.length * 7919 + a.charCodeAt(0)) % 13) - ((b.length * 7919 + b.charCodeAt(0)) % 13) || a.localeCompare(b));
  const lines = [cols.join(",")];
  for (const r of rows) lines.push(cols.map((c) => (c === "ewp_name" ? `"${r.ewpName}"` : (r.values[c] ?? "NA"))).join(","));
  writeFileSync(path, lines.join("\n") + "\n");
}

async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = "", stderr = "";
  const program = new Command("tocsin").exitOverride();
  registerForecastCommands(program, { out: { write: (t: string) => (stdout += t) }, err: { write: (t: string) => (stderr += t) } });
  await program.parseAsync(["node", "tocsin", ...args]);
  return { stdout, stderr };
}

test("forecast backtest writes the contract columns and prints AUC, recall@30 and Brier (and the reference's)", async () => {
  const data = join(dir, "table.csv");
  const out = join(dir, "out.csv");
  writeShuffledTable(data);
  const first = await run(["forecast", "backtest", "--data", data, "--model", "ewp-glmnet", "--out", out, "--first-train-year", "1994", "--threads", "1"]);
  const text = readFileSync(out, "utf8").trim().split("\n");
  assert.equal(text[0], BACKTEST_COLUMNS.join(","));
  assert.equal(text[0], "year,ewp_name,ccode,mk_onset,risk_prev,rank_prev,risk_two_years_prior,rank_two_years_prior,maxrisk2,minrank2");
  const body = text.slice(1).map((l) => l.split(","));
  assert.equal(body.length, 24 * (2000 - 1997 + 1)); // years 1997 … 2000, 24 countries
  const firstYear = body.filter((c) => c[0] === "1997");
  assert.ok(firstYear.every((c) => c[4] !== "" && c[6] === "" && c[7] === "")); // no two-years-prior forecast yet
  for (const c of body) {
    const [prev, prior, max] = [c[4], c[6], c[8]].map((v) => (v === "" ? null : Number(v)));
    assert.equal(max, Math.max(prev ?? -1, prior ?? -1));
    assert.ok(Number(c[9]) >= 1 && Number(c[9]) <= 24);
  }
  assert.match(first.stdout, /ewp-glmnet 1997–2000: AUC 0\.\d{3}  recall@30 \d\.\d{3} \(\d+\/\d+\)  Brier 0\.\d{5}/);
  assert.match(first.stderr, /trained ≤ 1994/);

  // Our own output as the reference: identical scores on the shared country-years.
  const second = await run(["forecast", "backtest", "--data", data, "--model", "ewp-glmnet", "--out", join(dir, "out2.csv"), "--ref", out, "--first-train-year", "1994", "--threads", "1"]);
  const lines = second.stdout.trim().split("\n");
  assert.equal(lines.length, 3);
  assert.equal(lines[1].replace(/^.*?: /, ""), lines[2].replace(/^.*?: /, ""));
});

test("another vintage: fewer years and a missing predictor column still run, with a warning", async () => {
  const data = join(dir, "old.csv");
  writeShuffledTable(data, { countries: 16, firstYear: 1984, drop: "gdppcgrowth" });
  const r = await run(["forecast", "backtest", "--data", data, "--model", "ewp-glmnet", "--out", join(dir, "old-out.csv"), "--first-train-year", "1996", "--threads", "1"]);
  assert.match(r.stderr, /warning: 1 EWP predictors are not in the table and are left out: gdppcgrowth/);
  const lines = readFileSync(join(dir, "old-out.csv"), "utf8").trim().split("\n");
  assert.equal(lines.length - 1, 16 * (2000 - 1999 + 1));
  assert.match(r.stdout, /ewp-glmnet 1999–2000: AUC/);
  // Worker threads give the same rows as the single-thread walk.
  const r2 = await run(["forecast", "backtest", "--data", data, "--model", "ewp-glmnet", "--out", join(dir, "old-out2.csv"), "--first-train-year", "1996", "--threads", "2"]);
  assert.equal(readFileSync(join(dir, "old-out2.csv"), "utf8"), readFileSync(join(dir, "old-out.csv"), "utf8"));
  assert.equal(r2.stdout, r.stdout);
});

test("unknown models are rejected", async () => {
  await assert.rejects(run(["forecast", "backtest", "--data", "x.csv", "--model", "nope", "--out", join(dir, "o.csv")]), /unknown model "nope"/);
});

const mirror = resolveMirror();
const ewpDir = mirror ? join(mirror, "ewp") : "";
const noMirror = !mirror || !existsSync(join(ewpDir, "FOOSforecasts_3Sep2025.csv")) ? "no data mirror (set TOCSIN_MIRROR)" : false;

test("real EWP reference: scoring FOOSforecasts reproduces EWP's published AUC 0.825, 27/39, Brier 0.00861", { skip: noMirror }, async () => {
  const foos = (await readEwpTable(join(ewpDir, "FOOSforecasts_3Sep2025.csv"))).filter((r) => r.values.maxrisk2 !== null);
  const s = scoreBacktest(foos.map((r) => ({
    year: r.year, ewpName: r.ewpName, ccode: r.ccode, mkOnset: r.values.mk_onset, riskPrev: null, rankPrev: null,
    riskTwoYearsPrior: null, rankTwoYearsPrior: null, maxrisk2: r.values.maxrisk2, minrank2: r.values.minrank2,
  })));
  assert.equal(s.auc.toFixed(3), "0.825");
  assert.equal(`${s.onsetsInTop30}/${s.onsets}`, "27/39");
  assert.equal(s.brier.toFixed(5), "0.00861");
});
