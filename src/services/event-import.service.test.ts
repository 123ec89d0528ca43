/**
 * Event import against real stores (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): the
 * mirror's GED Myanmar file, idempotent re-import, bad files leaving the store unchanged,
 * `skipInvalid`, and resuming an interrupted import after its last committed batch.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { countryRegistry } from "../domain/country/registry.ts";
import { ImportError } from "../adapters/importers/import-error.ts";
import { resolveMirror } from "../adapters/importers/mirror.ts";
import { DatasetRepository } from "../adapters/store/dataset.repository.ts";
import type { Store } from "../adapters/store/database.ts";
import { EventRepository } from "../adapters/store/event.repository.ts";
import { eventImports } from "../adapters/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../adapters/store/testing.ts";
import { EVENT_DATASETS, importEvents } from "./event-import.service.ts";

const mirror = resolveMirror();
const gedPath = mirror && join(mirror, "ucdp-ged/ged_myanmar_1989_2023.csv");
const noMirror = !gedPath || !existsSync(gedPath) ? "no data mirror with ucdp-ged (set TOCSIN_MIRROR)" : false;
const fixtures = fileURLToPath(new URL("../adapters/importers/fixtures/", import.meta.url));
const registry = countryRegistry();

interface Snapshot {
  events: number;
  versions: unknown[];
  imports: unknown[];
}

async function snapshot(store: Store): Promise<Snapshot> {
  return {
    events: await new EventRepository(store.db).count(),
    versions: (await new DatasetRepository(store.db).list()).map((v) => [v.id, v.dataset, v.sha256, v.rowCounts]),
    imports: (await store.db.select().from(eventImports)).map((i) => [i.id, i.status, i.recordsDone, i.inserted, i.updated]),
  };
}

/** A GED file of `n` invented single-line events (ids from `base`) built from the 49-column fixture's first record. */
function syntheticGed(dir: string, n: number, name: string, base: number): string {
  const [header, first] = readFileSync(join(fixtures, "ged-49.csv"), "utf8").split("\n");
  assert.match(first, /^900001,/);
  const rows = Array.from({ length: n }, (_, i) => first.replace(/^900001,/, `${base + i},`));
  const path = join(dir, name);
  writeFileSync(path, [header, ...rows].join("\n") + "\n");
  return path;
}

