import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { zipSync } from "fflate";
import { countryRegistry } from "../../domain/country/registry.ts";
import { registryCountryResolver } from "../importers/event-country.ts";
import { FeedAuthError, FeedFetchError, FeedSchemaError } from "./feed-errors.ts";
import { ucdpApiConnector, ucdpCsvConnector } from "./ucdp.feed.ts";
import { json, startReplayServer, type ReplayServer } from "./fixtures/replay-server.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const resolveCountry = registryCountryResolver(countryRegistry());
const now = new Date("2026-12-07T12:00:00Z");

describe("UCDP GED connectors against a local UCDP API", () => {
  let server: ReplayServer;
  let page: (n: string) => unknown;
  before(async () => {
    server = await startReplayServer();
    page = (n) => JSON.parse(fixture(`ucdp-ged-page${n}.json`).replaceAll("{BASE}", server.base));
    server.on("GET /gedevents/25.0.11", (q, res) => {
      if (q.headers["x-ucdp-access-token"] !== "tok-1") return json(res, { error: "bad token" }, 401);
      const p = new URL(q.url, server.base).searchParams.get("page");
      json(res, page(p ?? "0"));
    });
  });
  after(() => server.close());
  const api = (cursor: Record<string, unknown> | null = null, token = "tok-1") =>
    ucdpApiConnector.pull({ config: ucdpApiConnector.parseConfig({ baseUrl: server.base, version: "25.0.11", pageSize: 2, country: "775" }), credentials: { token }, cursor, http: { fetch, sleep: async () => {} }, resolveCountry, now });

  test("API: the token header is sent, pages are followed through NextPageUrl, the cursor keeps the newest day", async () => {
    server.requests.length = 0;
    const r = await api();
    assert.equal(r.output.kind, "events");
    if (r.output.kind !== "events") return;
    assert.deepEqual(r.output.events.map((e) => e.sourceId), ["910001", "910002", "910003"]);
    assert.equal(r.output.events[0].countryIso3, "MMR");
    assert.equal(r.output.events[2].dateStart, "2026-11-03");
    assert.deepEqual(r.cursor, { version: "25.0.11", since: "2026-11-03" });
    assert.equal(server.requests.length, 2);
    assert.match(server.requests[0].url, /pagesize=2&page=0&Country=775$/);
    assert.match(server.requests[1].url, /page=1$/);
  });

  test("API: incremental — the next pull asks from the cursor's day", async () => {
    server.requests.length = 0;
    await api({ version: "25.0.11", since: "2026-11-03" });
    assert.match(server.requests[0].url, /StartDate=2026-11-03/);
    // A new version in the configuration starts over (no StartDate from the old version's cursor).
    server.requests.length = 0;
    await api({ version: "25.0.10", since: "2026-11-03" });
    assert.doesNotMatch(server.requests[0].url, /StartDate/);
  });

  test("API: a refused token is an auth error (the feed pauses)", async () => {
    await assert.rejects(api(null, "wrong"), (e: Error) => e instanceof FeedAuthError && /refused the access token \(HTTP 401\)/.test(e.message));
  });

  test("API: a missing field is a changed schema; so is an answer without Result", async () => {
    const broken = page("0") as { Result: Record<string, unknown>[]; NextPageUrl: string };
    delete broken.Result[1].best;
    broken.NextPageUrl = "";
    server.on("GET /gedevents/25.0.12", (_q, res) => json(res, broken));
    const pull = (v: string) => ucdpApiConnector.pull({ config: ucdpApiConnector.parseConfig({ baseUrl: server.base, version: v }), credentials: { token: "t" }, cursor: null, http: { fetch }, resolveCountry, now });
    await assert.rejects(pull("25.0.12"), (e: Error) => e instanceof FeedSchemaError && /Result\[1\] has no field "best"/.test(e.message));
    server.on("GET /gedevents/25.0.13", (_q, res) => json(res, { data: [] }));
    await assert.rejects(pull("25.0.13"), (e: Error) => e instanceof FeedSchemaError && /no Result array/.test(e.message));
  });

  test("CSV release: a zip is unzipped and saved for the file importer; the same bytes again are nothing new; a corrupt zip is transient", async () => {
    const csv = readFileSync(new URL("../importers/fixtures/ged-49.csv", import.meta.url));
    const zip = zipSync({ "GEDEvent_v25_1.csv": csv });
    server.on("GET /ged251-csv.zip", (_q, res) => void res.writeHead(200).end(zip));
    const pull = (cursor: Record<string, unknown> | null) => ucdpCsvConnector.pull({ config: { url: `${server.base}/ged251-csv.zip` }, credentials: null, cursor, http: { fetch }, resolveCountry, now });
    const r = await pull(null);
    assert.equal(r.output.kind, "event-file");
    if (r.output.kind !== "event-file") return;
    assert.deepEqual(readFileSync(r.output.path), csv);
    assert.equal((await pull(r.cursor)).output.kind, "none");
    server.on("GET /ged251-csv.zip", (_q, res) => void res.writeHead(200).end(zip.slice(0, 60)));
    await assert.rejects(pull(null), (e: Error) => e instanceof FeedFetchError && /truncated or corrupt/.test(e.message));
  });
});
