import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { countryRegistry } from "../../domain/country/registry.ts";
import { registryCountryResolver } from "../importers/event-country.ts";
import { acledConnector } from "./acled.feed.ts";
import { FeedAuthError, FeedSchemaError } from "./feed-errors.ts";
import { json, startReplayServer, type ReplayServer } from "./fixtures/replay-server.ts";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
const resolveCountry = registryCountryResolver(countryRegistry());
const now = new Date("2026-12-07T12:00:00Z");

/** A fake ACLED: OAuth password and refresh grants, and the read endpoint paged by `page`. */
describe("ACLED connector against a local ACLED API", () => {
  let server: ReplayServer;
  let valid: Set<string>;
  let refreshOk: boolean;
  let issued = 0;
  const grants: string[] = [];
  before(async () => {
    server = await startReplayServer();
    server.on("POST /oauth/token", (q, res) => {
      const form = new URLSearchParams(q.body);
      grants.push(form.get("grant_type")!);
      assert.equal(form.get("client_id"), "acled");
      const ok = form.get("grant_type") === "password" ? form.get("username") === "me@example.org" && form.get("password") === "pw" : refreshOk && form.get("refresh_token") === "refresh-1";
      if (!ok) return json(res, { error: "invalid_grant" }, 400);
      const token = `access-${++issued}`;
      valid.add(token);
      json(res, { token_type: "Bearer", expires_in: 86400, access_token: token, refresh_token: "refresh-1" });
    });
    server.on("GET /api/acled/read", (q, res) => {
      const token = (q.headers.authorization ?? "").replace(/^Bearer /, "");
      if (!valid.has(token)) return json(res, { message: "expired" }, 401);
      const p = new URL(q.url, server.base).searchParams.get("page");
      json(res, p === "1" ? fixture("acled-page1.json") : p === "2" ? fixture("acled-page2.json") : { status: 200, success: true, count: 0, data: [] });
    });
  });
  after(() => server.close());
  const pull = (credentials: Record<string, string>, cursor: Record<string, unknown> | null = null) =>
    acledConnector.pull({ config: acledConnector.parseConfig({ baseUrl: server.base, limit: 2, country: "Myanmar" }), credentials, cursor, http: { fetch }, resolveCountry, now });

  test("first pull: password grant, pages until a short page, tokens handed back for storage", async () => {
    valid = new Set();
    refreshOk = true;
    grants.length = 0;
    server.requests.length = 0;
    const r = await pull({ username: "me@example.org", password: "pw" });
    assert.deepEqual(grants, ["password"]);
    assert.equal(r.output.kind, "events");
    if (r.output.kind !== "events") return;
    assert.equal(r.output.events.length, 4);
    assert.ok(r.output.events.every((e) => e.countryIso3 === "MMR"));
    assert.deepEqual(r.cursor, { since: "2026-12-04" });
    assert.equal(r.credentials?.accessToken, "access-1");
    assert.equal(r.credentials?.refreshToken, "refresh-1");
    assert.equal(r.credentials?.accessExpiresAt, "2026-12-08T12:00:00.000Z");
    const reads = server.requests.filter((q) => q.url.startsWith("/api/acled/read"));
    assert.equal(reads.length, 3);
    assert.match(reads[0].url, /event_date=2026-11-07%7C2026-12-07&event_date_where=BETWEEN&limit=2&page=1&country=Myanmar/);
  });

  test("an expired access token is refreshed with the refresh token, without a person", async () => {
    valid = new Set();
    refreshOk = true;
    grants.length = 0;
    const r = await pull({ username: "me@example.org", password: "pw", accessToken: "old", accessExpiresAt: "2026-12-07T11:00:00Z", refreshToken: "refresh-1", refreshExpiresAt: "2026-12-15T00:00:00Z" }, { since: "2026-12-01" });
    assert.deepEqual(grants, ["refresh_token"]);
    assert.equal(r.output.kind, "events");
    assert.match(r.credentials!.accessToken, /^access-\d+$/);
  });

  test("a token revoked early (401 on read) is renewed once and the read repeated", async () => {
    valid = new Set();
    refreshOk = true;
    grants.length = 0;
    const r = await pull({ username: "me@example.org", password: "pw", accessToken: "revoked", accessExpiresAt: "2026-12-08T00:00:00Z", refreshToken: "refresh-1", refreshExpiresAt: "2026-12-15T00:00:00Z" });
    assert.deepEqual(grants, ["refresh_token"]);
    assert.equal(r.output.kind, "events");
  });

  test("an expired refresh token falls back to the password grant; refused credentials are an auth error", async () => {
    valid = new Set();
    refreshOk = false;
    grants.length = 0;
    const r = await pull({ username: "me@example.org", password: "pw", accessToken: "old", accessExpiresAt: "2026-12-01T00:00:00Z", refreshToken: "refresh-1", refreshExpiresAt: "2026-12-15T00:00:00Z" });
    assert.deepEqual(grants, ["refresh_token", "password"]);
    assert.equal(r.output.kind, "events");
    await assert.rejects(pull({ username: "me@example.org", password: "wrong" }), (e: Error) => e instanceof FeedAuthError && /refused the username and password/.test(e.message));
  });

  test("rows without a required field are a changed schema", async () => {
    valid = new Set();
    refreshOk = true;
    const page = fixture("acled-page1.json");
    delete page.data[0].fatalities;
    server.on("GET /api/acled/read", (q, res) => json(res, q.url.includes("page=1") ? page : { data: [] }));
    await assert.rejects(pull({ username: "me@example.org", password: "pw" }), (e: Error) => e instanceof FeedSchemaError && /data\[0\] has no field "fatalities"/.test(e.message));
  });
});