for (const engine of availableEngines()) {
  describe(`importEvents() on ${engine}`, () => {
    let store: Store;
    let dir: string;
    before(async () => {
      store = await openTestStore(engine);
      dir = mkdtempSync(join(tmpdir(), "tocsin-events-"));
    });
    after(async () => {
      await store?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("imports the GED Myanmar file: 7,374 events, a dataset version, a finished import record", { skip: noMirror }, async () => {
      const phases = new Set<string>();
      const s = await importEvents(store, registry, { source: "ged", path: gedPath! }, { onProgress: (p) => phases.add(p.phase) });
      assert.deepEqual([s.read, s.inserted, s.updated, s.rejectedCount, s.resumedAfter], [7374, 7374, 0, 0, 0]);
      assert.equal(s.layout, "ged-49");
      assert.deepEqual([...phases], ["validate", "write", "done"]);
      const repo = new EventRepository(store.db);
      assert.equal(await repo.count(), 7374);
      assert.equal(await repo.count({ country: "MMR" }), 7374);
      assert.equal(await repo.count({ violenceType: "one-sided" }), 2330, "SOURCE.txt: 2,330 one-sided events");
      const version = await new DatasetRepository(store.db).findBySha(EVENT_DATASETS.ged, s.sha256);
      assert.equal(version?.id, s.datasetVersionId);
      assert.equal(version?.rowCounts.inserted, 7374);
      const record = await repo.findImport("ged", s.sha256);
      assert.deepEqual([record?.status, record?.recordsDone, record?.inserted], ["done", 7374, 7374]);
      // Round trip of one event through the store.
      const [first] = await repo.list({ country: "MMR" }, 1);
      assert.equal(first.source, "ged");
      assert.match(first.dateStart, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(first.datasetVersionId, s.datasetVersionId);
    });

    test("re-importing the same file updates the events instead of duplicating them", { skip: noMirror }, async () => {
      const before = await snapshot(store);
      const s = await importEvents(store, registry, { source: "ged", path: gedPath! });
      assert.deepEqual([s.read, s.inserted, s.updated], [7374, 0, 7374]);
      const again = await snapshot(store);
      assert.equal(again.events, before.events);
      assert.deepEqual(again.versions.map((v) => (v as unknown[])[0]), before.versions.map((v) => (v as unknown[])[0]));
      assert.equal(again.imports.length, before.imports.length);
    });

    const bad: [string, string, number, string, RegExp][] = [
      ["a truncated file", "ged-truncated.csv", 3, "\\S+", /unterminated quoted field/],
      ["a wrong-type field", "ged-wrong-type.csv", 3, "best", /"four"/],
    ];
    for (const [what, name, line, field, reason] of bad) {
      test(`${what} is rejected naming line and field, and leaves the store unchanged`, async () => {
        const before = await snapshot(store);
        await assert.rejects(importEvents(store, registry, { source: "ged", path: join(fixtures, name) }), (error: unknown) => {
          assert.ok(error instanceof ImportError, `got ${error}`);
          assert.equal(error.line, line);
          assert.match(error.column ?? "", new RegExp(`^${field}$`));
          assert.match(error.message, new RegExp(`^${name.replace(".", "\\.")}, line ${line}, column "${field}": `));
          assert.match(error.message, reason);
          return true;
        });
        assert.deepEqual(await snapshot(store), before);
      });
    }

    test("skipInvalid imports the valid records and reports the rejected ones with line, field and reason", async () => {
      const s = await importEvents(store, registry, { source: "ged", path: join(fixtures, "ged-wrong-type.csv") }, { skipInvalid: true });
      assert.equal(s.read, 2);
      assert.equal(s.inserted + s.updated, 1);
      assert.equal(s.rejectedCount, 1);
      assert.equal(s.rejected[0].line, 3);
      assert.equal(s.rejected[0].field, "best");
      assert.match(s.rejected[0].reason, /"four"/);
      assert.equal((await new EventRepository(store.db).findImport("ged", s.sha256))?.rejected, 1);
    });

    test("skipInvalid still aborts on a truncated file, changing nothing", async () => {
      const before = await snapshot(store);
      await assert.rejects(importEvents(store, registry, { source: "ged", path: join(fixtures, "ged-truncated.csv") }, { skipInvalid: true }), ImportError);
      assert.deepEqual(await snapshot(store), before);
    });

    // These use the suite's store (one store per file: closing extra PostgreSQL test stores
    // mid-file races with their pools' idle connections) and invented ids of their own.
    for (const [keepParsed, base] of [[undefined, 810000], [0, 820000]] as const) {
      const how = keepParsed === 0 ? "parsing the file again" : "with the parsed events kept";
      test(`an interrupted import resumes after its last committed batch (${how})`, async () => {
        const repo = new EventRepository(store.db);
        const before = await repo.count();
        const path = syntheticGed(dir, 95, `synthetic-${base}.csv`, base);
        let batches = 0;
        const crash = new Error("simulated crash");
        await assert.rejects(
          importEvents(store, registry, { source: "ged", path }, {
            batchSize: 10,
            keepParsed,
            onProgress: (p) => {
              if (p.phase === "write" && ++batches === 3) throw crash;
            },
          }),
          (e) => e === crash,
        );
        assert.equal(await repo.count(), before + 30, "three committed batches survive the crash");
        const s = await importEvents(store, registry, { source: "ged", path }, { batchSize: 10, keepParsed });
        assert.equal(s.resumedAfter, 30);
        assert.deepEqual([s.read, s.inserted, s.updated], [95, 95, 0], "no record written twice");
        assert.equal(await repo.count(), before + 95);
        const record = await repo.findImport("ged", s.sha256);
        assert.deepEqual([record?.status, record?.recordsDone], ["done", 95]);
        // A finished import runs from the top again.
        const again = await importEvents(store, registry, { source: "ged", path }, { batchSize: 40, keepParsed });
        assert.deepEqual([again.resumedAfter, again.inserted, again.updated], [0, 0, 95]);
      });
    }

    test("skipInvalid without kept events counts rejected records as read", async () => {
      const repo = new EventRepository(store.db);
      const before = await repo.count();
      const [header, good] = readFileSync(syntheticGed(dir, 1, "one.csv", 830000), "utf8").split("\n");
      const rows = Array.from({ length: 30 }, (_, i) => {
        const row = good.replace(/^830000,/, `${840000 + i},`);
        return i % 7 === 3 ? row.replace(/,(\d+),(\d+),(\d+),"?775"?,/, ",x$1,$2,$3,775,") : row;
      });
      const path = join(dir, "mixed.csv");
      writeFileSync(path, [header, ...rows].join("\n") + "\n");
      const whole = await importEvents(store, registry, { source: "ged", path }, { skipInvalid: true, keepParsed: 0, batchSize: 4 });
      assert.equal(whole.rejectedCount, 4, "the fault was injected in records 4, 11, 18, 25");
      assert.deepEqual(whole.rejected.map((r) => [r.line, r.field]), [[5, "best"], [12, "best"], [19, "best"], [26, "best"]]);
      assert.equal(whole.read, 30);
      assert.equal(whole.inserted, 26);
      assert.equal(await repo.count(), before + 26);
    });

    test("bad arguments and unreadable files", async () => {
      await assert.rejects(importEvents(store, registry, { source: "ged", path: join(dir, "nope.csv") }), /nope\.csv: cannot read the file \(ENOENT\)/);
      await assert.rejects(importEvents(store, registry, { source: "ged", path: join(fixtures, "ged-49.csv") }, { batchSize: 0 }), RangeError);
    });
  });
}
