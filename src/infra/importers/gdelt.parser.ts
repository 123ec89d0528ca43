/**
 * Streaming parser for GDELT 2.0 event exports (`*.export.CSV`): tab-separated, no header, no
 * quoting, 61 columns (GlobalEventID, Day, MonthYear, Year, FractionDate, Actor1* ×10, Actor2* ×10,
 * IsRootEvent, EventCode, EventBaseCode, EventRootCode, QuadClass, GoldsteinScale, NumMentions,
 * NumSources, NumArticles, AvgTone, Actor1Geo_* ×8, Actor2Geo_* ×8, ActionGeo_* ×8, DATEADDED,
 * SOURCEURL). GDELT 1.0 files (57/58 columns) are rejected with a clear error.
 *
 * Mapping (CAMEO codebook):
 * - violence: root codes 18 (assault), 19 (fight), 20 (unconventional mass violence) are violent;
 *   everything else is `other`. Civilians are targeted when Actor2's type is civilian-like (CVL,
 *   REF, EDU, HLH, REL, LAB, AGR, MED) or the code is 202 (mass killings) / 203 (ethnic cleansing);
 *   such events are one-sided. Otherwise an event with a GOV/MIL/COP/SPY actor type is
 *   state-based, else non-state.
 * - identity targeting: civilians targeted and Actor2 has an ethnic or religion code, or code 203.
 * - country: ActionGeo_CountryCode is a FIPS 10-4 code (BM = Burma), passed to the resolver as
 *   `hint.fips`; the name is the last part of ActionGeo_FullName.
 * - admin1: the province name in ActionGeo_FullName for world cities/states (types 4, 5), the state
 *   for US types (2, 3); admin2: ActionGeo_ADM2Code (a code; GDELT gives no name).
 * - no fatalities (all `null`); source text = SOURCEURL; event type = "CAMEO <EventCode>".
 */
import type { Event, LocationPrecision, ViolenceType } from "../../domain/events/event.ts";
import { EventParseError, FieldReader, inputName, mapRecords, normaliseDate, readRecords, structural } from "./event-parse.ts";
import type { EventInput, EventParserOptions } from "./event-parse.ts";
import type { EventSourceEntry } from "./event-source.ts";

/** The 61 GDELT 2.0 event columns, in file order. */
export const GDELT_COLUMNS = [
  "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
  ...["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code"].map((c) => `Actor1${c}`),
  ...["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code"].map((c) => `Actor2${c}`),
  "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
  "NumMentions", "NumSources", "NumArticles", "AvgTone",
  ...["Actor1Geo", "Actor2Geo", "ActionGeo"].flatMap((g) =>
    ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"].map((c) => `${g}_${c}`),
  ),
  "DATEADDED", "SOURCEURL",
] as const;

const CIVILIAN_TYPES = new Set(["CVL", "REF", "EDU", "HLH", "REL", "LAB", "AGR", "MED"]);
const STATE_TYPES = new Set(["GOV", "MIL", "COP", "SPY", "JUD", "LEG"]);
const GEO_PRECISION: Record<number, LocationPrecision> = { 1: 6, 2: 4, 3: 2, 4: 2, 5: 4 };

/**
 * Parses a GDELT 2.0 events export into normalised events, one at a time.
 * @param input file path or readable stream
 * @param options resolver (called as `(name, null, { fips })`), error policy
 * @returns an async iterable of events
 * @throws {EventParseError} on a line without 61 columns (truncated file, GDELT 1.0 layout) or
 *   (unless `onInvalid: "skip"`) a wrong-type field; names file, line and field
 */
