/**
 * Structural-risk forecasting engine (pure): elastic-net logistic regression with glmnet
 * semantics, histogram gradient-boosted trees, their calibrated combination, metrics, EWP's
 * walk-forward backtest, additive explanations and bootstrap intervals. No I/O anywhere here.
 */
export * from "./backtest.ts";
export * from "./boosted-trees.ts";
export * from "./bootstrap.ts";
export * from "./cross-validation.ts";
export * from "./elastic-net.ts";
export * from "./ensemble.ts";
export * from "./explain.ts";
export * from "./glmnet-model.ts";
export * from "./matrix.ts";
export * from "./metrics.ts";
export * from "./model.ts";
export * from "./model-registry.ts";
export * from "./random.ts";
export * from "./synthetic-table.ts";
