import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import type { Topology } from "topojson-specification";
import { areaMapModel } from "./area-map.ts";

const require = createRequire(import.meta.url);
const atlas = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8")) as Topology;
const myanmar = { isoNumeric: "104", name: "Myanmar" };
const areas = [
  { admin1: "Rakhine state", events: 400, lat: 20.3, lon: 93.0 },
  { admin1: "Kachin state", events: 100, lat: 25.6, lon: 97.4 },
  { admin1: "Yangon region", events: 4, lat: 16.8, lon: 96.2 },
  { admin1: "Unknown area", events: 3, lat: null, lon: null },
];

test("areaMapModel() draws the outline and circles whose areas are proportional to events, inside the frame", () => {
  const m = areaMapModel(atlas, myanmar, areas, { width: 600, maxRadius: 20 });
  assert.ok(m.outline && m.outline.startsWith("M"));
  assert.deepEqual(m.symbols.map((s) => s.admin1), ["Rakhine state", "Kachin state", "Yangon region"]);
  assert.equal(m.symbols[0].r, 20);
  assert.ok(Math.abs(m.symbols[1].r - 10) < 1e-9, "a quarter of the events, half the radius");
  assert.deepEqual(m.unplaced, ["Unknown area"]);
  for (const s of m.symbols) assert.ok(s.x - s.r >= 0 && s.x + s.r <= m.width && s.y - s.r >= 0 && s.y + s.r <= m.height, s.admin1);
  // North is up: Kachin (north) above Yangon (south); Rakhine (west) left of Kachin (east).
  const at = (name: string) => m.symbols.find((s) => s.admin1 === name)!;
  assert.ok(at("Kachin state").y < at("Yangon region").y);
  assert.ok(at("Rakhine state").x < at("Kachin state").x);
});

test("areaMapModel() with nothing to draw, and bad options", () => {
  const none = areaMapModel(atlas, { isoNumeric: null, name: "Atlantis" }, [{ admin1: "x", events: 2, lat: null, lon: null }]);
  assert.equal(none.outline, null);
  assert.deepEqual(none.symbols, []);
  assert.throws(() => areaMapModel(atlas, myanmar, areas, { width: 0 }), RangeError);
});
