/**
 * Vector kernels for the elastic net's O(n) loops — dot products and axpy over columns of the
 * standardised design — as a tiny hand-assembled WebAssembly module using 128-bit SIMD (two
 * doubles per instruction). Node 20's V8 runs WebAssembly SIMD natively; when a runtime cannot
 * compile the module, identical plain-JavaScript loops are used instead.
 *
 * The kernels work on one shared scratch memory (`arena`), so arrays they read must be views
 * into it; a fit claims the arena at its start and must not call another fit while using it
 * (fits never nest). Results are deterministic; sums are accumulated in a different order from a
 * sequential loop, so they can differ from it in the last bits.
 */

/** The kernels; offsets are indices into the arena's Float64Array (not bytes). */
export interface Kernels {
  /** Σ_i x[a + i] · x[b + i] for i < n. */
  dot(a: number, b: number, n: number): number;
  /** Σ_i x[a + i] · x[b + i] · x[c + i] for i < n. */
  dot3(a: number, b: number, c: number, n: number): number;
  /** x[y + i] += alpha · x[x0 + i] for i < n. */
  axpy(alpha: number, x0: number, y: number, n: number): void;
  /**
   * Logistic residuals: for i < n, p̂ = clamp(σ(x[eta + i]), 1e-5, 1 − 1e-5),
   * x[res + i] = (x[y + i] − p̂) · invN; returns Σ x[res + i].
   */
  residuals(eta: number, y: number, res: number, n: number, invN: number): number;
  /** IRLS weights: x[w + i] = p̂(1 − p̂) · invN with p̂ as in `residuals`; returns their sum. */
  weights(eta: number, w: number, n: number, invN: number): number;
  /** True when the WebAssembly SIMD module is in use. */
  readonly simd: boolean;
}

