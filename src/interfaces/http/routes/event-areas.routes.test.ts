/**
 * `GET /api/countries/:iso3/events/areas` end to end (in-process `inject`) on the mirror's UCDP GED
 * Myanmar file, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: the per-admin1 counts, deaths
 * and mean locations against the same figures computed here from the raw rows.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../../../app.ts";
import { loadConfig } from "../../../config.ts";
import { importEvents } from "../../../services/event-import.service.ts";
import { resolveMirror } from "../../../infra/importers/mirror.ts";
import { events } from "../../../infra/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../../../infra/store/testing.ts";

const mirror = resolveMirror();
const gedPath = mirror && join(mirror, "ucdp-ged/ged_myanmar_1989_2023.csv");
const skip = !gedPath || !existsSync(gedPath) ? "no data mirror with ucdp-ged" : false;

interface Area { admin1: string; events: number; fatalities: number; civilianDeaths: number; lat: number | null; lon: number | null }

for (const engine of availableEngines()) {
  describe(`event areas route (${engine})`, { skip }, () => {
    let tocsin: Tocsin;
    let app: FastifyInstance;
    let dir: string;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), "tocsin-event-areas-"));
      tocsin = await createTocsin({ ...loadConfig({}), webDir: join(dir, "no-web") }, { store: await openTestStore(engine) });
      await importEvents(tocsin.store, tocsin.registry, { source: "ged", path: gedPath! });
      app = await createServer(tocsin, { logLevel: false });
    });
    after(async () => {
      await app?.close();
      await tocsin?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("per admin1: counts, deaths and mean location match the raw rows; most events first", async () => {
      const res = await app.inject("/api/countries/mmr/events/areas?from=2017-01-01&to=2017-12-31");
      assert.equal(res.statusCode, 200, res.body);
      const { country, areas } = res.json() as { country: string; areas: Area[] };
      assert.equal(country, "MMR");
      const rows = (await tocsin.store.db.select().from(events).where(eq(events.countryIso3, "MMR"))).filter((r) => r.admin1 && r.dateStart >= "2017-01-01" && r.dateStart <= "2017-12-31");
      assert.ok(rows.length > 50, `only ${rows.length} events in 2017`);
      const expected = new Map<string, { n: number; deaths: number; civilians: number; lat: number[]; lon: number[] }>();
      for (const r of rows) {
        const a = expected.get(r.admin1!) ?? { n: 0, deaths: 0, civilians: 0, lat: [], lon: [] };
        a.n += 1;
        a.deaths += r.fatalitiesBest ?? 0;
        a.civilians += r.civilianDeaths ?? (r.violenceType === "one-sided" || r.civilianTargeting ? r.fatalitiesBest ?? 0 : 0);
        if (r.lat !== null && r.lon !== null) { a.lat.push(r.lat); a.lon.push(r.lon); }
        expected.set(r.admin1!, a);
      }
      assert.deepEqual(areas.map((a) => a.admin1).sort(), [...expected.keys()].sort());
      for (const a of areas) {
        const e = expected.get(a.admin1)!;
        assert.equal(a.events, e.n, a.admin1);
        assert.equal(a.fatalities, e.deaths, a.admin1);
        assert.equal(a.civilianDeaths, e.civilians, a.admin1);
        const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
        assert.ok(Math.abs(a.lat! - mean(e.lat)) < 1e-9 && Math.abs(a.lon! - mean(e.lon)) < 1e-9, a.admin1);
      }
      for (let i = 1; i < areas.length; i++) assert.ok(areas[i - 1].events >= areas[i].events);
      assert.match(areas[0].admin1, /Rakhine/);
    });

    test("unknown country 404, bad dates 400", async () => {
      assert.equal((await app.inject("/api/countries/XXX/events/areas")).statusCode, 404);
      assert.equal((await app.inject("/api/countries/MMR/events/areas?from=2017-13-01")).statusCode, 400);
      assert.equal((await app.inject("/api/countries/MMR/events/areas?from=2018-01-01&to=2017-01-01")).statusCode, 400);
    });
  });
}
