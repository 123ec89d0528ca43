import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { countryRegistry } from "../../domain/country/registry.ts";
import { registryCountryResolver } from "../importers/event-country.ts";
import { FeedSchemaError } from "./feed-errors.ts";
import { newsConnector } from "./news.feed.ts";
import { startReplayServer, type ReplayServer } from "./fixtures/replay-server.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const resolveCountry = registryCountryResolver(countryRegistry());
const now = new Date("2026-12-07T12:00:00Z");

describe("news connector (RSS, Atom, JSON Feed) against a local server", () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer();
    server.on("GET /rss", (q, res) => {
      if (q.headers["if-none-match"] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { "content-type": "application/rss+xml", etag: '"v1"' }).end(fixture("news.rss.xml"));
    });
    server.on("GET /atom", (_q, res) => void res.writeHead(200, { "content-type": "application/atom+xml" }).end(fixture("news.atom.xml")));
    server.on("GET /json", (_q, res) => void res.writeHead(200, { "content-type": "application/feed+json" }).end(fixture("news.feed.json")));
    server.on("GET /broken", (_q, res) => void res.writeHead(200).end(fixture("news.broken.json")));
    server.on("GET /html", (_q, res) => void res.writeHead(200, { "content-type": "text/html" }).end("<html><body>moved</body></html>"));
  });
  after(() => server.close());
  const pull = (path: string, extra: Record<string, unknown> = {}, cursor: Record<string, unknown> | null = null) =>
    newsConnector.pull({ config: newsConnector.parseConfig({ url: `${server.base}${path}`, country: "MM", ...extra }), credentials: null, cursor, http: { fetch }, resolveCountry, now });

  test("RSS: items become speech items with text stripped of markup, the feed's language and country; a repeated guid is kept once", async () => {
    const r = await pull("/rss", { language: "en", sourceName: "Fictional Monitor" });
    assert.equal(r.output.kind, "speech");
    if (r.output.kind !== "speech") return;
    assert.equal(r.output.items.length, 2);
    const [a, b] = r.output.items;
    assert.equal(a.text, "Village elders report threats against families\n\nLeaflets told families to leave within a week.");
    assert.equal(a.time, "2026-12-07T09:30:00.000Z");
    assert.deepEqual([a.country, a.language, a.source], ["MM", "en", "Fictional Monitor"]);
    assert.equal(b.text, "Market reopens after curfew\n\nTraders returned on Monday.");
    assert.match(a.clientId, /^feed:[0-9a-f]{40}$/);
    assert.notEqual(a.clientId, b.clientId);
    assert.deepEqual(r.cursor, { etag: '"v1"' });
    // The ids are stable: a second pull gives the same ones (so the store keeps one copy).
    const again = await pull("/rss", { language: "en" });
    assert.deepEqual(again.output.kind === "speech" && again.output.items.map((i) => i.clientId), [a.clientId, b.clientId]);
  });

  test("an unchanged feed answers 304 to the stored ETag: nothing new", async () => {
    const r = await pull("/rss", {}, { etag: '"v1"' });
    assert.equal(r.output.kind, "none");
    assert.equal(server.requests.at(-1)!.headers["if-none-match"], '"v1"');
  });

  test("Atom and JSON Feed", async () => {
    const atom = await pull("/atom");
    assert.equal(atom.output.kind === "speech" && atom.output.items.length, 2);
    if (atom.output.kind === "speech") {
      assert.equal(atom.output.items[0].text, "Public post one\n\nThey are not our neighbours, they are a disease.");
      assert.equal(atom.output.items[1].time, "2026-12-06T08:00:00.000Z");
      assert.equal(atom.output.items[0].language, undefined);
    }
    const json = await pull("/json");
    assert.equal(json.output.kind === "speech" && json.output.items.map((i) => i.text).join(" | "), "Radio host repeats slur\n\nThe host called them cockroaches again. | Aid convoy arrives.");
  });

  test("a page that is no feed, or items without text, are a changed schema", async () => {
    await assert.rejects(pull("/html"), (e: Error) => e instanceof FeedSchemaError && /not an RSS, Atom, RDF or JSON feed/.test(e.message));
    await assert.rejects(pull("/broken"), (e: Error) => e instanceof FeedSchemaError && /item 1 has no title and no text/.test(e.message));
  });

  test("configuration is checked field by field", () => {
    assert.throws(() => newsConnector.parseConfig({ url: "not a url", country: "MM" }), /config\.url/);
    assert.throws(() => newsConnector.parseConfig({ url: "https://x.org/", country: "Myanmar" }), /config\.country/);
    assert.throws(() => newsConnector.parseConfig({ url: "https://x.org/", country: "MM", language: "english!" }), /config\.language/);
  });
});
