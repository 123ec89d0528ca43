import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { GDELT_COLUMNS, parseGdelt } from "./gdelt.parser.ts";
import { EventParseError } from "./event-parse.ts";
import type { Event } from "../../domain/events/event.ts";

const fx = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function collect(it: AsyncIterable<Event>): Promise<Event[]> {
  const out: Event[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test("GDELT 2.0 has 61 columns with the geography where the codebook puts it", () => {
  assert.equal(GDELT_COLUMNS.length, 61);
  assert.equal(GDELT_COLUMNS[26], "EventCode");
  assert.equal(GDELT_COLUMNS[51], "ActionGeo_Type");
  assert.equal(GDELT_COLUMNS[53], "ActionGeo_CountryCode");
  assert.equal(GDELT_COLUMNS[60], "SOURCEURL");
});

test("GDELT export: CAMEO codes map to violence types; FIPS country goes to the resolver", async () => {
  const fips: string[] = [];
  const events = await collect(
    parseGdelt(fx("gdelt-events.export.tsv"), {
      resolveCountry: (_name, _gw, hint) => {
        fips.push(hint?.fips ?? "");
        return hint?.fips === "BM" ? "MMR" : undefined;
      },
    }),
  );
  assert.equal(events.length, 3);
  const [killing, fight, talk] = events;
  assert.deepEqual(fips, ["BM", "BM", "BM"]);
  assert.deepEqual(
    [killing.sourceId, killing.dateStart, killing.violenceType, killing.civilianTargeting, killing.identityTargeting],
    ["1100000001", "2024-03-02", "one-sided", true, true],
  );
  assert.deepEqual([killing.countryIso3, killing.countryName, killing.admin1, killing.admin2], ["MMR", "Burma", "Rakhine", "12345"]);
  assert.deepEqual([killing.lat, killing.lon, killing.locationPrecision, killing.fatalitiesBest], [20.5, 92.5, 2, null]);
  assert.equal(killing.eventType, "CAMEO 1823");
  assert.equal(killing.sourceText, "https://example.org/fictional-story-1");
  assert.deepEqual([fight.violenceType, fight.admin1, fight.locationPrecision], ["state-based", "Kachin", 4]);
  assert.deepEqual([talk.violenceType, talk.admin1, talk.locationPrecision], ["other", null, 6]);
});

test("truncated GDELT file throws naming the first missing column", async () => {
  await assert.rejects(collect(parseGdelt(fx("gdelt-truncated.export.tsv"))), (e: unknown) => {
    assert.ok(e instanceof EventParseError);
    assert.equal(e.line, 2);
    assert.equal(e.field, "Actor1Geo_Lat");
    assert.match(e.message, /gdelt-truncated\.export\.tsv:2: .*expected 61 tab-separated columns/);
    return true;
  });
});

test("wrong-type field: a bad date or coordinate names the column; skip mode reports it", async () => {
  const lines = readFileSync(fx("gdelt-events.export.tsv"), "utf8").trim().split("\n");
  const cols = lines[1].split("\t");
  cols[1] = "2024-3-3x";
  cols[56] = "north";
  const bad = cols.join("\t");
  await assert.rejects(
    collect(parseGdelt(Readable.from([`${lines[0]}\n${bad}\n`]), { fileName: "g.tsv" })),
    (e: unknown) => e instanceof EventParseError && e.line === 2 && e.field === "Day",
  );
  cols[1] = "20240303";
  const rejected: EventParseError[] = [];
  const ok = await collect(
    parseGdelt(Readable.from([`${cols.join("\t")}\n${lines[2]}\n`]), { onInvalid: "skip", onReject: (e) => rejected.push(e) }),
  );
  assert.equal(ok.length, 1);
  assert.deepEqual(rejected.map((e) => [e.line, e.field]), [[1, "ActionGeo_Lat"]]);
});
