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
import { ImportError } from "../infra/importers/import-error.ts";
import { resolveMirror } from "../infra/importers/mirror.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import type { Store } from "../infra/store/database.ts";
import { EventRepository, eventToCopyLine } from "../infra/store/event.repository.ts";
import { eventImports } from "../infra/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import type { Event } from "../domain/events/event.ts";
import { syncCountries } from "./country.service.ts";
import { EVENT_DATASETS, importEvents } from "./event-import.service.ts";

const mirror = resolveMirror();
const gedPath = mirror && join(mirror, "ucdp-ged/ged_myanmar_1989_2023.csv");
const noMirror = !gedPath || !existsSync(gedPath) ? "no data mirror with ucdp-ged (set TOCSIN_MIRROR)" : false;
const fixtures = fileURLToPath(new URL("../infra/importers/fixtures", import.meta.url));
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
    for (const [batchSize, base] of [[10, 810000], [7, 820000]] as const) {
      test(`an interrupted import resumes after its last committed batch (batches of ${batchSize})`, async () => {
        const repo = new EventRepository(store.db);
        const before = await repo.count();
        const path = syntheticGed(dir, 95, `synthetic-${base}.csv`, base);
        let batches = 0;
        const crash = new Error("simulated crash");
        await assert.rejects(
          importEvents(store, registry, { source: "ged", path }, {
            batchSize,
            onProgress: (p) => {
              if (p.phase === "write" && ++batches === 3) throw crash;
            },
          }),
          (e) => e === crash,
        );
        assert.equal(await repo.count(), before + 3 * batchSize, "three committed batches survive the crash");
        const s = await importEvents(store, registry, { source: "ged", path }, { batchSize });
        assert.equal(s.resumedAfter, 3 * batchSize);
        assert.deepEqual([s.read, s.inserted, s.updated], [95, 95, 0], "no record written twice");
        assert.equal(await repo.count(), before + 95);
        const record = await repo.findImport("ged", s.sha256);
        assert.deepEqual([record?.status, record?.recordsDone], ["done", 95]);
        // A finished import runs from the top again.
        const again = await importEvents(store, registry, { source: "ged", path }, { batchSize: 40 });
        assert.deepEqual([again.resumedAfter, again.inserted, again.updated], [0, 0, 95]);
      });
    }

    test("skipInvalid counts rejected records as read", async () => {
      const repo = new EventRepository(store.db);
      const before = await repo.count();
      const [header, good] = readFileSync(syntheticGed(dir, 1, "one.csv", 830000), "utf8").split("\n");
      const rows = Array.from({ length: 30 }, (_, i) => {
        const row = good.replace(/^830000,/, `${840000 + i},`);
        return i % 7 === 3 ? row.replace(/,(\d+),(\d+),(\d+),"?775"?,/, ",x$1,$2,$3,775,") : row;
      });
      const path = join(dir, "mixed.csv");
      writeFileSync(path, [header, ...rows].join("\n") + "\n");
      const whole = await importEvents(store, registry, { source: "ged", path }, { skipInvalid: true, batchSize: 4 });
      assert.equal(whole.rejectedCount, 4, "the fault was injected in records 4, 11, 18, 25");
      assert.deepEqual(whole.rejected.map((r) => [r.line, r.field]), [[5, "best"], [12, "best"], [19, "best"], [26, "best"]]);
      assert.equal(whole.read, 30);
      assert.equal(whole.inserted, 26);
      assert.equal(await repo.count(), before + 26);
    });

    test("text with tabs, newlines, backslashes and \\N survives the spool; a repeated id keeps its last record", async () => {
      const [header, first] = readFileSync(join(fixtures, "ged-49.csv"), "utf8").split("\n");
      const headline = 'Tab\there, "quoted"\nsecond line \\N back\\slash\r\nend';
      const odd = first.replace(/^900001,/, "850000,").replace('"Fictional clash near a fictional town"', `"${headline.replaceAll('"', '""')}"`);
      const once = first.replace(/^900001,/, "850001,");
      const twice = once.replace(/,5,6,5,"775",$/, ',7,8,6,"775",');
      assert.notEqual(twice, once);
      const path = join(dir, "odd-text.csv");
      writeFileSync(path, [header, odd, once, twice].join("\n") + "\n");
      const s = await importEvents(store, registry, { source: "ged", path });
      assert.deepEqual([s.read, s.inserted, s.updated], [3, 2, 0]);
      const rows = await new EventRepository(store.db).list({ from: "2016-10-09", to: "2016-10-09" }, 10_000);
      const byId = new Map(rows.filter((r) => r.source === "ged").map((r) => [r.sourceId, r]));
      assert.equal(byId.get("850000")?.sourceText, `${headline} | Fictown, "north" quarter`);
      assert.equal(byId.get("850001")?.fatalitiesBest, 7, "the later record of a repeated id wins");
      assert.equal(byId.get("850000")?.lat, 20.5);
      assert.equal(byId.get("850000")?.civilianTargeting, false);
      assert.equal(byId.get("850000")?.fatalitiesLow, 5);
    });

    test("a staged event with an unknown country fails naming the value and leaves the store unchanged", async () => {
      await syncCountries(store.db, registry); // as importEvents and createTocsin do
      const version = (await new DatasetRepository(store.db).record({
        dataset: "test-unknown-country", source: "test", sourceCommit: null, fileName: "x", sha256: "unknown-country", rowCounts: {}, warnings: [],
      })).id;
      const before = await snapshot(store);
      const lines = eventToCopyLine;
      const event: Event = {
        source: "ged", sourceId: "860000", dateStart: "2016-10-09", dateEnd: "2016-10-09", datePrecision: 1, countryIso3: "MMR",
        countryName: "Myanmar", gwCode: 775, admin1: null, admin2: null, lat: null, lon: null, locationPrecision: null,
        violenceType: "one-sided", civilianTargeting: true, identityTargeting: false, actor1: null, actor2: null, fatalitiesBest: 1,
        fatalitiesLow: 1, fatalitiesHigh: 1, civilianDeaths: null, sourceText: null, eventType: null,
      };
      const good = lines(event);
      const bad = lines({ ...event, sourceId: "860001", countryIso3: "XQZ" });
      for (const insertOnly of [true, false]) {
        await assert.rejects(
          store.transaction((tx) => new EventRepository(tx).upsertSpooled([good, bad], version, store.kind, { insertOnly })),
          (error: Error) => {
            // PGlite checks the staged batch itself and names the event and the value; PostgreSQL
            // keeps the foreign-key trigger, whose error names the constraint (the value is in its detail).
            const text = `${error.message} ${(error.cause as { message?: string; detail?: string } | undefined)?.message ?? ""} ${(error.cause as { detail?: string } | undefined)?.detail ?? ""}`;
            assert.match(text, store.kind === "pglite" ? /event 860001: country_iso3 "XQZ" is not in the countries table/ : /XQZ|foreign key/);
            return true;
          },
        );
        assert.deepEqual(await snapshot(store), before);
      }
      // The same batch with a known country goes in (so the failure above was the country's).
      const ok = await store.transaction((tx) => new EventRepository(tx).upsertSpooled([good], version, store.kind, { insertOnly: true }));
      assert.deepEqual(ok, { inserted: 1, updated: 0 });
      // insertOnly on a stored key falls back to the upsert.
      const again = await store.transaction((tx) => new EventRepository(tx).upsertSpooled([good, lines({ ...event, sourceId: "860002" })], version, store.kind, { insertOnly: true }));
      assert.deepEqual(again, { inserted: 1, updated: 1 });
    });

    // The pipelined first import (parse in a worker thread, one transaction) runs for large files
    // of a source without stored events; pipelineMinBytes: 0 forces it on fixtures of sources
    // this suite imports nowhere else.
    test("pipelined first import: bad input after written batches leaves the store unchanged; good input matches the batched path", async () => {
      const [good, truncated] = ["gdelt-events.export.tsv", "gdelt-truncated.export.tsv"].map((f) => readFileSync(join(fixtures, f), "utf8"));
      const goodLines = good.split("\n").filter((l) => l);
      const badPath = join(dir, "gdelt-bad.export.tsv");
      writeFileSync(badPath, [...goodLines, truncated.split("\n")[1]].join("\n") + "\n");
      const before = await snapshot(store);
      const written: number[] = [];
      await assert.rejects(
        importEvents(store, registry, { source: "gdelt", path: badPath }, { pipelineMinBytes: 0, batchSize: 1, onProgress: (p) => p.phase === "validate" && written.push(p.done) }),
        (error: unknown) => {
          assert.ok(error instanceof ImportError, `got ${error}`);
          assert.equal(error.line, goodLines.length + 1);
          assert.match(error.message, /^gdelt-bad\.export\.tsv, line 4/);
          return true;
        },
      );
      assert.deepEqual(written, [1, 2, 3], "three batches were written inside the transaction before the error");
      assert.deepEqual(await snapshot(store), before);

      const repo = new EventRepository(store.db);
      const s = await importEvents(store, registry, { source: "gdelt", path: join(fixtures, "gdelt-events.export.tsv") }, { pipelineMinBytes: 0, batchSize: 2 });
      assert.deepEqual([s.read, s.inserted, s.updated, s.resumedAfter, s.layout], [3, 3, 0, 0, "gdelt-2.0"]);
      const record = await repo.findImport("gdelt", s.sha256);
      assert.deepEqual([record?.status, record?.recordsDone, record?.inserted, record?.layout], ["done", 3, 3, "gdelt-2.0"]);
      assert.equal((await new DatasetRepository(store.db).findBySha(EVENT_DATASETS.gdelt, s.sha256))?.rowCounts.inserted, 3);
      const stored = (await repo.list({}, 10_000)).filter((r) => r.source === "gdelt");
      // The same file through the batched path (the source now has events) rewrites identical rows.
      const again = await importEvents(store, registry, { source: "gdelt", path: join(fixtures, "gdelt-events.export.tsv") }, { pipelineMinBytes: 0 });
      assert.deepEqual([again.inserted, again.updated], [0, 3]);
      const restored = (await repo.list({}, 10_000)).filter((r) => r.source === "gdelt");
      assert.deepEqual(restored.map((r) => ({ ...r, datasetVersionId: 0 })), stored.map((r) => ({ ...r, datasetVersionId: 0 })));
      assert.equal(stored.length, 3);
    });

    test("pipelined first import with skipInvalid reports rejections like the batched path", async () => {
      const s = await importEvents(store, registry, { source: "acled", path: join(fixtures, "acled-export.csv") }, { pipelineMinBytes: 0, skipInvalid: true, batchSize: 2 });
      const again = await importEvents(store, registry, { source: "acled", path: join(fixtures, "acled-export.csv") }, { skipInvalid: true, batchSize: 2 });
      assert.equal(s.read, again.read);
      assert.equal(s.inserted, again.updated);
      assert.equal(again.inserted, 0);
      assert.deepEqual(s.rejected, again.rejected);
      assert.equal(s.rejectedCount, again.rejectedCount);
      assert.ok(s.inserted > 0);
    });

    test("bad arguments and unreadable files", async () => {
      await assert.rejects(importEvents(store, registry, { source: "ged", path: join(dir, "nope.csv") }), /nope\.csv: cannot read the file \(ENOENT\)/);
      await assert.rejects(importEvents(store, registry, { source: "ged", path: join(fixtures, "ged-49.csv") }, { batchSize: 0 }), RangeError);
    });
  });
}