// --- a minimal WebAssembly encoder -------------------------------------------------------------
const uleb = (v: number): number[] => { const o: number[] = []; do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; o.push(b); } while (v); return o; };
const sleb = (v: number): number[] => {
  const o: number[] = [];
  for (;;) { const b = v & 0x7f; v >>= 7; if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) { o.push(b); return o; } o.push(b | 0x80); }
};
const str = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;
const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i];
const i32c = (v: number) => [0x41, ...sleb(v)];
const ADD = 0x6a, SHL = 0x74, SHRU = 0x76, GEU = 0x4f, LTU = 0x49;
const BLOCK = [0x02, 0x40], LOOP = [0x03, 0x40], END = 0x0b, BRIF = (l: number) => [0x0d, l];
const F64LOAD = (off = 0) => [0x2b, 3, ...uleb(off)], F64STORE = [0x39, 3, 0];
const V128LOAD = (off = 0) => [0xfd, 0x00, 3, ...uleb(off)], V128STORE = (off = 0) => [0xfd, 0x0b, 3, ...uleb(off)];
const FADD = 0xa0, FMUL = 0xa2, FSUB = 0xa1, FDIV = 0xa3, FMIN = 0xa4, FMAX = 0xa5, FNEG = 0x9a, FNEAREST = 0x9e;
const f64c = (v: number): number[] => { const b = new Uint8Array(new Float64Array([v]).buffer); return [0x44, ...b]; };
const I64TRUNC = 0xb0, I64ADD = 0x7c, I64SHL = 0x86, F64REINTERPRET = 0xbf;
const i64c = (v: number) => [0x42, ...sleb(v)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const V = {
  splat: simd(0x14), nearest: simd(0x94), neg: simd(0xed), add: simd(0xf0), sub: simd(0xf1), mul: simd(0xf2),
  div: simd(0xf3), min: simd(0xf4), max: simd(0xf5), truncSatZero: simd(0xfc), extendLow: simd(0xc7),
  i64add: simd(0xce), i64shl: simd(0xcb),
};
const vconst = (v: number) => [...f64c(v), ...V.splat];
const VADD = [0xfd, 0xf0, 0x01], VMUL = [0xfd, 0xf2, 0x01], LANE = (l: number) => [0xfd, 0x21, l], SPLAT = [0xfd, 0x14];

// Byte end of the pairs/quads part: p + ((n >> k) << (k + 3)).
const endOf = (p: number, n: number, k: number) => [...get(p), ...get(n), ...i32c(k), SHRU, ...i32c(k + 3), SHL, ADD];
const endAll = (p: number, n: number) => [...get(p), ...get(n), ...i32c(3), SHL, ADD];
const bump = (p: number, by: number) => [...get(p), ...i32c(by), ADD, ...set(p)];

function dotBody(three: boolean): number[] {
  // params a b [c] n ; locals acc0 acc1 endQ endA s
  const a = 0, b = 1, c = 2, n = three ? 3 : 2;
  const acc0 = n + 1, acc1 = n + 2, endQ = n + 3, endA = n + 4, s = n + 5;
  const prod = (off: number) => three
    ? [...get(a), ...V128LOAD(off), ...get(b), ...V128LOAD(off), ...VMUL, ...get(c), ...V128LOAD(off), ...VMUL]
    : [...get(a), ...V128LOAD(off), ...get(b), ...V128LOAD(off), ...VMUL];
  const prod1 = three
    ? [...get(a), ...F64LOAD(), ...get(b), ...F64LOAD(), FMUL, ...get(c), ...F64LOAD(), FMUL]
    : [...get(a), ...F64LOAD(), ...get(b), ...F64LOAD(), FMUL];
  const bumpAll = (by: number) => [...bump(a, by), ...bump(b, by), ...(three ? bump(c, by) : [])];
  const code = [
    ...endOf(a, n, 2), ...set(endQ), ...endAll(a, n), ...set(endA),
    ...BLOCK, ...get(a), ...get(endQ), GEU, ...BRIF(0), ...LOOP,
    ...get(acc0), ...prod(0), ...VADD, ...set(acc0),
    ...get(acc1), ...prod(16), ...VADD, ...set(acc1),
    ...bumpAll(32), ...get(a), ...get(endQ), LTU, ...BRIF(0), END, END,
    ...get(acc0), ...get(acc1), ...VADD, ...set(acc0),
    ...get(acc0), ...LANE(0), ...get(acc0), ...LANE(1), FADD, ...set(s),
    ...BLOCK, ...get(a), ...get(endA), GEU, ...BRIF(0), ...LOOP,
    ...get(s), ...prod1, FADD, ...set(s),
    ...bumpAll(8), ...get(a), ...get(endA), LTU, ...BRIF(0), END, END,
    ...get(s), END,
  ];
  const locals = vec([[2, V128], [2, I32], [1, F64]]);
  return [...locals, ...code];
}

function axpyBody(): number[] {
  // params alpha x y n ; locals va endP endA
  const alpha = 0, x = 1, y = 2, n = 3, va = 4, endP = 5, endA = 6;
  const code = [
    ...get(alpha), ...SPLAT, ...set(va),
    ...endOf(x, n, 1), ...set(endP), ...endAll(x, n), ...set(endA),
    ...BLOCK, ...get(x), ...get(endP), GEU, ...BRIF(0), ...LOOP,
    ...get(y), ...get(y), ...V128LOAD(), ...get(va), ...get(x), ...V128LOAD(), ...VMUL, ...VADD, ...V128STORE(),
    ...bump(x, 16), ...bump(y, 16), ...get(x), ...get(endP), LTU, ...BRIF(0), END, END,
    ...BLOCK, ...get(x), ...get(endA), GEU, ...BRIF(0),
    ...get(y), ...get(y), ...F64LOAD(), ...get(alpha), ...get(x), ...F64LOAD(), FMUL, FADD, ...F64STORE,
    END, END,
  ];
  return [...vec([[1, V128], [2, I32]]), ...code];
}

// exp(x) for x already clamped to [−50, 50]: x = k ln2 + r (Cody–Waite), |r| ≤ ln2/2,
// e^r by its Taylor series to degree 13 (truncation error < 2e-16 relative), times 2^k built
// from the exponent bits. Expects x in local `x`; leaves e^x on the stack; uses locals k, r.
function expCode(x: number, k: number, r: number): number[] {
  const coeffs: number[] = [];
  let f = 1;
  for (let d = 0; d <= 13; d++) { if (d > 0) f *= d; coeffs.push(1 / f); }
  // Horner: (((c13 r + c12) r + c11) … ) r + c0
  let poly = [...f64c(coeffs[13])];
  for (let d = 12; d >= 0; d--) poly = [...poly, ...get(r), FMUL, ...f64c(coeffs[d]), FADD];
  return [
    ...get(x), ...f64c(Math.LOG2E), FMUL, FNEAREST, ...set(k),
    ...get(x), ...get(k), ...f64c(6.93147180369123816490e-01), FMUL, FSUB, ...get(k), ...f64c(1.90821492927058770002e-10), FMUL, FSUB, ...set(r),
    ...poly,
    ...get(k), I64TRUNC, ...i64c(1023), I64ADD, ...i64c(52), I64SHL, F64REINTERPRET, FMUL,
  ];
}

// σ(eta[i]) clamped to [1e-5, 1 − 1e-5], left on the stack; reads f64 at local ptr `eta`.
function sigmoidCode(eta: number, x: number, k: number, r: number): number[] {
  return [
    ...get(eta), ...F64LOAD(), FNEG, ...f64c(-50), FMAX, ...f64c(50), FMIN, ...set(x),
    ...f64c(1), ...f64c(1), ...expCode(x, k, r), FADD, FDIV,
    ...f64c(1e-5), FMAX, ...f64c(1 - 1e-5), FMIN,
  ];
}

// Two-lane version of sigmoidCode: reads v128 at local ptr `eta`, leaves σ pair on the stack.
function sigmoidPairCode(eta: number, x: number, k: number, r: number, r2: number, r4: number): number[] {
  const coeffs: number[] = [];
  let f = 1;
  for (let d = 0; d <= 13; d++) { if (d > 0) f *= d; coeffs.push(1 / f); }
  // Estrin's scheme (independent sub-terms, short dependency chains):
  // p = e01 + r²e23 + r⁴(e45 + r²e67) + r⁸(e89 + r²e1011 + r⁴e1213), e_ab = c_a + c_b r.
  const e = (a: number) => [...get(r), ...vconst(coeffs[a + 1]), ...V.mul, ...vconst(coeffs[a]), ...V.add];
  const poly = [
    ...get(r), ...get(r), ...V.mul, ...set(r2), ...get(r2), ...get(r2), ...V.mul, ...set(r4),
    ...e(0), ...e(2), ...get(r2), ...V.mul, ...V.add,
    ...e(4), ...e(6), ...get(r2), ...V.mul, ...V.add, ...get(r4), ...V.mul, ...V.add,
    ...e(8), ...e(10), ...get(r2), ...V.mul, ...V.add, ...e(12), ...get(r4), ...V.mul, ...V.add,
    ...get(r4), ...get(r4), ...V.mul, ...V.mul, ...V.add,
  ];
  return [
    ...get(eta), ...V128LOAD(), ...V.neg, ...vconst(-50), ...V.max, ...vconst(50), ...V.min, ...set(x),
    ...get(x), ...vconst(Math.LOG2E), ...V.mul, ...V.nearest, ...set(k),
    ...get(x), ...get(k), ...vconst(6.93147180369123816490e-01), ...V.mul, ...V.sub,
    ...get(k), ...vconst(1.90821492927058770002e-10), ...V.mul, ...V.sub, ...set(r),
    ...vconst(1), ...vconst(1),
    ...poly,
    // 2^k: k → i32 lanes → i64 lanes, + 1023, << 52, reinterpret as f64 (v128 is untyped).
    ...get(k), ...V.truncSatZero, ...V.extendLow, ...i64c(1023), ...simd(0x12) /* i64x2.splat */, ...V.i64add, ...i32c(52), ...V.i64shl,
    ...V.mul, ...V.add, ...V.div,
    ...vconst(1e-5), ...V.max, ...vconst(1 - 1e-5), ...V.min,
  ];
}

function residualsPairBody(): number[] {
  // params eta y res n invN ; locals endP end (i32) ; x k r pr v acc (v128) ; xs ks rs prs vs s (f64)
  const eta = 0, y = 1, res = 2, n = 3, invN = 4, endP = 5, end = 6;
  const x = 7, k = 8, r = 9, pr = 10, v = 11, acc = 12;
  const xs = 13, ks = 14, rs = 15, prs = 16, vs = 17, s = 18, r2 = 19, r4 = 20;
  const code = [
    ...endOf(eta, n, 1), ...set(endP), ...endAll(eta, n), ...set(end),
    ...BLOCK, ...get(eta), ...get(endP), GEU, ...BRIF(0), ...LOOP,
    ...sigmoidPairCode(eta, x, k, r, r2, r4), ...set(pr),
    ...get(y), ...V128LOAD(), ...get(pr), ...V.sub, ...get(invN), ...V.splat, ...V.mul, ...set(v),
    ...get(res), ...get(v), ...V128STORE(),
    ...get(acc), ...get(v), ...V.add, ...set(acc),
    ...bump(eta, 16), ...bump(y, 16), ...bump(res, 16),
    ...get(eta), ...get(endP), LTU, ...BRIF(0), END, END,
    ...get(acc), ...LANE(0), ...get(acc), ...LANE(1), FADD, ...set(s),
    ...BLOCK, ...get(eta), ...get(end), GEU, ...BRIF(0),
    ...sigmoidCode(eta, xs, ks, rs), ...set(prs),
    ...get(y), ...F64LOAD(), ...get(prs), FSUB, ...get(invN), FMUL, ...set(vs),
    ...get(res), ...get(vs), ...F64STORE,
    ...get(s), ...get(vs), FADD, ...set(s),
    END,
    ...get(s), END,
  ];
  return [...vec([[2, I32], [6, V128], [6, F64], [2, V128]]), ...code];
}

function weightsPairBody(): number[] {
  // params eta w n invN ; locals endP end ; x k r pr v acc ; xs ks rs prs vs s
  const eta = 0, w = 1, n = 2, invN = 3, endP = 4, end = 5;
  const x = 6, k = 7, r = 8, pr = 9, v = 10, acc = 11;
  const xs = 12, ks = 13, rs = 14, prs = 15, vs = 16, s = 17, r2 = 18, r4 = 19;
  const code = [
    ...endOf(eta, n, 1), ...set(endP), ...endAll(eta, n), ...set(end),
    ...BLOCK, ...get(eta), ...get(endP), GEU, ...BRIF(0), ...LOOP,
    ...sigmoidPairCode(eta, x, k, r, r2, r4), ...set(pr),
    ...get(pr), ...vconst(1), ...get(pr), ...V.sub, ...V.mul, ...get(invN), ...V.splat, ...V.mul, ...set(v),
    ...get(w), ...get(v), ...V128STORE(),
    ...get(acc), ...get(v), ...V.add, ...set(acc),
    ...bump(eta, 16), ...bump(w, 16),
    ...get(eta), ...get(endP), LTU, ...BRIF(0), END, END,
    ...get(acc), ...LANE(0), ...get(acc), ...LANE(1), FADD, ...set(s),
    ...BLOCK, ...get(eta), ...get(end), GEU, ...BRIF(0),
    ...sigmoidCode(eta, xs, ks, rs), ...set(prs),
    ...get(prs), ...f64c(1), ...get(prs), FSUB, FMUL, ...get(invN), FMUL, ...set(vs),
    ...get(w), ...get(vs), ...F64STORE,
    ...get(s), ...get(vs), FADD, ...set(s),
    END,
    ...get(s), END,
  ];
  return [...vec([[2, I32], [6, V128], [6, F64], [2, V128]]), ...code];
}

function residualsBody(): number[] {
  // params eta y res n invN ; locals end x k r pr v s
  const eta = 0, y = 1, res = 2, n = 3, invN = 4, end = 5, x = 6, k = 7, r = 8, pr = 9, v = 10, s = 11;
  const code = [
    ...endAll(eta, n), ...set(end),
    ...BLOCK, ...get(eta), ...get(end), GEU, ...BRIF(0), ...LOOP,
    ...sigmoidCode(eta, x, k, r), ...set(pr),
    ...get(y), ...F64LOAD(), ...get(pr), FSUB, ...get(invN), FMUL, ...set(v),
    ...get(res), ...get(v), ...F64STORE,
    ...get(s), ...get(v), FADD, ...set(s),
    ...bump(eta, 8), ...bump(y, 8), ...bump(res, 8),
    ...get(eta), ...get(end), LTU, ...BRIF(0), END, END,
    ...get(s), END,
  ];
  return [...vec([[1, I32], [6, F64]]), ...code];
}

function weightsBody(): number[] {
  // params eta w n invN ; locals end x k r pr v s
  const eta = 0, w = 1, n = 2, invN = 3, end = 4, x = 5, k = 6, r = 7, pr = 8, v = 9, s = 10;
  const code = [
    ...endAll(eta, n), ...set(end),
    ...BLOCK, ...get(eta), ...get(end), GEU, ...BRIF(0), ...LOOP,
    ...sigmoidCode(eta, x, k, r), ...set(pr),
    ...get(pr), ...f64c(1), ...get(pr), FSUB, FMUL, ...get(invN), FMUL, ...set(v),
    ...get(w), ...get(v), ...F64STORE,
    ...get(s), ...get(v), FADD, ...set(s),
    ...bump(eta, 8), ...bump(w, 8),
    ...get(eta), ...get(end), LTU, ...BRIF(0), END, END,
    ...get(s), END,
  ];
  return [...vec([[1, I32], [6, F64]]), ...code];
}

function moduleBytes(): Uint8Array {
  const types = vec([
    [0x60, ...vec([[I32], [I32], [I32]]), ...vec([[F64]])], // dot
    [0x60, ...vec([[I32], [I32], [I32], [I32]]), ...vec([[F64]])], // dot3
    [0x60, ...vec([[F64], [I32], [I32], [I32]]), 0x00], // axpy
    [0x60, ...vec([[I32], [I32], [I32], [I32], [F64]]), ...vec([[F64]])], // residuals
    [0x60, ...vec([[I32], [I32], [I32], [F64]]), ...vec([[F64]])], // weights
  ]);
  const imports = vec([[...str("env"), ...str("mem"), 0x02, 0x00, 0x01]]);
  const funcs = vec([[0], [1], [2], [3], [4]]);
  const exports = vec([[...str("dot"), 0x00, 0], [...str("dot3"), 0x00, 1], [...str("axpy"), 0x00, 2],
    [...str("residuals"), 0x00, 3], [...str("weights"), 0x00, 4]]);
  const body = (b: number[]) => [...uleb(b.length), ...b];
  const code = vec([body(dotBody(false)), body(dotBody(true)), body(axpyBody()), body(residualsPairBody()), body(weightsPairBody())]);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(2, imports), ...section(3, funcs), ...section(7, exports), ...section(10, code),
  ]);
}

