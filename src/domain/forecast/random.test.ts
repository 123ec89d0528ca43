import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { createRng, shuffleInPlace } from "./random.ts";

test("same seed, same stream; different seeds differ", () => {
  const a = createRng(42), b = createRng(42), c = createRng(43);
  const xa = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(xa, Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(xa, Array.from({ length: 5 }, () => c.next()));
});

test("next() in [0,1), int(n) in [0,n), shuffle is a permutation", () => {
  fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
    const r = createRng(seed);
    for (let k = 0; k < 20; k++) {
      const u = r.next();
      const i = r.int(n);
      if (!(u >= 0 && u < 1) || !(i >= 0 && i < n && Number.isInteger(i))) return false;
    }
    const arr = Array.from({ length: 30 }, (_, i) => i);
    shuffleInPlace(arr, r);
    return [...arr].sort((x, y) => x - y).every((v, i) => v === i);
  }));
  assert.throws(() => createRng(1).int(0), RangeError);
});

test("uniformity is roughly right", () => {
  const r = createRng(1);
  let s = 0;
  for (let i = 0; i < 20000; i++) s += r.next();
  assert.ok(Math.abs(s / 20000 - 0.5) < 0.01);
});
