import assert from "node:assert/strict";
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { countryRegistry } from "../../../domain/country/registry.ts";
import type { Event } from "../../../domain/events/event.ts";
import { registryCountryResolver } from "../event-country.ts";
import { EventParseError } from "../event-parse.ts";
import { detectEventSource, eventSource } from "../event-sources.ts";
import { checkColumnMapping, parseColumnMapping, parseMappedCsv } from "./csv-mapped.parser.ts";

const fixture = join(import.meta.dirname, "fixtures", "incident-log.csv");
const MAP =
  "id=Incident No,date=Day,dateEnd=Last Day,country=Country,iso3=ISO,admin1=Province,admin2=District,lat=Latitude,lon=Longitude," +
  "actor1=Perpetrator,actor2=Victims,violenceType=Category,civilianTargeting=Targeted Civilians,fatalities=Killed,notes=Description";

async function collect(it: AsyncIterable<Event>): Promise<Event[]> {
  const out: Event[] = [];
  for await (const e of it) out.push(e);
  return out;
}

async function withFile(text: string, run: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "tocsin-csv-"));
  try {
    const path = join(dir, "f.csv");
    await writeFile(path, text);
    await run(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("parseColumnMapping() reads field=column pairs and JSON, and names the bad field", () => {
  assert.deepEqual(parseColumnMapping("id=a, date = b ,country=c"), { id: "a", date: "b", country: "c" });
  assert.deepEqual(parseColumnMapping('{"id":"x,y","date":"d","country":"c"}'), { id: "x,y", date: "d", country: "c" });
  assert.throws(() => parseColumnMapping("id=a,date=b"), /field country is required/);
  assert.throws(() => parseColumnMapping("id=a,date=b,country=c,deaths=d"), /unknown field "deaths"/);
  assert.throws(() => parseColumnMapping("id=a,date=b,country=c,id=e"), /field id is given twice/);
  assert.throws(() => parseColumnMapping("id=a,date=,country=c"), /field date: the column name is empty/);
  assert.throws(() => parseColumnMapping("id"), /"id" is not field=column/);
  assert.throws(() => checkColumnMapping({ id: "a", date: 3, country: "c" }), /field date/);
});

test("parseMappedCsv() maps each column to its event field", async () => {
  const events = await collect(parseMappedCsv(fixture, { mapping: parseColumnMapping(MAP), resolveCountry: registryCountryResolver(countryRegistry()) }));
  assert.equal(events.length, 3);
  const [a, b, c] = events;
  assert.equal(a.source, "csv");
  assert.equal(a.sourceId, "IL-001");
  assert.equal(a.dateStart, "2024-03-02");
  assert.equal(a.dateEnd, "2024-03-02");
  assert.equal(a.countryIso3, "MMR");
  assert.equal(a.admin1, "North state");
  assert.equal(a.admin2, "Fictown district");
  assert.deepEqual([a.lat, a.lon], [20.5, 92.5]);
  assert.equal(a.violenceType, "one-sided");
  assert.equal(a.civilianTargeting, true);
  assert.equal(a.fatalitiesBest, 4);
  assert.equal(a.sourceText, 'Invented attack on a village, "four" killed');
  assert.equal(a.actor1, "Test Militia");
  assert.equal(b.dateStart, "2024-03-05");
  assert.equal(b.dateEnd, "2024-03-07");
  assert.equal(b.violenceType, "state-based", "UCDP code 1");
  assert.equal(b.civilianTargeting, false);
  assert.equal(b.admin2, null);
  assert.equal(c.countryIso3, null, "an unknown country stays unresolved");
  assert.equal(c.violenceType, "other");
  assert.equal(c.lat, null);
  assert.equal(c.civilianTargeting, false);
});

test("parseMappedCsv() with the minimal mapping leaves unmapped fields at their defaults", async () => {
  const [e] = await collect(parseMappedCsv(fixture, { mapping: { id: "incident no", date: "DAY", country: "Country" } }));
  assert.equal(e.sourceId, "IL-001");
  assert.equal(e.violenceType, "other");
  assert.equal(e.fatalitiesBest, null);
  assert.equal(e.lat, null);
  assert.equal(e.countryIso3, null, "no resolver given");
});

test("parseMappedCsv() names file, line and column of a bad field, and skips it on request", async () => {
  await withFile("id,day,country,killed\nA,2024-01-01,Myanmar,3\nB,2024-13-45,Myanmar,1\nC,2024-01-03,Myanmar,many\n", async (path) => {
    const mapping = parseColumnMapping("id=id,date=day,country=country,fatalities=killed");
    await assert.rejects(collect(parseMappedCsv(path, { mapping })), (e: unknown) => {
      assert.ok(e instanceof EventParseError);
      assert.equal(e.line, 3);
      assert.equal(e.field, "day");
      assert.match(e.message, /f\.csv/);
      return true;
    });
    const rejected: EventParseError[] = [];
    const kept = await collect(parseMappedCsv(path, { mapping, onInvalid: "skip", onReject: (e) => rejected.push(e) }));
    assert.deepEqual(kept.map((e) => e.sourceId), ["A"]);
    assert.deepEqual(rejected.map((e) => [e.line, e.field]), [[3, "day"], [4, "killed"]]);
  });
});

test("parseMappedCsv() refuses a mapped column the header lacks, a truncated record and a bad category even when skipping", async () => {
  await assert.rejects(collect(parseMappedCsv(fixture, { mapping: { id: "Incident No", date: "Day", country: "Nation" } })), /line 1.*Nation|Nation.*missing column/s);
  await withFile("id,day,country,cat\nA,2024-01-01,Myanmar,genocide\nB,2024-01-02\n", async (path) => {
    await assert.rejects(collect(parseMappedCsv(path, { mapping: { id: "id", date: "day", country: "country", violenceType: "cat" } })), /cat.*expected state-based/);
    await assert.rejects(
      collect(parseMappedCsv(path, { mapping: { id: "id", date: "day", country: "country" }, onInvalid: "skip" })),
      /expected 4 columns, found 2/,
    );
  });
  await assert.rejects(collect(parseMappedCsv(fixture, {})), /needs a column mapping/);
});

test("the registry: csv is never detected from a header, and its entry parses with a mapping", async () => {
  assert.throws(() => detectEventSource(fixture), /--source csv/);
  const entry = eventSource("csv");
  assert.equal(entry.needsMapping, true);
  const events = await collect(entry.parse(fixture, { mapping: parseColumnMapping(MAP) }));
  assert.equal(events.length, 3);
});
