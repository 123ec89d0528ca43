/**
 * The HTTP API end to end (in-process, `inject`), on a PGlite store holding a slice of the real EWP
 * data: routes, validation, the error body, OpenAPI, security headers, and logs free of personal data.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createServer, createTocsin, type Tocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { importEwp } from "../../services/ewp-import.service.ts";
import { resolveMirror } from "../../infra/importers/mirror.ts";
import { openTestStore } from "../../infra/store/testing.ts";

const mirror = resolveMirror();
const skip = !mirror || !existsSync(join(mirror, "ewp/prepared2024predictors-2025-09-03.csv")) ? "no data mirror" : false;

describe("HTTP API", { skip }, () => {
  let tocsin: Tocsin;
  let app: FastifyInstance;
  let logs = "";
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "tocsin-http-"));
    const lines = readFileSync(join(mirror!, "ewp/prepared2024predictors-2025-09-03.csv"), "utf8").split("\n");
    const table = join(dir, "table.csv");
    writeFileSync(table, [lines[0], ...lines.filter((l) => /^(Burma\/Myanmar|Norway),/.test(l))].join("\n"));
    const config = { ...loadConfig({}), webDir: join(dir, "no-web") };
    tocsin = await createTocsin(config, { store: await openTestStore("pglite") });
    await importEwp(tocsin.store, tocsin.registry, { predictors: table, episodes: join(mirror!, "ewp/mass_killing_events_2025.csv") });
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) => (logs += chunk.toString()));
    app = await createServer(tocsin, { logLevel: "info", logStream: stream });
  });
  after(async () => {
    await app?.close();
    await tocsin?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("GET /api/health reports the store", async () => {
    const res = await app.inject("/api/health");
    assert.equal(res.statusCode, 200);
    assert.deepEqual({ ...(res.json() as object), version: "x" }, { status: "ok", store: "pglite", version: "x", countries: tocsin.registry.all.length, countryYears: 130 });
  });

  test("GET /api/countries lists the registry with EWP coverage", async () => {
    const res = await app.inject("/api/countries");
    const { countries } = res.json() as { countries: { iso3: string; ewpCoverage: { years: number } | null; historical: boolean }[] };
    assert.equal(countries.length, tocsin.registry.all.length);
    assert.equal(countries.find((c) => c.iso3 === "NOR")?.ewpCoverage?.years, 65);
    assert.equal(countries.find((c) => c.iso3 === "FRA")?.ewpCoverage, null);
    const historical = (await app.inject("/api/countries?historical=true")).json() as { countries: { iso3: string }[] };
    assert.ok(historical.countries.some((c) => c.iso3 === "SUN"));
    assert.ok(historical.countries.every((c) => c.iso3 !== "NOR"));
  });

  test("GET /api/countries/MMR has Myanmar's indicators 1960–2024 and its episodes", async () => {
    const res = await app.inject("/api/countries/mmr");
    assert.equal(res.statusCode, 200);
    const body = res.json() as { country: { name: string; isoNumeric: string; cow: number; gedName: string }; indicators: { year: number; values: Record<string, number | null> }[]; episodes: { code: string }[] };
    assert.equal(body.country.isoNumeric, "104");
    assert.equal(body.country.cow, 775);
    assert.equal(body.country.gedName, "Myanmar (Burma)");
    assert.deepEqual([body.indicators[0].year, body.indicators.at(-1)!.year, body.indicators.length], [1960, 2024, 65]);
    assert.ok("battledeaths.log2" in body.indicators[0].values);
    assert.ok(body.episodes.some((e) => e.code === "mmr2016s1"));
  });

  test("GET /api/countries/:iso3 answers 304 to a matching ETag, and a new import changes the ETag", async () => {
    const first = await app.inject("/api/countries/MMR");
    const etag = String(first.headers.etag);
    assert.match(etag, /^"MMR-/);
    assert.equal((await app.inject({ url: "/api/countries/MMR", headers: { "if-none-match": etag } })).statusCode, 304);
    await importEwp(tocsin.store, tocsin.registry, { episodes: join(mirror!, "ewp/mass_killing_events_2025.csv") });
    const again = await app.inject({ url: "/api/countries/MMR", headers: { "if-none-match": etag } });
    assert.equal(again.statusCode, 200);
    assert.notEqual(again.headers.etag, etag);
    assert.deepEqual(again.json(), first.json());
  });

  test("errors share one body shape: unknown country 404, bad code 400, unknown route 404", async () => {
    const missing = await app.inject("/api/countries/QQQ");
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, "not_found");
    const bad = await app.inject("/api/countries/M1R");
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, "invalid_request");
    assert.equal(bad.json().error.details.issues[0].path, "/iso3");
    const query = await app.inject("/api/countries?historical=maybe");
    assert.equal(query.statusCode, 400);
    const route = await app.inject("/api/nothing-here");
    assert.equal(route.statusCode, 404);
    assert.equal(route.json().error.code, "not_found");
  });

  test("GET /api/datasets lists versions with sha256 and row counts", async () => {
    const { datasets } = (await app.inject("/api/datasets")).json() as { datasets: { dataset: string; sha256: string; rowCounts: { rows: number } }[] };
    const table = datasets.find((d) => d.dataset === "ewp-predictors");
    assert.equal(table?.rowCounts.rows, 130);
    assert.match(table!.sha256, /^[0-9a-f]{64}$/);
  });

  test("OpenAPI document lists every route and the docs page is served", async () => {
    const doc = (await app.inject("/api/openapi.json")).json() as { openapi: string; paths: Record<string, unknown> };
    assert.equal(doc.openapi, "3.1.0");
    for (const p of ["/api/health", "/api/countries", "/api/countries/{iso3}", "/api/datasets"]) assert.ok(doc.paths[p], `${p} missing`);
    const docs = await app.inject("/api/docs/");
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  test("security headers are on every response", async () => {
    for (const url of ["/api/health", "/api/nothing", "/api/countries/M1R"]) {
      const res = await app.inject(url);
      assert.match(String(res.headers["content-security-policy"]), /frame-ancestors 'none'/);
      assert.equal(res.headers["x-content-type-options"], "nosniff");
      assert.equal(res.headers["referrer-policy"], "no-referrer");
    }
  });

  test("logs carry no client address, cookies, auth or query strings", async () => {
    await app.inject({ url: "/api/countries?region=Jane%20Witness", headers: { cookie: "session=SECRET-COOKIE", authorization: "Bearer SECRET-TOKEN", "x-forwarded-for": "203.0.113.77" }, remoteAddress: "198.51.100.23" });
    await new Promise((r) => setTimeout(r, 20));
    assert.match(logs, /\/api\/countries/);
    for (const secret of ["Jane", "SECRET-COOKIE", "SECRET-TOKEN", "203.0.113.77", "198.51.100.23"]) assert.ok(!logs.includes(secret), `log leaked ${secret}`);
  });
});
