import assert from "node:assert/strict";
import { test } from "node:test";
import { capDateTime, capIdentifier, capMessage, xmlText } from "./cap.ts";
import { csvCell, csvLine } from "./csv-cell.ts";
import { featureCollectionEnd, featureCollectionStart, geoJsonFeature } from "./geojson.ts";
import { hxlHeader, hxlRow, type HxlColumn } from "./hxl.ts";

test("csvCell() defuses every formula start (= + - @ tab CR) and quotes what needs quoting", () => {
  for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
    const cell = csvCell(`${start}SUM(A1)`);
    assert.ok(cell.replace(/^"/, "").startsWith("'"), JSON.stringify(cell));
  }
  assert.equal(csvCell("=1+1"), "'=1+1");
  assert.equal(csvCell("\r=1"), "\"'\r=1\"");
  assert.equal(csvCell('a,"b"'), '"a,""b"""');
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell(-3.5), "-3.5", "numbers stay numbers");
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(Number.NaN), "");
  assert.equal(csvLine(["x", 1, true, undefined]), "x,1,true,\n");
});

test("hxlHeader() writes the header then the hashtag row, and refuses a bad tag", () => {
  const cols: HxlColumn<{ c: string; n: number }>[] = [
    { header: "country", tag: "#country+code", value: (r) => r.c },
    { header: "killed", tag: "#affected+killed", value: (r) => r.n },
  ];
  assert.equal(hxlHeader(cols), "country,killed\n#country+code,#affected+killed\n");
  assert.equal(hxlRow(cols, { c: "-MMR", n: 3 }), "'-MMR,3\n");
  assert.throws(() => hxlHeader([{ header: "x", tag: "country", value: () => 1 }]), /column x: "country" is not an HXL hashtag/);
});

test("geoJsonFeature() pieces make one valid FeatureCollection, lon before lat", () => {
  const text = featureCollectionStart({ name: "t" }) + geoJsonFeature({ lat: 20, lon: 92 }, { a: 1 }, true) + geoJsonFeature(null, { a: 2 }, false) + featureCollectionEnd();
  const fc = JSON.parse(text);
  assert.equal(fc.name, "t");
  assert.deepEqual(fc.features[0].geometry, { type: "Point", coordinates: [92, 20] });
  assert.equal(fc.features[1].geometry, null);
  assert.throws(() => geoJsonFeature({ lat: 91, lon: 0 }, {}, true), /out of range/);
});

test("CAP pieces: date-time form, identifiers and XML escaping", () => {
  assert.equal(capDateTime("2026-12-07T20:01:02.345Z"), "2026-12-07T20:01:02+00:00");
  assert.throws(() => capDateTime("yesterday"), RangeError);
  assert.equal(capIdentifier({ id: "a b,c<d" }), "tocsin-alert-a_b_c_d");
  assert.equal(xmlText('<a href="x">&\u0001\uD800</a>'), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  const xml = capMessage(
    { id: "1", iso3: "MMR", name: "Myanmar", situation: "Rakhine", level: "emergency", label: "Emergency", explanation: "e", since: "2026-12-01T00:00:00Z", reassessOn: null, overridden: true },
    { host: "h", baseUrl: "http://h" },
  );
  assert.match(xml, /<urgency>Immediate<\/urgency><severity>Extreme<\/severity>/);
  assert.match(xml, /<headline>Emergency: Rakhine, Myanmar<\/headline>/);
  assert.match(xml, /tocsinOverride/);
  assert.doesNotMatch(xml, /<expires>/);
});
