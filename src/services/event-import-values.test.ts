/**
 * A failed import changes nothing (issue 14 point 11): values that pass a loose check but that the
 * store would refuse — an integer like `1e20` beyond PostgreSQL's `integer`, a NUL byte in a text
 * field — used to stop an event import after earlier batches were committed, with a raw database
 * error. Now validation refuses them, naming file, line and field, before any batch is written.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { countryRegistry } from "../domain/country/registry.ts";
import { ImportError } from "../infra/importers/import-error.ts";
import type { Store } from "../infra/store/database.ts";
import { EventRepository } from "../infra/store/event.repository.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { importEvents } from "./event-import.service.ts";

const fixtures = fileURLToPath(new URL("../infra/importers/fixtures", import.meta.url));
const registry = countryRegistry();
const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;

/** A GED file of `n` events built from the fixture's first record; `poison` changes record `at` (0-based). */
function gedFile(dir: string, name: string, n: number, at: number, poison: Record<string, string>): string {
  const [header, first] = parse(readFileSync(join(fixtures, "ged-49.csv"), "utf8"), { relax_column_count: true }) as string[][];
  const rows = Array.from({ length: n }, (_, i) => {
    const r = [...first];
    r[header.indexOf("id")] = String(910_000 + i);
    if (i === at) for (const [k, v] of Object.entries(poison)) r[header.indexOf(k)] = v;
    return r.map(quote).join(",");
  });
  const path = join(dir, name);
  writeFileSync(path, [header.map(quote).join(","), ...rows].join("\n") + "\n");
  return path;
}

for (const engine of availableEngines()) {
  describe(`event import refuses what the store would refuse, on ${engine}`, () => {
    let store: Store;
    let dir: string;
    before(async () => {
      store = await openTestStore(engine);
      dir = mkdtempSync(join(tmpdir(), "tocsin-values-"));
    });
    after(async () => {
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const cases: [string, Record<string, string>, string][] = [
      ["an integer beyond the integer column (1e20 deaths)", { best: "1e20" }, "best"],
      ["an integer just past 2^31 − 1", { deaths_civilians: "2147483648" }, "deaths_civilians"],
      ["a NUL byte in a text field", { side_a: "Government\u0000of Testland" }, "side_a"],
      ["a NUL byte in an admin area", { adm_1: "North\u0000state" }, "adm_1"],
    ];
    for (const [what, poison, field] of cases) {
      test(`${what}: ImportError naming file, line and field; no batch committed`, async () => {
        // 30 records in batches of 5: the bad one (record 27, line 28) comes after five full batches.
        const path = gedFile(dir, `bad-${field}.csv`, 30, 26, poison);
        const events = await new EventRepository(store.db).count();
        const versions = (await new DatasetRepository(store.db).list()).length;
        await assert.rejects(importEvents(store, registry, { source: "ged", path }, { batchSize: 5 }), (error: unknown) => {
          assert.ok(error instanceof ImportError, `an ImportError, got ${(error as Error).name}: ${(error as Error).message}`);
          assert.equal(error.file, `bad-${field}.csv`);
          assert.equal(error.line, 28);
          assert.equal(error.column, field);
          assert.ok(!/insert|params|Failed query/i.test(error.message), error.message);
          return true;
        });
        assert.equal(await new EventRepository(store.db).count(), events, "no event was stored");
        assert.equal((await new DatasetRepository(store.db).list()).length, versions, "no dataset version was recorded");
      });
    }

    test("the same file without the bad value imports all 30 records", async () => {
      const path = gedFile(dir, "good.csv", 30, -1, {});
      const s = await importEvents(store, registry, { source: "ged", path }, { batchSize: 5 });
      assert.equal(s.inserted, 30);
    });
  });
}
