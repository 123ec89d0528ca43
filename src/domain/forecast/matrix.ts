/**
 * The dense design matrix shared by every learner: column-major `Float64Array`, so a learner can
 * sweep one predictor over all rows without striding (the inner loop of coordinate descent).
 */

/** A dense n × p matrix stored column by column: entry (i, j) is `data[j * nrow + i]`. */
export interface Matrix {
  readonly nrow: number;
  readonly ncol: number;
  readonly data: Float64Array;
}

/**
 * Builds a column-major matrix from row arrays.
 * @param rows row vectors, all of the same length
 * @returns the matrix
 * @throws {RangeError} when rows have different lengths
 */
export function matrixFromRows(rows: ArrayLike<number>[]): Matrix {
  const nrow = rows.length;
  const ncol = nrow ? rows[0].length : 0;
  const data = new Float64Array(nrow * ncol);
  for (let i = 0; i < nrow; i++) {
    const r = rows[i];
    if (r.length !== ncol) throw new RangeError(`row ${i} has ${r.length} values, expected ${ncol}`);
    for (let j = 0; j < ncol; j++) data[j * nrow + i] = r[j];
  }
  return { nrow, ncol, data };
}

/**
 * Copies out row i.
 * @param m the matrix
 * @param i row index
 * @returns a new `Float64Array` of length `m.ncol`
 */
export function matrixRow(m: Matrix, i: number): Float64Array {
  const out = new Float64Array(m.ncol);
  for (let j = 0; j < m.ncol; j++) out[j] = m.data[j * m.nrow + i];
  return out;
}

/**
 * Selects rows (in the order given; repeats allowed, as bootstrap resamples need).
 * @param m the matrix
 * @param idx row indices
 * @returns a new matrix
 */
export function selectRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const n = idx.length;
  const data = new Float64Array(n * m.ncol);
  for (let j = 0; j < m.ncol; j++) {
    const src = j * m.nrow;
    const dst = j * n;
    for (let k = 0; k < n; k++) data[dst + k] = m.data[src + idx[k]];
  }
  return { nrow: n, ncol: m.ncol, data };
}

/**
 * Selects entries of a vector.
 * @param v the vector
 * @param idx indices
 * @returns a new `Float64Array`
 */
export function selectEntries(v: ArrayLike<number>, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = v[idx[k]];
  return out;
}
