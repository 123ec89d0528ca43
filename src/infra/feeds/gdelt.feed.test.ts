import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { countryRegistry } from "../../domain/country/registry.ts";
import { registryCountryResolver } from "../importers/event-country.ts";
import { FeedFetchError, FeedSchemaError } from "./feed-errors.ts";
import type { FeedHttp } from "./feed-http.ts";
import { gdeltConnector, keepAndMerge, parseLastUpdate } from "./gdelt.feed.ts";
import { gdeltExportText, gdeltUpdate } from "./fixtures/gdelt-synth.ts";
import { startReplayServer, type ReplayServer } from "./fixtures/replay-server.ts";
import { parseEventPayload } from "./feed-events.ts";

const resolveCountry = registryCountryResolver(countryRegistry());
const now = new Date("2026-12-07T20:16:00Z");

describe("gdelt connector against a local GDELT server", () => {
  let server: ReplayServer;
  const sleeps: number[] = [];
  const http = (): FeedHttp => ({ fetch, sleep: async (ms) => void sleeps.push(ms), backoffMs: 10 });
  const pull = (cursor: Record<string, unknown> | null = null) =>
    gdeltConnector.pull({ config: gdeltConnector.parseConfig({ baseUrl: server.base }), credentials: null, cursor, http: http(), resolveCountry, now });
  const text = gdeltExportText({ rows: 400, seed: 7 });
  const serve = (update: { zip: Uint8Array; lastUpdate: string }, body?: Uint8Array) => {
    server.on("GET /lastupdate.txt", (_q, res) => void res.writeHead(200).end(update.lastUpdate));
    server.on("GET /20261207201500.export.CSV.zip", (_q, res) => void res.writeHead(200).end(body ?? update.zip));
  };

  before(async () => {
    server = await startReplayServer();
  });
  after(() => server.close());

  test("a new file: MD5 checked, violent roots kept, duplicates merged; the same file again is nothing new", async () => {
    const update = gdeltUpdate(text, "20261207201500", `${server.base}/20261207201500.export.CSV.zip`);
    serve(update);
    const r = await pull();
    assert.equal(r.output.kind, "events");
    if (r.output.kind !== "events") return;
    const all = await parseEventPayload("gdelt", text, "x", resolveCountry);
    const violent = all.filter((e) => ["18", "19", "20"].includes(e.eventType!.slice(6, 8)));
    assert.ok(violent.length > 50 && violent.length < all.length, `${violent.length} of ${all.length} violent`);
    assert.ok(r.output.events.length < violent.length, "some duplicates merged");
    assert.ok(r.output.events.every((e) => e.violenceType !== "other"));
    // No two kept events share the merge key.
    const keys = new Set(r.output.events.map((e) => [e.dateStart, e.countryIso3, e.admin1, e.lat, e.lon, e.actor1, e.actor2, e.eventType].join("|")));
    assert.equal(keys.size, r.output.events.length);
    assert.ok(r.output.events.some((e) => e.countryIso3 === "MMR"));
    assert.deepEqual(r.cursor, { lastUrl: `${server.base}/20261207201500.export.CSV.zip`, md5: update.md5 });
    const again = await pull(r.cursor);
    assert.equal(again.output.kind, "none");
  });

  test("an MD5 mismatch refuses the file (transient: nothing returned, cursor untouched)", async () => {
    const update = gdeltUpdate(text, "20261207201500", `${server.base}/20261207201500.export.CSV.zip`);
    const tampered = Uint8Array.from(update.zip);
    tampered[tampered.length - 30] ^= 0xff;
    serve(update, tampered);
    await assert.rejects(pull(), (e: Error) => e instanceof FeedFetchError && /MD5 mismatch/.test(e.message));
  });

  test("a truncated zip (listed with its own size and MD5) is refused as corrupt", async () => {
    const update = gdeltUpdate(text, "20261207201500", `${server.base}/20261207201500.export.CSV.zip`);
    const cut = update.zip.slice(0, Math.floor(update.zip.length / 2));
    const listed = gdeltUpdate(text, "20261207201500", `${server.base}/20261207201500.export.CSV.zip`);
    const { createHash } = await import("node:crypto");
    listed.lastUpdate = `${cut.length} ${createHash("md5").update(cut).digest("hex")} ${server.base}/20261207201500.export.CSV.zip\n`;
    serve(listed, cut);
    await assert.rejects(pull(), (e: Error) => e instanceof FeedFetchError && /truncated or corrupt/.test(e.message));
  });

  test("a changed layout (a column dropped) is a schema error naming file, line and field", async () => {
    const changed = text.split("\n").map((l) => l.split("\t").slice(0, 60).join("\t")).join("\n");
    serve(gdeltUpdate(changed, "20261207201500", `${server.base}/20261207201500.export.CSV.zip`));
    await assert.rejects(pull(), (e: Error) => e instanceof FeedSchemaError && /20261207201500\.export\.CSV:1: field SOURCEURL: expected 61/.test(e.message));
  });

  test("500 is retried with backoff, 429 waits its Retry-After", async () => {
    const update = gdeltUpdate(text, "20261207201500", `${server.base}/20261207201500.export.CSV.zip`);
    serve(update);
    let calls = 0;
    server.on("GET /lastupdate.txt", (_q, res) => {
      calls++;
      if (calls === 1) return void res.writeHead(500).end("boom");
      if (calls === 2) return void res.writeHead(429, { "retry-after": "7" }).end();
      res.writeHead(200).end(update.lastUpdate);
    });
    sleeps.length = 0;
    const r = await pull();
    assert.equal(r.output.kind, "events");
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [10, 7000]);
  });

  test("500 on every attempt gives up with a transient error", async () => {
    server.on("GET /lastupdate.txt", (_q, res) => void res.writeHead(503).end());
    await assert.rejects(pull(), (e: Error) => e instanceof FeedFetchError && /failed after 4 attempts \(HTTP 503\)/.test(e.message));
  });

  test("parseLastUpdate and keepAndMerge", () => {
    assert.throws(() => parseLastUpdate("hello world\n"), FeedSchemaError);
    assert.throws(() => parseLastUpdate(`12 ${"a".repeat(32)} http://x/y.gkg.csv.zip\n`), /no \.export\.CSV\.zip/);
    const e = (id: string, code: string) => ({ sourceId: id, eventType: `CAMEO ${code}`, dateStart: "2026-12-07", countryIso3: "MMR", admin1: "Rakhine", lat: 1, lon: 2, actor1: "A", actor2: "B" }) as never;
    const r = keepAndMerge([e("9", "190"), e("3", "190"), e("5", "042"), e("7", "202")], [18, 19, 20]);
    assert.deepEqual(r.events.map((x: { sourceId: string }) => x.sourceId).sort(), ["3", "7"]);
    assert.equal(r.merged, 1);
    assert.equal(r.dropped, 1);
  });
});
