import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { detectGedLayout, parseGed } from "./ged.parser.ts";
import type { GedLayout } from "./ged.parser.ts";
import { EventParseError, batches } from "./event-parse.ts";
import type { Event } from "../../domain/events/event.ts";

const fx = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function collect(it: AsyncIterable<Event>): Promise<Event[]> {
  const out: Event[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test("49-column layout (GED 23.1/24.1): detected and mapped field by field", async () => {
  let layout: GedLayout | undefined;
  const seen: Array<[string, number | null]> = [];
  const events = await collect(
    parseGed(fx("ged-49.csv"), {
      onLayout: (l) => (layout = l),
      resolveCountry: (name, gw) => {
        seen.push([name, gw]);
        return gw === 775 ? "MMR" : undefined;
      },
    }),
  );
  assert.equal(layout?.name, "ged-49");
  assert.equal(layout?.columns, 49);
  assert.equal(events.length, 3);
  const [a, b, c] = events;
  assert.equal(a.source, "ged");
  assert.equal(a.sourceId, "900001");
  assert.equal(a.violenceType, "state-based");
  assert.equal(a.civilianTargeting, false);
  assert.equal(a.countryIso3, "MMR");
  assert.equal(a.countryName, "Myanmar (Burma)");
  assert.equal(a.gwCode, 775);
  assert.equal(a.admin1, "North state");
  assert.equal(a.admin2, "Fictown district");
  assert.deepEqual([a.lat, a.lon, a.locationPrecision], [20.5, 92.5, 1]);
  assert.deepEqual([a.fatalitiesBest, a.fatalitiesLow, a.fatalitiesHigh, a.civilianDeaths], [5, 5, 6, 0]);
  assert.equal(a.sourceText, 'Fictional clash near a fictional town | Fictown, "north" quarter');
  // R prints 500000 as 5e+05; the id must survive as the integer.
  assert.equal(b.sourceId, "500000");
  assert.equal(b.violenceType, "one-sided");
  assert.equal(b.civilianTargeting, true);
  assert.deepEqual([b.dateStart, b.dateEnd, b.datePrecision], ["2016-10-10", "2016-10-12", 2]);
  assert.equal(b.admin2, null);
  assert.equal(c.violenceType, "non-state");
  assert.equal(c.admin1, null);
  assert.deepEqual([c.dateStart, c.dateEnd, c.datePrecision, c.locationPrecision], ["2016-01-01", "2016-12-31", 5, 6]);
  assert.deepEqual(seen[0], ["Myanmar (Burma)", 775]);
});

test("legacy 41-column layout (no relid, code_status, *_dset_id, gwnoa/gwnob) gives the same events", async () => {
  let layout: GedLayout | undefined;
  const legacy = await collect(parseGed(fx("ged-legacy-41.csv"), { onLayout: (l) => (layout = l) }));
  const current = await collect(parseGed(fx("ged-49.csv")));
  assert.equal(layout?.name, "ged-legacy");
  assert.equal(layout?.columns, 41);
  assert.equal(layout?.hasGwnoab, false);
  assert.equal(legacy.length, 3);
  // Same content apart from the id that the 49-column fixture writes in R's notation.
  assert.deepEqual(legacy[0], current[0]);
  assert.deepEqual({ ...legacy[1], sourceId: "x" }, { ...current[1], sourceId: "x" });
  assert.equal(legacy[0].countryIso3, null, "no resolver: country stays unresolved");
});

test("layout detection names the missing column", () => {
  assert.throws(
    () => detectGedLayout(["id", "year", "type_of_violence"], "x.csv"),
    (e: unknown) => e instanceof EventParseError && e.line === 1 && e.field === "side_a" && /x\.csv:1/.test(e.message),
  );
  const hdr = readFileSync(fx("ged-49.csv"), "utf8").split("\n")[0].split(",").map((h) => h.replace(/"/g, ""));
  assert.equal(detectGedLayout([...hdr.reverse(), "extra_col"]).name, "ged-49");
  assert.deepEqual(detectGedLayout([...hdr, "extra_col"]).unknownColumns, ["extra_col"]);
});

test("truncated file (cut inside a quoted field) throws naming file, line and field", async () => {
  await assert.rejects(collect(parseGed(fx("ged-truncated.csv"))), (e: unknown) => {
    assert.ok(e instanceof EventParseError);
    assert.equal(e.file, "ged-truncated.csv");
    assert.equal(e.line, 3);
    assert.match(e.message, /ged-truncated\.csv:3: field \S+: unterminated quoted field/);
    return true;
  });
});

test("truncated last line (too few columns) throws naming the first missing field, even in skip mode", async () => {
  const lines = readFileSync(fx("ged-49.csv"), "utf8").split("\n");
  const cut = lines[4].split(",").slice(0, 30).join(",");
  const text = `${lines[0]}\n${lines[1]}\n${cut}\n`;
  const rejects: EventParseError[] = [];
  await assert.rejects(
    collect(parseGed(Readable.from([text]), { fileName: "cut.csv", onInvalid: "skip", onReject: (e) => rejects.push(e) })),
    (e: unknown) => e instanceof EventParseError && e.line === 3 && e.field === "longitude" && /expected 49 columns, found 30/.test(e.message),
  );
  assert.equal(rejects.length, 0);
});

test("wrong-type field throws by default and is rejected with its reason in skip mode", async () => {
  await assert.rejects(
    collect(parseGed(fx("ged-wrong-type.csv"))),
    (e: unknown) => e instanceof EventParseError && e.line === 3 && e.field === "best" && /"four"/.test(e.message),
  );
  const rejects: EventParseError[] = [];
  const ok = await collect(parseGed(fx("ged-wrong-type.csv"), { onInvalid: "skip", onReject: (e) => rejects.push(e) }));
  assert.equal(ok.length, 1);
  assert.equal(rejects.length, 1);
  assert.equal(rejects[0].field, "best");
});

test("invalid dates and out-of-range codes are field errors", async () => {
  const lines = readFileSync(fx("ged-49.csv"), "utf8").split("\n");
  const bad = lines[1].replace('"2016-10-09","2016-10-09"', '"2016-02-30","2016-10-09"');
  await assert.rejects(collect(parseGed(Readable.from([`${lines[0]}\n${bad}\n`]))), /field date_start: expected a date/);
  const badType = lines[1].replace('"Clear",1,', '"Clear",4,');
  await assert.rejects(collect(parseGed(Readable.from([`${lines[0]}\n${badType}\n`]))), /field type_of_violence: expected an integer in \[1, 3\]/);
});

test("events are streamed: the first event arrives before the input ends", async () => {
  const lines = readFileSync(fx("ged-49.csv"), "utf8").split("\n");
  let released = false;
  async function* source() {
    yield `${lines[0]}\n${lines[1]}\n`;
    // csv-parse emits a record once it has seen the start of the next one.
    yield `${lines[2]}\n${lines[3]}\n`;
    await new Promise((r) => setTimeout(r, 20));
    released = true;
    yield `${lines.slice(4).join("\n")}`;
  }
  const it = parseGed(Readable.from(source()))[Symbol.asyncIterator]();
  const first = await it.next();
  assert.equal(first.value?.sourceId, "900001");
  assert.equal(released, false);
  const rest: Event[] = [];
  for (let r = await it.next(); !r.done; r = await it.next()) rest.push(r.value);
  assert.equal(rest.length, 2);
});

test("batches groups a stream into fixed-size arrays", async () => {
  const sizes: number[] = [];
  for await (const b of batches(parseGed(fx("ged-49.csv")), 2)) sizes.push(b.length);
  assert.deepEqual(sizes, [2, 1]);
  await assert.rejects(async () => {
    for await (const _ of batches(parseGed(fx("ged-49.csv")), 0)) void _;
  }, RangeError);
});

test("skipRecords resumes after the given number of data records", async () => {
  const all = await collect(parseGed(fx("ged-49.csv")));
  const rest = await collect(parseGed(fx("ged-49.csv"), { skipRecords: 2 }));
  assert.deepEqual(rest, all.slice(2));
});
