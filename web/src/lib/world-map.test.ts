import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import type { Topology } from "topojson-specification";
import { worldMapModel, type MapCountry } from "./world-map.ts";

const require = createRequire(import.meta.url);
const atlas = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8")) as Topology;

const registry: MapCountry[] = [
  { iso3: "MMR", isoNumeric: "104", name: "Myanmar" },
  { iso3: "SGP", isoNumeric: "702", name: "Singapore" },
  { iso3: "SOM", isoNumeric: "706", name: "Somalia" },
  { iso3: "UNK", isoNumeric: null, name: "Kosovo" },
  { iso3: "ATA", isoNumeric: "010", name: "Antarctica" },
  { iso3: "SUN", isoNumeric: "810", name: "Soviet Union", historical: true },
];

test("worldMapModel() matches shapes by ISO numeric code, by name and through aliases", () => {
  const map = worldMapModel(atlas, registry, [{ iso3: "MMR", risk: 0.1, rank: 1 }, { iso3: "SGP", risk: 0.001, rank: 160 }]);
  const of = (iso3: string) => map.shapes.filter((s) => s.iso3 === iso3);
  assert.equal(of("MMR").length, 1);
  assert.equal(of("MMR")[0].forecast?.rank, 1);
  assert.equal(of("UNK").length, 1, "Kosovo has no code in the atlas and is matched by name");
  assert.equal(of("SOM").length, 2, "Somaliland is drawn as part of Somalia");
  assert.equal(of("ATA").length, 0, "Antarctica is left out");
  assert.ok(map.shapes.every((s) => s.d.startsWith("M")));
  assert.equal(map.shapes.filter((s) => s.forecast).length, 2);
  // Unmatched shapes keep the atlas name and have no forecast.
  const france = map.shapes.find((s) => s.key === "250");
  assert.deepEqual([france?.iso3, france?.name, france?.forecast], [null, "France", null]);
});

test("worldMapModel() marks tiny forecast countries and fits the width", () => {
  const map = worldMapModel(atlas, registry, [{ iso3: "MMR", risk: 0.1, rank: 1 }, { iso3: "SGP", risk: 0.001, rank: 160 }], { width: 800 });
  assert.equal(map.width, 800);
  assert.ok(map.height > 300 && map.height < 450, `height ${map.height}`);
  const singapore = map.shapes.find((s) => s.iso3 === "SGP")!;
  assert.ok(singapore.marker, "Singapore gets a marker");
  assert.ok(singapore.marker.x > 550 && singapore.marker.x < 700, `x ${singapore.marker.x}`);
  assert.equal(map.shapes.find((s) => s.iso3 === "MMR")!.marker, null);
});

test("worldMapModel() rejects a topology without countries", () => {
  assert.throws(() => worldMapModel({ type: "Topology", objects: {}, arcs: [] } as unknown as Topology, [], []), TypeError);
});