// --- arena and kernels ---------------------------------------------------------------------------
const memory = new WebAssembly.Memory({ initial: 1 });
let view = new Float64Array(memory.buffer);

/**
 * Claims the scratch arena with room for `doubles` values and returns a fresh view of it.
 * Earlier views are invalid after a call (the memory may have grown).
 * @param doubles number of Float64 slots needed
 * @returns the arena view (contents unspecified)
 */
export function arena(doubles: number): Float64Array {
  const bytes = doubles * 8;
  if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
  if (view.buffer !== memory.buffer || view.length * 8 !== memory.buffer.byteLength) view = new Float64Array(memory.buffer);
  return view;
}

function clampedSigmoid(eta: number): number {
  const pr = 1 / (1 + Math.exp(-Math.min(50, Math.max(-50, eta))));
  return pr < 1e-5 ? 1e-5 : pr > 1 - 1e-5 ? 1 - 1e-5 : pr;
}

function jsKernels(): Kernels {
  return {
    simd: false,
    dot(a, b, n) { const v = view; let s = 0; for (let i = 0; i < n; i++) s += v[a + i] * v[b + i]; return s; },
    dot3(a, b, c, n) { const v = view; let s = 0; for (let i = 0; i < n; i++) s += v[a + i] * v[b + i] * v[c + i]; return s; },
    axpy(alpha, x0, y, n) { const v = view; for (let i = 0; i < n; i++) v[y + i] += alpha * v[x0 + i]; },
    residuals(eta, y, res, n, invN) {
      const v = view;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const r = (v[y + i] - clampedSigmoid(v[eta + i])) * invN;
        v[res + i] = r;
        s += r;
      }
      return s;
    },
    weights(eta, w, n, invN) {
      const v = view;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const pr = clampedSigmoid(v[eta + i]);
        const x = pr * (1 - pr) * invN;
        v[w + i] = x;
        s += x;
      }
      return s;
    },
  };
}

