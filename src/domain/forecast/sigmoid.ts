/**
 * The logistic function σ(z) = 1 / (1 + e^{−z}), the one written for the forecasting code: every
 * model turns its log-odds into a probability with it. Evaluated as e^{z} / (1 + e^{z}) for
 * negative z so that a large negative link never overflows `Math.exp` (the result is then exact
 * down to subnormal probabilities rather than 1 / Infinity = 0).
 * @param z log-odds (any finite number; ±Infinity give 1 and 0)
 * @returns the probability in [0, 1]
 * @example
 * sigmoid(0); // 0.5
 */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
