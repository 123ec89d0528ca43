import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { blurPoint, distanceMeters } from "./location.ts";

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