function wasmKernels(): Kernels {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes() as Uint8Array<ArrayBuffer>), { env: { mem: memory } });
  const e = inst.exports as unknown as {
    dot(a: number, b: number, n: number): number;
    dot3(a: number, b: number, c: number, n: number): number;
    axpy(alpha: number, x: number, y: number, n: number): void;
    residuals(eta: number, y: number, res: number, n: number, invN: number): number;
    weights(eta: number, w: number, n: number, invN: number): number;
  };
  return {
    simd: true,
    dot: (a, b, n) => e.dot(a * 8, b * 8, n),
    dot3: (a, b, c, n) => e.dot3(a * 8, b * 8, c * 8, n),
    axpy: (alpha, x0, y, n) => e.axpy(alpha, x0 * 8, y * 8, n),
    residuals: (eta, y, res, n, invN) => e.residuals(eta * 8, y * 8, res * 8, n, invN),
    weights: (eta, w, n, invN) => e.weights(eta * 8, w * 8, n, invN),
  };
}

/** The kernels in use: WebAssembly SIMD when available, else plain JavaScript. */
export const kernels: Kernels = (() => {
  try {
    return process.env.TOCSIN_NO_SIMD ? jsKernels() : wasmKernels();
  } catch {
    return jsKernels();
  }
})();

/** Plain-JavaScript kernels on the same arena (for tests comparing against the SIMD ones). */
export const referenceKernels: Kernels = jsKernels();
