/**
 * EWP import against real stores: a good import, idempotent re-import, and every class of bad input
 * (missing column, wrong type, unknown country, truncated file) leaving the store unchanged — on
 * PGlite and, when TEST_DATABASE_URL is set, PostgreSQL.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { countryRegistry } from "../domain/country/registry.ts";
import { ImportError } from "../infra/importers/import-error.ts";
import { resolveMirror } from "../infra/importers/mirror.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import type { Store } from "../infra/store/database.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { getCountryProfile } from "./country.service.ts";
import { importEwp } from "./ewp-import.service.ts";

const mirror = resolveMirror();
const predictorsPath = mirror && join(mirror, "ewp/prepared2024predictors-2025-09-03.csv");
const episodesPath = mirror && join(mirror, "ewp/mass_killing_events_2025.csv");
const skip = !predictorsPath || !existsSync(predictorsPath) ? "no data mirror (set TOCSIN_MIRROR)" : false;

/** A small but real table: the header and every row of four countries (Myanmar among them). */
function smallTable(): string {
  const lines = readFileSync(predictorsPath!, "utf8").split(/\r?\n/);
  const keep = ["Burma/Myanmar", "Rwanda", "Czechoslovakia", "Norway"];
  return [lines[0], ...lines.slice(1).filter((l) => keep.some((k) => l.startsWith(`${k},`) || l.startsWith(`"${k}",`)))].join("\n") + "\n";
}

interface Snapshot {
  rows: { countryYears: number; episodes: number };
  versions: { id: number; sha256: string }[];
  myanmarYears: number;
  myanmarEpisodes: number;
}

async function snapshot(store: Store): Promise<Snapshot> {
  const rows = await new CountryRepository(store.db).countRows();
  const versions = (await new DatasetRepository(store.db).list()).map((v) => ({ id: v.id, sha256: v.sha256 }));
  const mmr = await getCountryProfile(store, "MMR");
  return { rows, versions, myanmarYears: mmr.indicators.length, myanmarEpisodes: mmr.episodes.length };
}

for (const engine of availableEngines()) {
  describe(`importEwp() on ${engine}`, { skip }, () => {
    let store: Store;
    let dir: string;
    const registry = countryRegistry();
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };

    before(async () => {
      store = await openTestStore(engine);
      dir = mkdtempSync(join(tmpdir(), "tocsin-ewp-"));
    });
    after(async () => {
      await store?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("imports the full table and episode list; Myanmar has 1960–2024 and its episodes", async () => {
      const result = await importEwp(store, registry, { predictors: predictorsPath!, episodes: episodesPath! });
      assert.equal(result.countryYears?.rows, 9463);
      assert.equal(result.countryYears?.countries, 173);
      assert.ok((result.episodes?.rows ?? 0) > 100);
      const mmr = await getCountryProfile(store, "MMR");
      assert.equal(mmr.indicators[0].year, 1960);
      assert.equal(mmr.indicators.at(-1)!.year, 2024);
      assert.deepEqual(mmr.indicators.filter((y) => y.mkOnset === 1).map((y) => y.year).filter((y) => y >= 2010), [2016, 2021]);
      assert.ok(mmr.episodes.some((e) => e.startYear === 2016), "Rohingya episode of 2016");
      assert.equal(typeof mmr.indicators[0].values["popsize.log2"], "number");
    });

    test("re-importing the same files replaces, not duplicates", async () => {
      const before = await snapshot(store);
      await importEwp(store, registry, { predictors: predictorsPath!, episodes: episodesPath! });
      const again = await snapshot(store);
      assert.deepEqual(again.rows, before.rows);
      assert.deepEqual(again.versions.map((v) => v.id).sort(), before.versions.map((v) => v.id).sort());
    });

    const badPredictors: [string, () => string, RegExp][] = [
      ["missing column", () => smallTable().split("\n").map((l) => l.split(",").filter((_, i) => i !== 1).join(",")).join("\n"), /line 1, column "year": required column is missing/],
      ["wrong type", () => { const l = smallTable().split("\n"); l[3] = l[3].replace(/,(\d+),/, ",abc,"); return l.join("\n"); }, /line 4, column "\w[^"]*": expected a number or NA, found "abc"/],
      ["unknown country", () => { const l = smallTable().split("\n"); const cells = l[5].split(","); cells[0] = "Atlantis"; cells[l[0].split(",").indexOf("ccode")] = "1"; l[5] = cells.join(","); return l.join("\n"); }, /line 6, column "ewp_name": unknown country "Atlantis"/],
      ["truncated file", () => { const t = smallTable(); return t.slice(0, Math.floor(t.length * 0.6)); }, /line \d+.*(malformed|truncated)/],
    ];
    for (const [name, make, message] of badPredictors) {
      test(`predictors with a ${name} are rejected with file, line and column, and the store is unchanged`, async () => {
        const before = await snapshot(store);
        const path = write(`bad-${name.replace(/ /g, "-")}.csv`, make());
        await assert.rejects(importEwp(store, registry, { predictors: path }), (error: unknown) => {
          assert.ok(error instanceof ImportError, `got ${error}`);
          assert.match(error.message, /^bad-.*\.csv, /);
          assert.match(error.message, message);
          return true;
        });
        assert.deepEqual(await snapshot(store), before);
      });
    }

    const episodesText = () => readFileSync(episodesPath!, "utf8");
    const badEpisodes: [string, () => string, RegExp][] = [
      ["missing column", () => episodesText().replace("mk_event_code,", "code,"), /line 1, column "mk_event_code": required column is missing/],
      ["wrong type", () => episodesText().replace(/,2016,(\d{4}|),mmr2016s1/, ",20x6,$1,mmr2016s1"), /column "startyear": expected a whole number, found "20x6"/],
      ["unknown country", () => episodesText().replace(/^Myanmar,(government vs\. suspected supporters of Rohingya[^\n]*?),775,775,/m, "Atlantis,$1,9999,9999,"), /column "mk_location_cow": unknown country/],
      ["truncated file", () => { const t = episodesText(); const i = t.indexOf('"', Math.floor(t.length / 2)); return t.slice(0, i + 5); }, /(malformed|truncated)/],
    ];
    for (const [name, make, message] of badEpisodes) {
      test(`episodes with a ${name} are rejected with file and line, and the store is unchanged`, async () => {
        const text = make();
        assert.notEqual(text, episodesText(), "the fault was injected");
        const before = await snapshot(store);
        const good = write("good.csv", smallTable());
        const path = write(`bad-episodes-${name.replace(/ /g, "-")}.csv`, text);
        // The good predictors file in the same call must not be stored either: one transaction.
        await assert.rejects(importEwp(store, registry, { predictors: good, episodes: path }), (error: unknown) => {
          assert.ok(error instanceof ImportError, `got ${error}`);
          assert.match(error.message, /^bad-episodes-.*\.csv, line \d+/);
          assert.match(error.message, message);
          return true;
        });
        assert.deepEqual(await snapshot(store), before);
      });
    }

    test("an unreadable path is an ImportError naming it", async () => {
      await assert.rejects(importEwp(store, registry, { predictors: join(dir, "nope.csv") }), /nope\.csv: cannot read the file \(ENOENT\)/);
    });
  });
}
