import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { blurPoint, cellOf, distanceMeters, publicationArea, type PublishedArea } from "./location.ts";

test("blurPoint() stays within one cell diagonal and is stable inside a cell", () => {
  fc.assert(
    fc.property(fc.double({ min: -80, max: 80, noNaN: true }), fc.double({ min: -179, max: 179, noNaN: true }), fc.integer({ min: 1000, max: 50_000 }), (lat, lon, m) => {
      const b = blurPoint(lat, lon, m);
      assert.ok(distanceMeters({ lat, lon }, b) <= m * 1.5, `moved ${distanceMeters({ lat, lon }, b)} for cell ${m}`);
      assert.deepEqual(blurPoint(b.lat, b.lon, m), b);
    }),
  );
});

test("blurPoint() hides the exact point: nearby points share a cell", () => {
  assert.deepEqual(blurPoint(20.14159, 92.89731, 10_000), blurPoint(20.14259, 92.89631, 10_000));
  assert.notDeepEqual(blurPoint(20.14159, 92.89731, 10_000), { lat: 20.14159, lon: 92.89731 });
  assert.throws(() => blurPoint(91, 0, 1000), RangeError);
});

test("publicationArea(): 20 republishes at random sizes never narrow the first published area", () => {
  fc.assert(
    fc.property(
      fc.double({ min: -70, max: 70, noNaN: true }), fc.double({ min: -179, max: 179, noNaN: true }),
      fc.array(fc.integer({ min: 1000, max: 20_000 }), { minLength: 20, maxLength: 20 }),
      (lat, lon, sizes) => {
        let first: PublishedArea | null = null;
        const shown: PublishedArea[] = [];
        for (const m of sizes) {
          const area = publicationArea(first, { lat, lon }, m);
          first ??= area;
          shown.push(area);
        }
        // What an adversary who saw every answer knows: the intersection of the areas.
        const box = { south: Math.max(...shown.map((a) => a.south)), north: Math.min(...shown.map((a) => a.north)), west: Math.max(...shown.map((a) => a.west)), east: Math.min(...shown.map((a) => a.east)) };
        const area = (b: { south: number; north: number; west: number; east: number }) => Math.max(0, b.north - b.south) * Math.max(0, b.east - b.west);
        assert.ok(area(box) >= area(first!) * (1 - 1e-9), `narrowed to ${area(box)} from ${area(first!)}`);
        // And the true point is still inside every answer.
        for (const a of shown) assert.ok(a.south <= lat && lat <= a.north && a.west <= lon && lon <= a.east);
      },
    ),
    { numRuns: 200 },
  );
});

test("re-snapping the true point at each size (the old way) does narrow it: the property above is not trivial", () => {
  const lat = 16.8409, lon = 96.1735;
  const boxes = [1000, 1130, 1270, 1430, 1610, 1810].map((m) => cellOf(lat, lon, m));
  const h = Math.min(...boxes.map((b) => b.north)) - Math.max(...boxes.map((b) => b.south));
  assert.ok(h < boxes[0].north - boxes[0].south, "independent snaps intersect to less than the first cell");
});
