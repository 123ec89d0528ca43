/**
 * Repository contract: the same tests on every store engine available here — PGlite always, and a
 * real PostgreSQL server when TEST_DATABASE_URL is set (CI sets it).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import { CountryRepository, type CountryRecord } from "./country.repository.ts";
import { DatasetRepository } from "./dataset.repository.ts";
import { availableEngines, openTestStore } from "./testing.ts";
import type { Store } from "./database.ts";

const country = (iso3: string, overrides: Partial<CountryRecord> = {}): CountryRecord => ({
  iso3, iso2: iso3.slice(0, 2), isoNumeric: "999", name: `Country ${iso3}`, cow: 999, gw: 999, ewpName: `EWP ${iso3}`,
  gedName: null, region: "Asia", validFrom: null, validTo: null, historical: false, ...overrides,
});

for (const engine of availableEngines()) {
  describe(`store contract on ${engine}`, () => {
    let store: Store;
    before(async () => {
      store = await openTestStore(engine);
    });
    after(async () => {
      await store?.close();
    });

    test("migrations create every table", async () => {
      const result = await store.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
      const names = (result as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
      for (const t of ["countries", "dataset_versions", "ewp_country_years", "mass_killing_episodes", "store_meta"]) assert.ok(names.includes(t), `${t} missing from ${names}`);
    });

    test("CountryRepository.upsertCountries() inserts, then updates in place", async () => {
      const repo = new CountryRepository(store.db);
      await repo.upsertCountries([country("AAA"), country("BBB")]);
      await repo.upsertCountries([country("AAA", { name: "Renamed" })]);
      assert.equal((await repo.get("AAA"))?.name, "Renamed");
      assert.equal((await repo.list()).filter((c) => c.iso3 === "AAA" || c.iso3 === "BBB").length, 2);
    });

    test("DatasetRepository.record() keeps one version per dataset and sha256", async () => {
      const repo = new DatasetRepository(store.db);
      const a = await repo.record({ dataset: "d", source: "s", fileName: "f.csv", sha256: "aa", rowCounts: { rows: 1 } });
      const b = await repo.record({ dataset: "d", source: "s", fileName: "f.csv", sha256: "aa", rowCounts: { rows: 2 } });
      const c = await repo.record({ dataset: "d", source: "s", fileName: "g.csv", sha256: "bb", rowCounts: { rows: 3 } });
      assert.equal(a.id, b.id);
      assert.notEqual(a.id, c.id);
      assert.deepEqual((await repo.findBySha("d", "aa"))?.rowCounts, { rows: 2 });
      assert.equal((await repo.current("d"))?.sha256, "bb");
    });

    test("country-years round-trip their values, NA as null", async () => {
      const versions = new DatasetRepository(store.db);
      const repo = new CountryRepository(store.db);
      const v = await versions.record({ dataset: "ewp-test", source: "s", fileName: "f", sha256: "cc", rowCounts: {} });
      await repo.replaceCountryYears([
        { countryIso3: "AAA", year: 2001, ewpName: "EWP AAA", ccode: 999, mkOnset: 0, values: { x: 1.5, y: null }, datasetVersionId: v.id },
        { countryIso3: "AAA", year: 2000, ewpName: "EWP AAA", ccode: 999, mkOnset: 1, values: { x: -2, y: 3 }, datasetVersionId: v.id },
      ]);
      const years = await repo.countryYears("AAA");
      assert.deepEqual(years.map((y) => y.year), [2000, 2001]);
      assert.deepEqual(years[1].values, { x: 1.5, y: null });
      assert.deepEqual((await repo.coverage()).get("AAA"), { iso3: "AAA", firstYear: 2000, lastYear: 2001, years: 2 });
    });

    test("Store.transaction() stores nothing when the work throws", async () => {
      const before = (await new CountryRepository(store.db).list()).length;
      await assert.rejects(
        store.transaction(async (tx) => {
          await new CountryRepository(tx).upsertCountries([country("ZZZ")]);
          await new DatasetRepository(tx).record({ dataset: "rollback", source: "s", fileName: "f", sha256: "dd", rowCounts: {} });
          throw new Error("boom");
        }),
        /boom/,
      );
      assert.equal((await new CountryRepository(store.db).list()).length, before);
      assert.equal(await new DatasetRepository(store.db).current("rollback"), undefined);
    });

    test("foreign keys reject a country-year for an unknown country", async () => {
      const v = await new DatasetRepository(store.db).record({ dataset: "fk", source: "s", fileName: "f", sha256: "ee", rowCounts: {} });
      await assert.rejects(
        store.transaction((tx) =>
          new CountryRepository(tx).replaceCountryYears([{ countryIso3: "QQQ", year: 1, ewpName: "x", ccode: 1, mkOnset: null, values: {}, datasetVersionId: v.id }]),
        ),
      );
      assert.equal((await new CountryRepository(store.db).countryYears("AAA")).length, 2, "rolled-back replace kept the old rows");
    });
  });
}
