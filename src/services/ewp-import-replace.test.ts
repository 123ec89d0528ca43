/**
 * A failed import changes nothing, and an import does not silently empty a table (issue 14
 * point 11): `importEwp` refuses a country-year table or episode list that would remove stored rows
 * (a header-only file used to empty the table) unless `replace` is given (`tocsin import ewp
 * --replace`), and refuses integers beyond the integer column and NUL bytes, naming file, line and
 * field.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { countryRegistry } from "../domain/country/registry.ts";
import { ImportError } from "../infra/importers/import-error.ts";
import { resolveMirror } from "../infra/importers/mirror.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import type { Store } from "../infra/store/database.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { importEwp } from "./ewp-import.service.ts";

const mirror = resolveMirror();
const predictorsPath = mirror && join(mirror, "ewp/prepared2024predictors-2025-09-03.csv");
const episodesPath = mirror && join(mirror, "ewp/mass_killing_events_2025.csv");
const skip = !predictorsPath || !existsSync(predictorsPath) || !existsSync(episodesPath!) ? "no data mirror (set TOCSIN_MIRROR)" : false;

/** The header and the rows of `keep` (EWP names). */
function table(keep: string[]): string {
  const lines = readFileSync(predictorsPath!, "utf8").split(/\r?\n/);
  return [lines[0], ...lines.slice(1).filter((l) => keep.some((k) => l.startsWith(`${k},`) || l.startsWith(`"${k}",`)))].join("\n") + "\n";
}

for (const engine of availableEngines()) {
  describe(`importEwp() never removes stored rows unasked, on ${engine}`, { skip }, () => {
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
      dir = mkdtempSync(join(tmpdir(), "tocsin-ewp-replace-"));
      await importEwp(store, registry, { predictors: write("two.csv", table(["Burma/Myanmar", "Rwanda"])), episodes: episodesPath! });
    });
    after(async () => {
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test("a header-only table is refused, naming the file and the rows it would remove; nothing changes", async () => {
      const before = await new CountryRepository(store.db).countRows();
      assert.ok(before.countryYears > 100);
      const header = readFileSync(predictorsPath!, "utf8").split(/\r?\n/)[0] + "\n";
      await assert.rejects(importEwp(store, registry, { predictors: write("header-only.csv", header) }), (error: unknown) => {
        assert.ok(error instanceof ImportError, String(error));
        assert.equal(error.file, "header-only.csv");
        assert.match(error.message, new RegExp(`would remove ${before.countryYears} stored country-years.*--replace`));
        return true;
      });
      assert.deepEqual(await new CountryRepository(store.db).countRows(), before);
    });

    test("a table missing one country is refused; with replace it is imported and the country's years are gone", async () => {
      const before = await new CountryRepository(store.db).countRows();
      const path = write("one.csv", table(["Rwanda"]));
      await assert.rejects(importEwp(store, registry, { predictors: path }), /would remove \d+ stored country-years \(MMR \d{4}/);
      assert.deepEqual(await new CountryRepository(store.db).countRows(), before);
      const result = await importEwp(store, registry, { predictors: path }, { replace: true });
      assert.equal(result.countryYears?.countries, 1);
      assert.equal((await new CountryRepository(store.db).countryYears("MMR")).length, 0);
      // Adding rows never needs --replace.
      await importEwp(store, registry, { predictors: write("again.csv", table(["Burma/Myanmar", "Rwanda"])) });
      assert.ok((await new CountryRepository(store.db).countryYears("MMR")).length > 50);
    });

    test("an episode list missing stored episodes is refused unless replace", async () => {
      const text = readFileSync(episodesPath!, "utf8");
      const header = text.split(/\r?\n/)[0] + "\n";
      const before = await new CountryRepository(store.db).countRows();
      await assert.rejects(importEwp(store, registry, { episodes: write("no-episodes.csv", header) }), /would remove \d+ stored mass-killing episodes/);
      assert.deepEqual(await new CountryRepository(store.db).countRows(), before);
    });

    test("a ccode of 1e20 or a NUL in a country name is refused with file, line and field", async () => {
      const [header, ...rows] = table(["Rwanda"]).trimEnd().split("\n");
      const cols = header.split(",").map((c) => c.replaceAll('"', ""));
      const ccode = cols.indexOf("ccode");
      const bigRow = rows[0].split(",");
      bigRow[ccode] = "1e20";
      const before = await new CountryRepository(store.db).countRows();
      await assert.rejects(importEwp(store, registry, { predictors: write("big.csv", [header, ...rows, bigRow.join(",")].join("\n")) }), (error: unknown) => {
        assert.ok(error instanceof ImportError);
        assert.equal(error.line, rows.length + 2);
        assert.equal(error.column, "ccode");
        return true;
      });
      const nul = write("nul.csv", [header, ...rows.slice(0, 1), rows[1].replace("Rwanda", "Rwa\u0000nda")].join("\n"));
      await assert.rejects(importEwp(store, registry, { predictors: nul }), (error: unknown) => error instanceof ImportError && error.line === 3 && error.column === "ewp_name");
      assert.deepEqual(await new CountryRepository(store.db).countRows(), before);
    });
  });
}