export async function* parseGdelt(input: EventInput, options: EventParserOptions = {}): AsyncGenerator<Event> {
  const file = inputName(input, options.fileName);
  const r = new FieldReader(file, new Map(GDELT_COLUMNS.map((c, i) => [c, i] as const)));
  const resolve = options.resolveCountry;
  const n = GDELT_COLUMNS.length;
  yield* mapRecords(
    readRecords(input, file, "\t", false, () => GDELT_COLUMNS),
    (rec) => {
      if (rec.values.length !== n) {
        throw structural(
          new EventParseError(
            file,
            rec.line,
            rec.values.length < n ? GDELT_COLUMNS[rec.values.length] : "(record)",
            `expected ${n} tab-separated columns (GDELT 2.0 events), found ${rec.values.length}`,
          ),
        );
      }
      r.at(rec);
      const id = String(r.int("GlobalEventID", 0, Number.MAX_SAFE_INTEGER));
      const dayText = r.required("Day");
      const day = normaliseDate(dayText);
      if (!day) throw r.error("Day", `expected a date YYYYMMDD, got ${JSON.stringify(dayText)}`);
      const code = r.required("EventCode");
      if (!/^\d{2,4}$/.test(code)) throw r.error("EventCode", `expected a CAMEO code, got ${JSON.stringify(code)}`);
      const root = r.int("EventRootCode", 1, 20);
      const a1Types = [r.text("Actor1Type1Code"), r.text("Actor1Type2Code"), r.text("Actor1Type3Code")];
      const a2Types = [r.text("Actor2Type1Code"), r.text("Actor2Type2Code"), r.text("Actor2Type3Code")];
      const violent = root >= 18;
      const civilianTargeting =
        violent && (a2Types.some((t) => CIVILIAN_TYPES.has(t)) || code === "202" || code === "203");
      let violenceType: ViolenceType = "other";
      if (violent) {
        if (civilianTargeting) violenceType = "one-sided";
        else if ([...a1Types, ...a2Types].some((t) => STATE_TYPES.has(t))) violenceType = "state-based";
        else violenceType = "non-state";
      }
      const identityTargeting =
        civilianTargeting && (r.text("Actor2EthnicCode") !== "" || r.text("Actor2Religion1Code") !== "" || code === "203");
      const geoType = r.optInt("ActionGeo_Type", 0, 5) ?? 0;
      const fullName = r.text("ActionGeo_FullName");
      const parts = fullName.split(",").map((p) => p.trim()).filter(Boolean);
      const fips = r.text("ActionGeo_CountryCode");
      const countryName = parts.length ? parts[parts.length - 1] : fips;
      let admin1: string | null = null;
      if ((geoType === 4 || geoType === 3) && parts.length >= 3) admin1 = parts[parts.length - 2];
      else if ((geoType === 5 || geoType === 2) && parts.length >= 2) admin1 = parts[parts.length - 2];
      else if (geoType === 2 && parts.length === 1) admin1 = parts[0];
      const a1 = r.optText("Actor1Name");
      const a2 = r.optText("Actor2Name");
      return {
        source: "gdelt",
        sourceId: id,
        dateStart: day,
        dateEnd: day,
        datePrecision: 1,
        countryIso3: fips || countryName ? (resolve?.(countryName, null, fips ? { fips } : {}) ?? null) : null,
        countryName,
        gwCode: null,
        admin1,
        admin2: r.optText("ActionGeo_ADM2Code"),
        lat: r.optCoord("ActionGeo_Lat", 90),
        lon: r.optCoord("ActionGeo_Long", 180),
        locationPrecision: GEO_PRECISION[geoType] ?? null,
        violenceType,
        civilianTargeting,
        identityTargeting,
        actor1: a1,
        actor2: a2,
        fatalitiesBest: null,
        fatalitiesLow: null,
        fatalitiesHigh: null,
        civilianDeaths: null,
        sourceText: r.optText("SOURCEURL"),
        eventType: `CAMEO ${code}`,
      };
    },
    options,
  );
}

/** GDELT 2.0 in the event-source registry: headerless, detected by its 61 tab-separated columns. */
export const gdeltSource: EventSourceEntry = {
  id: "gdelt",
  name: "GDELT 2.0",
  fileDescription: "GDELT 2.0 events export (tab-separated, 61 columns)",
  credit: "GDELT: free and open, cite the GDELT Project",
  dataset: "gdelt-events",
  defaultLayout: "gdelt-2.0",
  needsMapping: false,
  detect: (firstLine) => firstLine.split("\t").length === 61,
  parse: (input, options) => parseGdelt(input, options),
};
