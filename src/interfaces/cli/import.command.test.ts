/**
 * `tocsin import ged|acled|gdelt` and `tocsin events detect` on the store, as a user runs them: a
 * command per run, in-process (test/cli-harness.ts), and a private TOCSIN_HOME (PGlite on disk).
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { resolveMirror } from "../../infra/importers/mirror.ts";
import { closeCliStores, tocsinInProcess } from "../../../test/cli-harness.ts";

const mirror = resolveMirror();
const gedPath = mirror && join(mirror, "ucdp-ged/ged_myanmar_1989_2023.csv");
const noMirror = !gedPath || !existsSync(gedPath) ? "no data mirror with ucdp-ged" : false;
const fixtures = fileURLToPath(new URL("../../infra/importers/fixtures", import.meta.url));

/** Runs a command in this process (test/cli-harness.ts). */
function tocsin(args: string[], env: Record<string, string>) {
  // DATABASE_URL unset: the commands must use the PGlite store under TOCSIN_HOME.
  return tocsinInProcess(args, { env: { DATABASE_URL: undefined, ...env } });
}

describe("tocsin import ged|acled|gdelt", () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), "tocsin-cli-events-"));
  });
  after(async () => {
    await closeCliStores();
    rmSync(home, { recursive: true, force: true });
  });

  test("import ged loads the mirror's GED file with progress on stderr and a JSON summary on stdout; again updates", { skip: noMirror }, async () => {
    const first = await tocsin(["import", "ged", gedPath!], { TOCSIN_HOME: home });
    assert.equal(first.code, 0, first.stderr);
    const a = JSON.parse(first.stdout) as { read: number; inserted: number; updated: number; rejected: unknown[]; layout: string };
    assert.deepEqual([a.read, a.inserted, a.updated, a.rejected.length, a.layout], [7374, 7374, 0, 0, "ged-49"]);
    assert.match(first.stderr, /write ged_myanmar_1989_2023\.csv 100% \(7374\/7374\)/);
    assert.match(first.stderr, /imported ged_myanmar_1989_2023\.csv: 7374 records, 7374 inserted/);
    const second = await tocsin(["import", "ged", gedPath!], { TOCSIN_HOME: home });
    assert.equal(second.code, 0, second.stderr);
    const b = JSON.parse(second.stdout) as { inserted: number; updated: number };
    assert.deepEqual([b.inserted, b.updated], [0, 7374]);
  });

  test("events detect reads the store when --file is not given", { skip: noMirror }, async () => {
    const run = await tocsin(["events", "detect", "--country", "MMR", "--period", "month", "--from", "2016-01-01", "--to", "2016-12-31"], { TOCSIN_HOME: home });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /read \d+ stored events of MMR/);
    assert.match(run.stdout, /^country,admin1,period_start,period_end,detector,score,events,civilian_deaths,severity\n/);
    assert.match(run.stdout, /^MMR,Rakhine state,2016-1\d-01,/m);
  });

  test("a wrong-type field exits 2 naming file, line and field, and changes nothing", async () => {
    const run = await tocsin(["import", "ged", join(fixtures, "ged-wrong-type.csv")], { TOCSIN_HOME: home });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /ged-wrong-type\.csv, line 3, column "best": .*"four"/);
    assert.match(run.stderr, /Nothing was changed/);
    assert.equal(run.stdout, "");
  });

  test("--skip-invalid imports the valid records and lists the rejected ones", async () => {
    const run = await tocsin(["import", "ged", "--skip-invalid", join(fixtures, "ged-wrong-type.csv")], { TOCSIN_HOME: home });
    assert.equal(run.code, 0, run.stderr);
    const s = JSON.parse(run.stdout) as { read: number; inserted: number; rejected: { line: number; field: string; reason: string }[] };
    assert.equal(s.read, 2);
    assert.equal(s.inserted, 1);
    assert.deepEqual(s.rejected.map((r) => [r.line, r.field]), [[3, "best"]]);
  });

  test("import acled and import gdelt read their formats; a truncated GDELT file exits 2", async () => {
    const acled = await tocsin(["import", "acled", join(fixtures, "acled-export.csv")], { TOCSIN_HOME: home });
    assert.equal(acled.code, 0, acled.stderr);
    assert.ok((JSON.parse(acled.stdout) as { inserted: number }).inserted > 0);
    const gdelt = await tocsin(["import", "gdelt", join(fixtures, "gdelt-events.export.tsv")], { TOCSIN_HOME: home });
    assert.equal(gdelt.code, 0, gdelt.stderr);
    assert.ok((JSON.parse(gdelt.stdout) as { inserted: number }).inserted > 0);
    const cut = await tocsin(["import", "gdelt", join(fixtures, "gdelt-truncated.export.tsv")], { TOCSIN_HOME: home });
    assert.equal(cut.code, 2, cut.stderr);
    assert.match(cut.stderr, /gdelt-truncated\.export\.tsv, line 2, column "Actor1Geo_Lat": expected 61 tab-separated columns/);
  });
});
