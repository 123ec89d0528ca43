/**
 * The inner, time-ordered validation split the tuned models share: at an inner origin t, fit on
 * training rows with year ≤ t and score the rows of years t+2 and t+3 — the distances the outer
 * forecasts look ahead (EWP's target is an onset one or two years after the data year, and the
 * outer forecast for year Y is made from Y−1 or Y−2). Only years ≤ T reach it: it receives the
 * outer TrainingSet and nothing else.
 */
import { selectEntries, selectRows, type Matrix } from "./matrix.ts";
import type { TrainingSet } from "./model.ts";

/** One usable inner origin. */
export interface InnerOriginSplit {
  readonly inX: Matrix;
  readonly inY: Float64Array;
  readonly valX: Matrix;
  readonly valY: Float64Array;
}

/**
 * Splits the training rows at inner origin `t`.
 * @param train the outer training set
 * @param t the inner origin (last inner training year)
 * @returns the split, or `undefined` when it is unusable: fewer than 3 events or non-events among
 *   the inner training rows, or no validation rows
 */
export function innerOriginSplit(train: TrainingSet, t: number): InnerOriginSplit | undefined {
  const inIdx: number[] = [];
  const valIdx: number[] = [];
  for (let i = 0; i < train.X.nrow; i++) {
    if (train.years[i] <= t) inIdx.push(i);
    else if (train.years[i] === t + 2 || train.years[i] === t + 3) valIdx.push(i);
  }
  const inY = selectEntries(train.y, inIdx);
  let pos = 0;
  for (const v of inY) pos += v;
  if (pos < 3 || pos > inY.length - 3 || valIdx.length === 0) return undefined;
  return { inX: selectRows(train.X, inIdx), inY, valX: selectRows(train.X, valIdx), valY: selectEntries(train.y, valIdx) };
}
