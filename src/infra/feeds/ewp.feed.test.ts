import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { countryRegistry } from "../../domain/country/registry.ts";
import { registryCountryResolver } from "../importers/event-country.ts";
import { ewpConnector } from "./ewp.feed.ts";
import { FeedSchemaError } from "./feed-errors.ts";
import { json, startReplayServer, type ReplayServer } from "./fixtures/replay-server.ts";

const resolveCountry = registryCountryResolver(countryRegistry());
const now = new Date("2027-09-10T04:00:00Z");
const TABLE = "country,year,sftgcode\nTestland,2025,TST\n";

describe("EWP connector against a local GitHub contents API", () => {
  let server: ReplayServer;
  before(async () => {
    server = await startReplayServer();
    server.on("GET /repos/EarlyWarningProject/2026-Statistical-Risk-Assessment/contents/3.Modeling", (_q, res) =>
      json(res, [
        { name: "README.md", download_url: `${server.base}/raw/README.md` },
        { name: "prepared2025predictors-2026-09-01.csv", download_url: `${server.base}/raw/prepared2025predictors-2026-09-01.csv` },
      ]));
    server.on("GET /raw/prepared2025predictors-2026-09-01.csv", (_q, res) => void res.writeHead(200).end(TABLE));
    server.on("GET /repos/EarlyWarningProject/2028-Statistical-Risk-Assessment/contents/3.Modeling", (_q, res) => json(res, [{ name: "notes.txt", download_url: `${server.base}/raw/notes.txt` }]));
  });
  after(() => server.close());
  const pull = (cursor: Record<string, unknown> | null) => ewpConnector.pull({ config: ewpConnector.parseConfig({ apiBase: server.base }), credentials: null, cursor, http: { fetch }, resolveCountry, now });

  test("the next vintage's predictors table is noticed and downloaded; the cursor moves to it", async () => {
    const r = await pull(null);
    assert.equal(r.output.kind, "ewp");
    if (r.output.kind !== "ewp") return;
    assert.equal(r.output.vintage, 2026);
    assert.equal(readFileSync(r.output.predictors, "utf8"), TABLE);
    assert.deepEqual(r.cursor, { vintage: 2026 });
    rmSync(r.output.dir, { recursive: true, force: true });
  });

  test("no repository for the next vintage yet (404): nothing new, cursor kept", async () => {
    const r = await pull({ vintage: 2026 });
    assert.equal(r.output.kind, "none");
    assert.deepEqual(r.cursor, { vintage: 2026 });
    assert.match(server.requests.at(-1)!.url, /2027-Statistical-Risk-Assessment/);
  });

  test("a vintage without a predictors table is a changed layout", async () => {
    await assert.rejects(pull({ vintage: 2027 }), (e: Error) => e instanceof FeedSchemaError && /no prepared\*predictors\*\.csv/.test(e.message));
  });
});
