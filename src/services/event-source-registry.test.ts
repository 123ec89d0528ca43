/**
 * The event-source registry end to end: every registered source is what the CLI offers, what
 * the header detection finds and what the store accepts; the generic CSV source (added through
 * the registry alone) imports through both import paths on every engine.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { Command } from "commander";
import { sql } from "drizzle-orm";
import { countryRegistry } from "../domain/country/registry.ts";
import { parseColumnMapping } from "../infra/importers/csv-mapped/csv-mapped.parser.ts";
import { detectEventSource, EVENT_SOURCES, EVENT_SOURCE_IDS } from "../infra/importers/event-sources.ts";
import { ImportError } from "../infra/importers/import-error.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import type { Store } from "../infra/store/database.ts";
import { EventRepository } from "../infra/store/event.repository.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { registerImportCommands } from "../interfaces/cli/import.command.ts";
import { EventSchema } from "../interfaces/http/routes/events.routes.ts";
import { importEvents } from "./event-import.service.ts";

const fixtures = fileURLToPath(new URL("../infra/importers/fixtures", import.meta.url));
const csvFixture = fileURLToPath(new URL("../infra/importers/csv-mapped/fixtures/incident-log.csv", import.meta.url));
const MAP = "id=Incident No,date=Day,dateEnd=Last Day,country=Country,iso3=ISO,admin1=Province,lat=Latitude,lon=Longitude,violenceType=Category,fatalities=Killed";
const registry = countryRegistry();

test("the CLI offers one `import` subcommand per registered source, and the API's schema lists the same ids", () => {
  const program = new Command();
  registerImportCommands(program);
  const names = program.commands.find((c) => c.name() === "import")!.commands.map((c) => c.name());
  assert.deepEqual(names.filter((n) => n !== "ewp"), EVENT_SOURCE_IDS);
  assert.deepEqual(EventSchema.shape.source.options, EVENT_SOURCE_IDS);
  const csv = program.commands.find((c) => c.name() === "import")!.commands.find((c) => c.name() === "csv")!;
  assert.ok(csv.options.some((o) => o.long === "--map" && o.mandatory), "csv needs --map");
});

test("header detection finds each source's own fixture, and nothing else claims it", () => {
  const own: Record<string, string> = { ged: "ged-49.csv", acled: "acled-export.csv", gdelt: "gdelt-events.export.tsv" };
  for (const s of EVENT_SOURCES.filter((e) => !e.needsMapping)) {
    assert.ok(own[s.id], `a fixture for ${s.id}`);
    assert.equal(detectEventSource(join(fixtures, own[s.id])).id, s.id);
  }
});

for (const engine of availableEngines()) {
  describe(`the csv source through importEvents() on ${engine}`, () => {
    let store: Store;
    let dir: string;
    before(async () => {
      store = await openTestStore(engine);
      dir = mkdtempSync(join(tmpdir(), "tocsin-csv-import-"));
    });
    after(async () => {
      await store?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("without a mapping it is refused before anything is read", async () => {
      await assert.rejects(importEvents(store, registry, { source: "csv", path: csvFixture }), /needs a column mapping/);
      await assert.rejects(importEvents(store, registry, { source: "nope", path: csvFixture }), /unknown event source "nope"/);
      assert.equal(await new EventRepository(store.db).count(), 0);
    });

    test("a mapped column the file lacks aborts with file, line and column, and stores nothing", async () => {
      const mapping = parseColumnMapping("id=Incident No,date=Day,country=Nation");
      await assert.rejects(importEvents(store, registry, { source: "csv", path: csvFixture, mapping }), (e: unknown) => {
        assert.ok(e instanceof ImportError);
        assert.match(e.message, /incident-log\.csv/);
        assert.match(e.message, /Nation|nation/);
        return true;
      });
      assert.equal(await new EventRepository(store.db).count(), 0);
    });

    test("the pipelined first import (worker thread) stores the mapped events, then a batched re-import updates them", async () => {
      const mapping = parseColumnMapping(MAP);
      const first = await importEvents(store, registry, { source: "csv", path: csvFixture, mapping }, { pipelineMinBytes: 0 });
      assert.deepEqual([first.read, first.inserted, first.updated, first.layout], [3, 3, 0, "csv-mapped"]);
      const repo = new EventRepository(store.db);
      const mmr = await repo.forCountry("MMR");
      assert.deepEqual(mmr.map((e) => [e.source, e.sourceId, e.violenceType, e.fatalitiesBest]), [
        ["csv", "IL-001", "one-sided", 4],
        ["csv", "IL-002", "state-based", 7],
      ]);
      assert.equal((await new DatasetRepository(store.db).findBySha("csv-events", first.sha256))?.id, first.datasetVersionId);
      const again = await importEvents(store, registry, { source: "csv", path: csvFixture, mapping });
      assert.deepEqual([again.inserted, again.updated], [0, 3]);
      assert.equal(await repo.count(), 3);
    });

    test("the store refuses a source id of the wrong shape", async () => {
      await assert.rejects(
        store.db.execute(sql`insert into events (source, source_id, date_start, date_end, date_precision, country_name, violence_type,
          civilian_targeting, identity_targeting, dataset_version_id)
          select 'Bad Source', 'x', '2024-01-01', '2024-01-01', 1, 'X', 'other', false, false, id from dataset_versions limit 1`),
        (e: Error) => /events_source_id/.test(`${e.message} ${(e.cause as Error | undefined)?.message}`),
      );
    });
  });
}
