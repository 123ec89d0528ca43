/**
 * Situation briefs on a real store (every engine): EWP data from the mirror, a forecast and a short
 * backtest, Myanmar's UCDP events, an alert row; the brief gathered from them, served as HTML and
 * PDF by `GET /api/countries/:iso3/brief`, and the PDF's extracted text checked for the country's
 * name, level and top drivers.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { extractText, getDocumentProxy } from "unpdf";
import { createServer, createTocsin, type Tocsin } from "../app.ts";
import { loadConfig } from "../config.ts";
import { EWP_IMPORT_FILES } from "../infra/importers/ewp-source.ts";
import { resolveMirror } from "../infra/importers/mirror.ts";
import { chromiumPath } from "../infra/pdf/chromium-pdf.ts";
import { alerts } from "../infra/store/schema/mod.ts";
import { availableEngines, openTestStore } from "../infra/store/testing.ts";
import { LEVEL_LABELS } from "../domain/alerts/level.ts";
import { briefFingerprint, gatherBrief } from "./brief.service.ts";
import { importEvents } from "./event-import.service.ts";
import { importEwp } from "./ewp-import.service.ts";
import { runBacktest, runForecast } from "./forecast.service.ts";
import { storeSpeechBatch } from "./speech.service.ts";

const mirror = resolveMirror();
const predictors = mirror && join(mirror, EWP_IMPORT_FILES.predictors);
const ged = mirror && join(mirror, "ucdp-ged/ged_myanmar_1989_2023.csv");
const skip = !predictors || !existsSync(predictors) || !existsSync(ged!) ? "no data mirror" : false;
const noChromium = existsSync(chromiumPath()) ? false : `no Chromium at ${chromiumPath()}`;

for (const engine of availableEngines()) {
  describe(`situation briefs on ${engine}`, { skip }, () => {
    let tocsin: Tocsin;
    let app: FastifyInstance;
    before(async () => {
      tocsin = await createTocsin({ ...loadConfig({}), webDir: "/nonexistent" }, { store: await openTestStore(engine) });
      app = await createServer(tocsin, { logLevel: false });
    });
    after(async () => {
      await app?.close();
      await tocsin?.close();
    });

    test("a country without data gets a brief that says so; an unknown one is 404", async () => {
      const brief = await gatherBrief({ store: tocsin.store }, "mmr");
      assert.equal(brief.country.name, "Myanmar");
      assert.equal(brief.alert, null);
      assert.equal(brief.risk, null);
      assert.equal(brief.escalations, null);
      assert.equal(brief.speech, null);
      assert.deepEqual(brief.incidents, []);
      assert.equal(brief.audience, "public");
      const res = await app.inject("/api/countries/QQQ/brief?format=html");
      assert.equal(res.statusCode, 404);
      assert.equal((await app.inject("/api/countries/MMR/brief?format=docx")).statusCode, 400);
      assert.equal((await app.inject("/api/countries/M1R/brief?format=html")).statusCode, 400);
    });

    test("with data, forecasts, events and an alert, the brief holds each of them", async () => {
      await importEwp(tocsin.store, tocsin.registry, { predictors: predictors!, episodes: join(mirror!, EWP_IMPORT_FILES.episodes) });
      await runForecast(tocsin.store, { modelId: "ewp-glmnet", resamples: 2 });
      await runBacktest(tocsin.store, "ewp-glmnet", { firstTrainYear: 2020, lastTrainYear: 2021, now: () => 0 });
      await importEvents(tocsin.store, tocsin.registry, { source: "ged", path: ged! });
      await tocsin.store.db.insert(alerts).values({
        id: randomUUID(), countryIso3: "MMR", level: "emergency", previousLevel: "warning", computedLevel: "emergency", current: true,
        explanation: "Structural risk in the top five and escalations with mass civilian deaths in several regions.",
        signals: [{ kind: "forecast", summary: "Risk rank 2 of 162" }], override: null, reassessOn: "2026-12-01", basis: {}, createdAt: new Date("2026-11-01T00:00:00Z"),
      });

      // Twenty weeks of monitored speech, one item a day for the first 19 weeks (Mondays 2026-05-04 on).
      const items = Array.from({ length: 20 * 7 }, (_, i) => ({
        id: `brief-${i}`, text: i % 7 === 0 ? "they are cockroaches and must be removed" : "market day in the town", source: "radio-x", country: "MM",
        time: new Date(Date.UTC(2026, 4, 4) + i * 86_400_000).toISOString(),
      }));
      await storeSpeechBatch(tocsin.store, tocsin.registry, { items });
      const brief = await gatherBrief({ store: tocsin.store, now: () => new Date("2026-11-23T00:00:00Z") }, "MMR");
      assert.equal(brief.alert?.level, "emergency");
      assert.deepEqual(brief.alert?.signals, ["Risk rank 2 of 162"]);
      assert.equal(brief.risk?.model.id, "ewp-glmnet");
      assert.deepEqual([brief.risk?.current.targetFrom, brief.risk?.current.targetTo], [2025, 2026]);
      assert.ok(brief.risk!.current.ranked > 150);
      assert.deepEqual(brief.risk?.backtest.map((b) => b.targetFrom), [2023, 2024]);
      const abs = brief.risk!.drivers.map((d) => Math.abs(d.contribution));
      assert.deepEqual(abs, [...abs].sort((a, b) => b - a), "drivers largest first");
      // GED for Myanmar ends in 2023: the window is the twelve months to the newest event.
      assert.equal(brief.escalations?.to.slice(0, 4), "2023");
      assert.ok(brief.escalations!.eventsInWindow > 100, `${brief.escalations!.eventsInWindow} events`);
      assert.ok(brief.escalations!.alerts.every((a) => a.periodStart >= brief.escalations!.from));
      assert.deepEqual(brief.escalations?.sources, ["ucdp-ged"]);
      assert.deepEqual(brief.sources.datasets.map((d) => d.dataset), ["ewp-episodes", "ewp-predictors", "ucdp-ged"]);
      assert.equal(brief.speech?.weeks.length, 12, "the last twelve weeks");
      assert.equal(brief.speech?.weeks.at(-1)?.period, "2026-09-14");
      assert.ok(brief.speech!.weeks.every((w) => w.items === 7));
      assert.ok(brief.speech!.weeks.every((w) => w.withHallmark >= 1), "the dehumanising item of each week is flagged");
      // The fingerprint ignores the time of day, not the data.
      const later = await gatherBrief({ store: tocsin.store, now: () => new Date("2026-11-23T09:00:00Z") }, "MMR");
      assert.equal(briefFingerprint(later), briefFingerprint(brief));
    });

    test("an injected response summary makes an organisation brief", async () => {
      const brief = await gatherBrief(
        { store: tocsin.store, responseSummary: async () => ({ options: [{ instrument: "diplomatic", title: "Démarche", status: "planned", owner: null, deadline: null, detail: null }], notes: [], organisationData: true }) },
        "MMR",
      );
      assert.equal(brief.audience, "organisation");
      assert.equal(brief.response?.options.length, 1);
    });

    test("GET /api/countries/MMR/brief serves HTML by Accept or ?format=html", async () => {
      const res = await app.inject({ url: "/api/countries/mmr/brief", headers: { accept: "text/html" } });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers["content-type"] as string, /^text\/html; charset=utf-8/);
      assert.match(res.headers["content-disposition"] as string, /^inline; filename="tocsin-brief-MMR-\d{4}-\d{2}-\d{2}\.html"$/);
      assert.match(res.body, /<h1><span dir="ltr">Myanmar<\/span><\/h1>/);
      assert.ok(res.body.includes(LEVEL_LABELS.emergency));
      // Anonymous: public brief, recommended options for an Emergency, no organisation's actions.
      assert.match(res.body, /Public brief/);
      assert.match(res.body, /<section id="response">.*<td>recommended<\/td>.*Actions taken are kept by each organisation/s);
      const again = await app.inject({ url: "/api/countries/MMR/brief?format=html", headers: { "if-none-match": res.headers.etag as string } });
      assert.equal(again.statusCode, 304);
    });

    test("GET /api/countries/MMR/brief gives a PDF whose text has the name, level and top drivers", { skip: noChromium }, async () => {
      const res = await app.inject("/api/countries/MMR/brief");
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.equal(res.headers["content-type"], "application/pdf");
      assert.match(res.headers["content-disposition"] as string, /^attachment; filename="tocsin-brief-MMR-\d{4}-\d{2}-\d{2}\.pdf"$/);
      const bytes = res.rawPayload;
      assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const { totalPages, text } = await extractText(pdf, { mergePages: true });
      assert.ok(totalPages >= 1 && totalPages <= 2, `${totalPages} pages`);
      const flat = text.replace(/\s+/g, " ");
      assert.ok(flat.includes("Myanmar"), "country name");
      assert.ok(flat.includes("Emergency"), "level");
      const brief = await gatherBrief({ store: tocsin.store }, "MMR");
      for (const d of brief.risk!.drivers.slice(0, 3)) {
        // Table cells may wrap; compare without spaces.
        assert.ok(flat.replace(/ /g, "").includes(d.label.replace(/ /g, "")), `driver ${d.label}`);
      }
      // The second request for unchanged data is served from the cache: byte-identical.
      const second = await app.inject("/api/countries/MMR/brief?format=pdf");
      assert.ok(Buffer.compare(second.rawPayload, bytes) === 0);
    });
  });
}
