/**
 * Open formats end to end on every engine: CAP 1.2 messages and their Atom feed validate against
 * the official CAP 1.2 schema (xmllint, the schema from the data mirror); HXL CSV and GeoJSON
 * exports of events and published reports carry public data only (no protected field, only the
 * blurred place) and are formula-safe; exports are paged through the store.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { resolveMirror } from "../../src/infra/importers/mirror.ts";
import { AlertRepository } from "../../src/infra/store/alert.repository.ts";
import { availableEngines } from "../../src/infra/store/testing.ts";
import { importEvents } from "../../src/services/event-import.service.ts";
import { eventPages } from "../../src/services/open-data.service.ts";
import { EXACT, newKey, openHarness, reportBody, SECRET_STRINGS, type Harness } from "./harness.ts";

const mirror = resolveMirror();
const xsd = mirror && join(mirror, "standards/cap/CAP-v1.2.xsd");
const noXsd = !xsd || !existsSync(xsd) ? "no CAP 1.2 schema in the data mirror (standards/cap/CAP-v1.2.xsd)" : false;
const acled = fileURLToPath(new URL("../../src/infra/importers/fixtures/acled-export.csv", import.meta.url));

/** Validates an XML document against the CAP 1.2 schema; returns xmllint's complaint, or "" when valid. */
function capErrors(xml: string, dir: string): string {
  const file = join(dir, `${randomUUID()}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync("xmllint", ["--noout", "--schema", xsd!, file], { stdio: "pipe" });
    return "";
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

for (const engine of availableEngines()) {
  describe(`open formats on ${engine}`, () => {
    let h: Harness;
    let dir: string;
    let alertId: string;
    before(async () => {
      h = await openHarness(engine);
      dir = mkdtempSync(join(tmpdir(), "tocsin-open-"));
      alertId = randomUUID();
      const repo = new AlertRepository(h.tocsin.store.db);
      const at = new Date("2026-12-01T06:00:00.123Z");
      const base = { previousLevel: "none" as const, computedLevel: "warning" as const, signals: [], override: null, basis: {}, createdAt: at };
      await repo.recordChange({ ...base, id: alertId, countryIso3: "MMR", situation: "", level: "warning", explanation: "Risk <high> & rising: \"escalation\" in Rakhine", reassessOn: "2027-01-15" });
      await repo.recordChange({ ...base, id: randomUUID(), countryIso3: "SDN", situation: "North Darfur", level: "emergency", computedLevel: "emergency", explanation: "Mass killing under way", reassessOn: null });
      await repo.recordChange({ ...base, id: randomUUID(), countryIso3: "FRA", situation: "", level: "none", computedLevel: "none", explanation: "nothing", reassessOn: null });
    });
    after(async () => {
      await h?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test("one alert as CAP 1.2 validates against the official schema", { skip: noXsd }, async () => {
      const res = await h.app.inject({ url: `/api/alerts/${alertId}.cap.xml`, headers: { host: "tocsin.example.org" } });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers["content-type"]), /^application\/cap\+xml/);
      assert.equal(capErrors(res.body, dir), "", res.body);
      assert.match(res.body, /<identifier>tocsin-alert-[0-9a-f-]{36}<\/identifier>/);
      assert.match(res.body, /<sender>tocsin@tocsin\.example\.org<\/sender>/);
      assert.match(res.body, /<sent>2026-12-01T06:00:00\+00:00<\/sent>/);
      assert.match(res.body, /<severity>Severe<\/severity>/);
      assert.match(res.body, /<expires>2027-01-15T00:00:00\+00:00<\/expires>/);
      assert.match(res.body, /Risk &lt;high&gt; &amp; rising/);
      assert.match(res.body, /<geocode><valueName>ISO3166-1-alpha-3<\/valueName><value>MMR<\/value><\/geocode>/);
      // A message the schema must refuse, so the check above can fail.
      assert.notEqual(capErrors(res.body.replace("<status>Actual</status>", "<status>Maybe</status>"), dir), "");
      assert.equal((await h.app.inject(`/api/alerts/${randomUUID()}.cap.xml`)).statusCode, 404);
      assert.equal((await h.app.inject(`/api/alerts/not-a-uuid.cap.xml`)).statusCode, 400);
    });

    test("the Atom feed holds every public alert (Watch and above), each a valid CAP 1.2 message", { skip: noXsd }, async () => {
      const res = await h.app.inject("/api/alerts.cap.xml");
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers["content-type"]), /^application\/atom\+xml/);
      execFileSync("xmllint", ["--noout", "-"], { input: res.body }); // well-formed as a whole
      const messages = res.body.match(/<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">.*?<\/alert>/g) ?? [];
      assert.equal(messages.length, 2, "MMR and SDN; FRA's level is none");
      for (const m of messages) assert.equal(capErrors(`<?xml version="1.0" encoding="UTF-8"?>\n${m}`, dir), "", m);
      assert.match(res.body, /<severity>Extreme<\/severity>.*North Darfur, Sudan/s);
      assert.equal((res.body.match(/<entry>/g) ?? []).length, 2);
    });

    test("a published report leaves only its public face: blurred place, no reporter, no exact point; formula cells defused", async () => {
      const body = reportBody({ description: "=HYPERLINK(\"http://evil.example\",\"click\") burned houses", targetedGroup: "@Rohingya" });
      const id = (await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: body })).json().id;
      const review = (who: "analyst" | "analyst2", payload: object) => h.app.inject({ method: "POST", url: `/api/reports/${id}/review`, headers: h.s.a[who].headers, payload });
      assert.equal((await review("analyst", { to: "under_review" })).statusCode, 200);
      assert.equal((await review("analyst2", { to: "verified", reason: "two witnesses" })).statusCode, 200);
      // A second, unpublished report must not appear.
      await h.app.inject({ method: "POST", url: "/api/reports", headers: { ...h.s.a.monitor.headers, "idempotency-key": newKey() }, payload: reportBody({ description: "UNPUBLISHED-MARKER" }) });
      const before = await h.app.inject("/api/exports/reports/published.csv");
      assert.equal(before.body.split("\n").filter(Boolean).length, 2, "header and hashtag row only before publication");
      assert.equal((await h.app.inject({ method: "POST", url: `/api/reports/${id}/publish`, headers: h.s.a.analyst.headers, payload: { blurMeters: 5000 } })).statusCode, 200);

      const csv = await h.app.inject("/api/exports/reports/published.csv");
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers["content-type"]), /^text\/csv/);
      const lines = csv.body.trimEnd().split("\n");
      assert.equal(lines.length, 3);
      assert.match(lines[1], /^#meta\+id,#date\+occurred,/, "HXL hashtag row under the header");
      assert.ok(lines[2].includes(`"'=HYPERLINK(""http://evil.example"",""click"") burned houses"`), lines[2]);
      assert.ok(lines[2].includes(",'@Rohingya,"), lines[2]);
      const geo = await h.app.inject("/api/exports/reports/published.geojson");
      assert.equal(geo.statusCode, 200);
      const fc = geo.json() as { type: string; features: { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[] };
      assert.equal(fc.type, "FeatureCollection");
      assert.equal(fc.features.length, 1);
      const [lon, lat] = fc.features[0].geometry.coordinates;
      assert.ok(Math.hypot(lat - EXACT.lat, lon - EXACT.lon) > 0.001, "the point is blurred");
      assert.equal(fc.features[0].properties.blur_m, 5000);
      for (const text of [csv.body, geo.body]) {
        for (const s of [...SECRET_STRINGS, "UNPUBLISHED-MARKER", "eyewitness", "village.jpg", "female"]) assert.ok(!text.includes(s), `export holds ${s}`);
      }
      // The columns are the public view's and nothing else.
      assert.deepEqual(Object.keys(fc.features[0].properties).sort(), lines[0].split(",").sort());
    });

    test("events export as HXL CSV and GeoJSON, filtered, paged through the store", async () => {
      await importEvents(h.tocsin.store, h.tocsin.registry, { source: "acled", path: acled });
      const csv = await h.app.inject("/api/exports/events.csv?country=mmr");
      assert.equal(csv.statusCode, 200);
      const rows = csv.body.trimEnd().split("\n");
      assert.match(rows[1], /^#meta\+source,#event\+id,#date\+start/);
      const n = rows.length - 2;
      assert.ok(n >= 3, `${n} events`);
      const geo = (await h.app.inject("/api/exports/events.geojson?country=MMR")).json() as { features: { geometry: { coordinates: number[] } | null; properties: { source_id: string } }[] };
      assert.equal(geo.features.length, n);
      const first = geo.features.find((f) => f.properties.source_id === "TST1001")!;
      assert.deepEqual(first.geometry?.coordinates, [92.5, 20.5]);
      // Paging: pages of 2 give the same events in the same order as one big read.
      const paged: string[] = [];
      for await (const page of eventPages(h.tocsin.store, { country: "MMR" }, 2)) {
        assert.ok(page.length <= 2);
        paged.push(...page.map((e) => e.sourceId));
      }
      assert.deepEqual(paged, geo.features.map((f) => f.properties.source_id));
      assert.equal((await h.app.inject("/api/exports/events.csv?from=2024-02-01&to=2024-01-01")).statusCode, 400);
      assert.equal((await h.app.inject("/api/exports/secrets.csv")).statusCode, 400);
    });
  });
}
