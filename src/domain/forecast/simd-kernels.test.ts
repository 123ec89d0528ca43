import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { arena, kernels, referenceKernels } from "./simd-kernels.ts";

test("the WebAssembly SIMD module compiles on this runtime", () => {
  assert.equal(kernels.simd, !process.env.TOCSIN_NO_SIMD);
});

test("SIMD kernels agree with plain loops for every length (property)", () => {
  fc.assert(fc.property(fc.array(fc.double({ min: -60, max: 60, noNaN: true }), { minLength: 0, maxLength: 41 }), fc.double({ min: -3, max: 3, noNaN: true }), (xs, alpha) => {
    const n = xs.length;
    const v = arena(6 * n + 8);
    // Layout: a at 1 (odd offset: unaligned for v128), b at n + 1, c at 2n + 1, outputs after.
    xs.forEach((x, i) => { v[1 + i] = x; v[n + 1 + i] = Math.cos(x); v[2 * n + 1 + i] = i % 3 === 0 ? 1 : 0; });
    const close = (p: number, q: number) => Math.abs(p - q) <= 1e-12 * (1 + Math.abs(q));
    if (!close(kernels.dot(1, n + 1, n), referenceKernels.dot(1, n + 1, n))) return false;
    if (!close(kernels.dot3(1, n + 1, 2 * n + 1, n), referenceKernels.dot3(1, n + 1, 2 * n + 1, n))) return false;
    const r1 = kernels.residuals(1, 2 * n + 1, 3 * n + 1, n, 1 / (n + 1));
    const r2 = referenceKernels.residuals(1, 2 * n + 1, 4 * n + 1, n, 1 / (n + 1));
    if (!close(r1, r2)) return false;
    for (let i = 0; i < n; i++) if (!close(v[3 * n + 1 + i], v[4 * n + 1 + i])) return false;
    const w1 = kernels.weights(1, 3 * n + 1, n, 0.5), w2 = referenceKernels.weights(1, 4 * n + 1, n, 0.5);
    if (!close(w1, w2)) return false;
    for (let i = 0; i < n; i++) if (!close(v[3 * n + 1 + i], v[4 * n + 1 + i])) return false;
    const before = Array.from(v.subarray(n + 1, 2 * n + 1));
    kernels.axpy(alpha, 1, n + 1, n);
    for (let i = 0; i < n; i++) if (!close(v[n + 1 + i], before[i] + alpha * v[1 + i])) return false;
    return true;
  }));
});
