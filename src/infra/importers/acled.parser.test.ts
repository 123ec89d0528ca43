import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseAcled } from "./acled.parser.ts";
import { EventParseError } from "./event-parse.ts";
import type { Event } from "../../domain/events/event.ts";

const fixture = fileURLToPath(new URL("./fixtures/acled-export.csv", import.meta.url));

async function collect(it: AsyncIterable<Event>): Promise<Event[]> {
  const out: Event[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test("ACLED export layout: violence type, civilian and identity targeting, precision, deaths", async () => {
  const hints: unknown[] = [];
  const events = await collect(
    parseAcled(fixture, {
      resolveCountry: (name, gw, hint) => {
        hints.push([name, gw, hint]);
        return hint?.isoNumeric === 104 ? "MMR" : undefined;
      },
    }),
  );
  assert.equal(events.length, 4);
  const [battle, vac, protest, strike] = events;
  assert.deepEqual([battle.source, battle.sourceId, battle.violenceType, battle.civilianTargeting], ["acled", "TST1001", "state-based", false]);
  assert.deepEqual([battle.fatalitiesBest, battle.fatalitiesLow, battle.civilianDeaths], [3, null, null]);
  assert.equal(battle.countryIso3, "MMR");
  assert.deepEqual(hints[0], ["Myanmar", null, { isoNumeric: 104 }]);
  assert.equal(battle.eventType, "Battles: Armed clash");
  assert.deepEqual([battle.admin1, battle.admin2, battle.locationPrecision], ["North state", "Fictown district", 1]);

  assert.deepEqual([vac.violenceType, vac.civilianTargeting, vac.identityTargeting], ["one-sided", true, true]);
  assert.deepEqual([vac.datePrecision, vac.locationPrecision, vac.civilianDeaths], [3, 2, 6]);
  assert.equal(vac.sourceText, 'Fictional attack on villagers, "several" killed.');

  assert.deepEqual([protest.violenceType, protest.dateStart, protest.locationPrecision], ["other", "2024-03-10", 4]);
  assert.equal(protest.admin2, null);

  assert.deepEqual([strike.violenceType, strike.civilianTargeting, strike.identityTargeting, strike.civilianDeaths], ["one-sided", true, false, 9]);
});

test("older export without civilian_targeting: Violence against civilians implies it; iso3 is passed as a hint", async () => {
  const text = [
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3",
    '1,104,TST9,9,12-March-2019,2019,1,Violence against civilians,Test Militia,,3,Civilians (Testland),,7,37,Southeast Asia,Myanmar,North state,,,Fictown,20.5,92.5,1,Invented,National,"Fictional, invented.",2,1552000000,MMR',
  ].join("\n");
  let hint: unknown;
  const [e] = await collect(parseAcled(Readable.from([text]), { resolveCountry: (_n, _g, h) => ((hint = h), undefined) }));
  assert.deepEqual([e.violenceType, e.civilianTargeting, e.dateStart, e.countryIso3], ["one-sided", true, "2019-03-12", null]);
  assert.deepEqual(hint, { isoNumeric: 104, iso3: "MMR" });
});

test("battles between non-state groups are non-state; numeric inter codes are understood", async () => {
  const lines = readFileSync(fixture, "utf8").split("\n");
  const row = lines[1].replace('"State forces","Test Liberation Army"', '"2","Test Liberation Army"').replace('"Rebel group","State forces-Rebel group"', '"4","Rebel group-Identity militia"');
  const [e] = await collect(parseAcled(Readable.from([`${lines[0]}\n${row}\n`])));
  assert.equal(e.violenceType, "non-state");
});

test("missing column, wrong type and truncated line name file, line and field", async () => {
  const lines = readFileSync(fixture, "utf8").split("\n");
  await assert.rejects(
    collect(parseAcled(Readable.from([lines[0].replace("fatalities", "deaths") + "\n"]), { fileName: "a.csv" })),
    (e: unknown) => e instanceof EventParseError && e.line === 1 && e.field === "fatalities",
  );
  const bad = lines[1].replace(',3,,1710000000', ',three,,1710000000');
  await assert.rejects(
    collect(parseAcled(Readable.from([`${lines[0]}\n${lines[2]}\n${bad}\n`]), { fileName: "a.csv" })),
    (e: unknown) => e instanceof EventParseError && e.line === 3 && e.field === "fatalities" && /^a\.csv:3:/.test(e.message),
  );
  const cut = lines[1].slice(0, lines[1].indexOf(',"Southeast Asia"'));
  await assert.rejects(
    collect(parseAcled(Readable.from([`${lines[0]}\n${lines[2]}\n${cut}`]), { fileName: "a.csv" })),
    (e: unknown) => e instanceof EventParseError && e.line === 3 && e.field === "region",
  );
  await assert.rejects(
    collect(parseAcled(Readable.from([`${lines[0]}\n${lines[1].slice(0, lines[1].indexOf("Fictional clash") + 9)}`]), { fileName: "a.csv" })),
    (e: unknown) => e instanceof EventParseError && e.line === 2 && /unterminated/.test(e.message),
  );
});
