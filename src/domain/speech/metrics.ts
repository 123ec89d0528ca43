/**
 * Evaluation helpers for classifiers: a stratified split (seeded by the shared generator), and
 * per-class precision / recall / F1, macro-F1 and the confusion matrix.
 */

import { seededRandom } from "../random.ts";

export { seededRandom };

/** Row indices of the two sides of a split, each in ascending order. */
export interface Split {
  readonly train: number[];
  readonly test: number[];
}

/**
 * Stratified split: within each label the rows are shuffled (Fisher–Yates with
 * {@link seededRandom}) and `round(testFraction × count)` of them go to the test side, so each
 * label keeps its share on both sides. Deterministic for a given seed.
 *
 * @param labels one label per row
 * @param testFraction share of each label held out, in (0, 1)
 * @param seed random seed (default 42)
 * @returns ascending train and test row indices
 * @throws {RangeError} when testFraction is not in (0, 1)
 */
export function stratifiedSplit(labels: readonly string[], testFraction: number, seed = 42): Split {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`testFraction must be in (0, 1), got ${testFraction}`);
  const rand = seededRandom(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  });
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const rows = byLabel.get(label) ?? [];
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const nTest = Math.round(testFraction * rows.length);
    test.push(...rows.slice(0, nTest));
    train.push(...rows.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Precision, recall, F1 and support of one class. */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** The result of {@link evaluate}. */
export interface Evaluation {
  /** Unweighted mean of the per-class F1 over `labels`. */
  readonly macro_f1: number;
  /** Share of rows whose prediction equals the truth. */
  readonly accuracy: number;
  /** Class order used by `confusion_matrix`. */
  readonly labels: readonly string[];
  readonly per_class: Readonly<Record<string, ClassScores>>;
  /** `confusion_matrix[i][j]` counts rows of true class `labels[i]` predicted as `labels[j]`. */
  readonly confusion_matrix: readonly (readonly number[])[];
  readonly n: number;
}

/**
 * Scores predictions against the truth. Precision of a class never predicted, and recall of a
 * class never present, are 0 (scikit-learn's `zero_division=0`); F1 is 0 when both are 0.
 * Labels outside `labels` (in truth or prediction) are added at the end, in order of appearance.
 *
 * @param truth true labels
 * @param predicted predicted labels, same length
 * @param labels class order (default: sorted union of both)
 * @returns macro-F1, accuracy, per-class scores and the confusion matrix
 * @throws {RangeError} when the arrays differ in length
 */
export function evaluate(truth: readonly string[], predicted: readonly string[], labels?: readonly string[]): Evaluation {
  if (truth.length !== predicted.length) throw new RangeError(`truth has ${truth.length} rows, predicted ${predicted.length}`);
  const order = labels ? [...labels] : [...new Set([...truth, ...predicted])].sort();
  for (const l of [...truth, ...predicted]) if (!order.includes(l)) order.push(l);
  const pos = new Map(order.map((l, i) => [l, i]));
  const k = order.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < truth.length; i++) {
    confusion[pos.get(truth[i]) ?? 0][pos.get(predicted[i]) ?? 0]++;
    if (truth[i] === predicted[i]) correct++;
  }
  const perClass: Record<string, ClassScores> = {};
  let f1Sum = 0;
  order.forEach((l, i) => {
    const tp = confusion[i][i];
    const support = confusion[i].reduce((a, b) => a + b, 0);
    const predictedN = confusion.reduce((a, row) => a + row[i], 0);
    const precision = predictedN ? tp / predictedN : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[l] = { precision, recall, f1, support };
    f1Sum += f1;
  });
  return {
    macro_f1: k ? f1Sum / k : 0,
    accuracy: truth.length ? correct / truth.length : 0,
    labels: order,
    per_class: perClass,
    confusion_matrix: confusion,
    n: truth.length,
  };
}
