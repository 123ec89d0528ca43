/**
 * The event routes end to end (in-process `inject`) on a PGlite store holding the mirror's UCDP
 * GED Myanmar file: filters, cursor pagination, the monthly summary against direct SQL counts,
 * escalation alerts (Rakhine 2016) and validation errors.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../../../app.ts";
import { loadConfig } from "../../../config.ts";
import { importEvents } from "../../../services/event-import.service.ts";
import { resolveMirror } from "../../../infra/importers/mirror.ts";
import { EventRepository } from "../../../infra/store/event.repository.ts";
import { openTestStore } from "../../../infra/store/testing.ts";
import { decodeCursor, encodeCursor } from "./events.routes.ts";

const mirror = resolveMirror();
const gedPath = mirror && join(mirror, "ucdp-ged/ged_myanmar_1989_2023.csv");
const skip = !gedPath || !existsSync(gedPath) ? "no data mirror with ucdp-ged" : false;

interface ApiEvent { id: string; dateStart: string; source: string; sourceId: string; countryIso3: string | null; admin1: string | null; violenceType: string; fatalitiesBest: number | null }
interface Page { events: ApiEvent[]; nextCursor: string | null }

test("cursors round-trip and junk is refused", () => {
  const p = { dateStart: "2017-08-25", source: "ged", sourceId: "12345" };
  assert.deepEqual(decodeCursor(encodeCursor(p)), p);
  for (const junk of ["", "abc", Buffer.from("[1,2,3]").toString("base64url"), Buffer.from('["2017-13-01","ged","1"]').toString("base64url")]) {
    assert.equal(decodeCursor(junk), undefined, junk);
  }
});

describe("event routes", { skip }, () => {
  let tocsin: Tocsin;
  let app: FastifyInstance;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tocsin-events-http-"));
    tocsin = await createTocsin({ ...loadConfig({}), webDir: join(dir, "no-web") }, { store: await openTestStore("pglite") });
    await importEvents(tocsin.store, tocsin.registry, { source: "ged", path: gedPath! });
    app = await createServer(tocsin, { logLevel: false });
  });
  after(async () => {
    await app?.close();
    await tocsin?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const get = async <T>(url: string): Promise<T> => {
    const res = await app.inject(url);
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json() as T;
  };

  test("filters combine: country, admin1, date range and violence type", async () => {
    const url = "/api/events?country=mmr&admin1=Rakhine%20state&from=2017-08-01&to=2017-08-31&violenceType=one-sided&limit=500";
    const { events, nextCursor } = await get<Page>(url);
    assert.ok(events.length > 0);
    assert.equal(nextCursor, null);
    for (const e of events) {
      assert.equal(e.countryIso3, "MMR");
      assert.equal(e.admin1, "Rakhine state");
      assert.equal(e.violenceType, "one-sided");
      assert.ok(e.dateStart >= "2017-08-01" && e.dateStart <= "2017-08-31", e.dateStart);
      assert.equal(e.id, `${e.source}:${e.sourceId}`);
    }
    const direct = await new EventRepository(tocsin.store.db).count({ country: "MMR", admin1: "Rakhine state", from: "2017-08-01", to: "2017-08-31", violenceType: "one-sided" });
    assert.equal(events.length, direct);
  });

  test("pagination is stable and complete: every event exactly once, in order", async () => {
    const seen: ApiEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await get<Page>(`/api/events?country=MMR&limit=500${cursor ? `&cursor=${cursor}` : ""}`);
      assert.ok(page.events.length <= 500);
      seen.push(...page.events);
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    assert.equal(seen.length, 7374);
    assert.equal(new Set(seen.map((e) => e.id)).size, 7374);
    assert.equal(pages, Math.ceil(7374 / 500));
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1];
      const b = seen[i];
      assert.ok(a.dateStart < b.dateStart || (a.dateStart === b.dateStart && (a.source < b.source || (a.source === b.source && a.sourceId < b.sourceId))), `order at ${i}`);
    }
    // The same cursor gives the same page.
    const first = await get<Page>("/api/events?country=MMR&limit=7");
    const again = await get<Page>(`/api/events?country=MMR&limit=7&cursor=${first.nextCursor}`);
    const twice = await get<Page>(`/api/events?country=MMR&limit=7&cursor=${first.nextCursor}`);
    assert.deepEqual(again, twice);
    assert.deepEqual(again.events.map((e) => e.id), seen.slice(7, 14).map((e) => e.id));
  });

  test("the monthly summary equals direct counts", async () => {
    const { country, months } = await get<{ country: string; months: { month: string; events: number; fatalities: number; civilianDeaths: number; oneSidedEvents: number }[] }>(
      "/api/countries/MMR/events/summary",
    );
    assert.equal(country, "MMR");
    assert.equal(months[0].month, "1989-01-01");
    assert.equal(months.at(-1)!.month, "2023-12-01");
    assert.equal(months.length, 35 * 12, "every month, gaps filled");
    assert.equal(months.reduce((s, m) => s + m.events, 0), 7374);
    assert.equal(months.reduce((s, m) => s + m.oneSidedEvents, 0), 2330);
    const aug2017 = months.find((m) => m.month === "2017-08-01")!;
    const { rows } = (await tocsin.store.db.execute(sql`
      select count(*)::int as n, sum(fatalities_best)::int as deaths, count(*) filter (where violence_type = 'one-sided')::int as one_sided,
             sum(case when civilian_deaths is not null then civilian_deaths when violence_type = 'one-sided' then fatalities_best else 0 end)::int as civ
      from events where country_iso3 = 'MMR' and date_start between '2017-08-01' and '2017-08-31'`)) as unknown as { rows: { n: number; deaths: number; one_sided: number; civ: number }[] };
    assert.deepEqual([aug2017.events, aug2017.fatalities, aug2017.oneSidedEvents, aug2017.civilianDeaths], [rows[0].n, rows[0].deaths, rows[0].one_sided, rows[0].civ]);
    assert.ok(aug2017.civilianDeaths > 1000, "August 2017: mass killing of Rohingya civilians");
    const window = await get<{ months: { month: string }[] }>("/api/countries/MMR/events/summary?from=2016-10-01&to=2017-03-31");
    assert.deepEqual(window.months.map((m) => m.month), ["2016-10-01", "2016-11-01", "2016-12-01", "2017-01-01", "2017-02-01", "2017-03-01"]);
    const empty = await get<{ months: unknown[] }>("/api/countries/NOR/events/summary");
    assert.deepEqual(empty.months, []);
  });

  test("escalations: tocsin flags Rakhine in 2016 and lists the events behind the alert", async () => {
    const { alerts } = await get<{ alerts: { detector: string; place: { admin1: string | null; countryIso3: string }; periodStart: string; score: number; events: number; eventIds: string[] }[] }>(
      "/api/escalations?country=MMR&level=admin1&period=month&from=2016-01-01&to=2016-12-31",
    );
    const rakhine = alerts.find((a) => a.place.admin1 === "Rakhine state");
    assert.ok(rakhine, `no Rakhine alert in ${JSON.stringify(alerts.map((a) => [a.place.admin1, a.periodStart]))}`);
    assert.equal(rakhine.detector, "tocsin");
    assert.equal(rakhine.place.countryIso3, "MMR");
    assert.ok(rakhine.periodStart >= "2016-01-01" && rakhine.periodStart <= "2016-12-31");
    assert.ok(rakhine.score > 3, "above the alarm level −log10(0.001)");
    assert.equal(rakhine.eventIds.length, rakhine.events);
    const page = await get<Page>(`/api/events?country=MMR&admin1=Rakhine%20state&from=${rakhine.periodStart.slice(0, 8)}01&to=2016-12-31&limit=500`);
    const ids = new Set(page.events.map((e) => e.id));
    assert.ok(rakhine.eventIds.some((id) => ids.has(id)), "the alert's events are stored events");
    for (const a of alerts) assert.ok(a.periodStart >= "2016-01-01" && a.periodStart <= "2016-12-31");
    const surge = await get<{ alerts: { detector: string }[] }>("/api/escalations?country=MMR&detector=acled-surge&level=country&period=month&from=2021-01-01");
    assert.ok(surge.alerts.every((a) => a.detector === "acled-surge"));
  });

  test("invalid input is a 400 with the common error body; an unknown country a 404", async () => {
    for (const url of [
      "/api/events?limit=501",
      "/api/events?limit=0",
      "/api/events?cursor=not-a-cursor",
      "/api/events?from=2017-02-30x",
      "/api/events?from=2018-01-01&to=2017-01-01",
      "/api/events?violenceType=genocide",
      "/api/escalations",
      "/api/escalations?country=MMR&detector=magic",
      "/api/countries/M1R/events/summary",
    ]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json().error.code, "invalid_request", url);
    }
    for (const url of ["/api/countries/QQQ/events/summary", "/api/escalations?country=QQQ"]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, "not_found");
    }
  });

  test("OpenAPI documents the event routes and cites UCDP", async () => {
    const doc = (await app.inject("/api/openapi.json")).json() as { paths: Record<string, { get: { description?: string; tags: string[] } }>; tags: { name: string }[] };
    for (const p of ["/api/events", "/api/countries/{iso3}/events/summary", "/api/escalations"]) {
      assert.ok(doc.paths[p], `${p} missing`);
      assert.deepEqual(doc.paths[p].get.tags, ["events"]);
      assert.match(doc.paths[p].get.description ?? "", /UCDP.*CC BY 4\.0/);
    }
    assert.ok(doc.tags.some((t) => t.name === "events"));
  });
});
