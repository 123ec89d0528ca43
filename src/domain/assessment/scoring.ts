/**
 * Synthesis of an assessment: a score per factor and one overall score, with unknowns kept out of
 * the arithmetic and reported instead.
 *
 * Indicator value v: the answer's value on the framework scale (default absent 0, present 0.5,
 * strongly present 1); `unknown` and unanswered indicators have no value.
 * Confidence weight c: low 1/3, medium 2/3, high 1.
 *
 *   factor score  = Σ c·v / Σ c           over the factor's known indicators (null if none known)
 *   factor coverage = known indicators / indicators
 *   overall score = Σ w·s / Σ w           over factors with a score, w = factor weight (default 1)
 *   overall coverage = known indicators / all indicators
 *
 * Scores are in [0, 1]. Missing values: unknowns lower coverage, never the score. An overall score
 * resting on less than `minCoverage` (default 0.5) of the indicators is marked `sufficient: false`;
 * callers (the disagreement flag, alert levels) ignore insufficient assessments.
 * Levels: score < 0.25 low, < 0.5 moderate, < 0.75 high, otherwise very high.
 */
import { answerValue, type Confidence, type Framework } from "./framework.ts";
import type { AssessmentContent } from "./assessment.ts";

/** Weight of an answer by the analyst's confidence. */
export const CONFIDENCE_WEIGHT: Readonly<Record<Confidence, number>> = { low: 1 / 3, medium: 2 / 3, high: 1 };

/** Analyst risk levels, from score bands. */
export const ANALYST_LEVELS = ["low", "moderate", "high", "very_high"] as const;
export type AnalystLevel = (typeof ANALYST_LEVELS)[number];

/** Summary of one factor. */
export interface FactorSummary {
  factorId: string;
  name: string;
  score: number | null;
  level: AnalystLevel | null;
  indicators: number;
  known: number;
  unknown: number;
  coverage: number;
  /** Count of each answer (`unanswered` for indicators without an answer). */
  counts: { absent: number; present: number; strongly_present: number; unknown: number; unanswered: number };
}

/** The synthesis of a whole assessment. */
export interface Synthesis {
  framework: { key: string; version: number };
  score: number | null;
  level: AnalystLevel | null;
  coverage: number;
  sufficient: boolean;
  factors: FactorSummary[];
  rule: string;
}

/** The level of a score in [0, 1]. */
export function levelOf(score: number): AnalystLevel {
  if (!(score >= 0 && score <= 1)) throw new RangeError(`score must be in [0, 1], got ${score}`);
  return score < 0.25 ? "low" : score < 0.5 ? "moderate" : score < 0.75 ? "high" : "very_high";
}

/** Options of `synthesize`. */
export interface SynthesisOptions {
  /** Least share of known indicators for a usable overall score (default 0.5). */
  minCoverage?: number;
}

/**
 * Factor summaries and the overall score of `content` on `framework` (formula in the module doc).
 * @throws {RangeError} when `minCoverage` is outside [0, 1]
 * @example
 * const s = synthesize(UN_FRAMEWORK_2014, { assessedOn: "2025-01-01", summary: "", answers: {} });
 * s.score; // null: nothing known yet
 */
export function synthesize(framework: Framework, content: AssessmentContent, options: SynthesisOptions = {}): Synthesis {
  const { minCoverage = 0.5 } = options;
  if (!(minCoverage >= 0 && minCoverage <= 1)) throw new RangeError(`minCoverage must be in [0, 1], got ${minCoverage}`);
  let known = 0;
  let total = 0;
  let weighted = 0;
  let weights = 0;
  const factors = framework.factors.map((f): FactorSummary => {
    const counts = { absent: 0, present: 0, strongly_present: 0, unknown: 0, unanswered: 0 };
    let sum = 0;
    let conf = 0;
    let k = 0;
    for (const ind of f.indicators) {
      const a = content.answers[ind.id];
      if (!a) {
        counts.unanswered += 1;
        continue;
      }
      counts[a.answer] += 1;
      const v = answerValue(framework, a.answer);
      if (v === null) continue;
      const c = CONFIDENCE_WEIGHT[a.confidence];
      sum += c * v;
      conf += c;
      k += 1;
    }
    const score = k > 0 ? sum / conf : null;
    known += k;
    total += f.indicators.length;
    if (score !== null) {
      weighted += (f.weight ?? 1) * score;
      weights += f.weight ?? 1;
    }
    const n = f.indicators.length;
    return { factorId: f.id, name: f.name, score, level: score === null ? null : levelOf(score), indicators: n, known: k, unknown: n - k, coverage: k / n, counts };
  });
  const score = weights > 0 ? weighted / weights : null;
  const coverage = total > 0 ? known / total : 0;
  return {
    framework: { key: framework.key, version: framework.version },
    score,
    level: score === null ? null : levelOf(score),
    coverage,
    sufficient: score !== null && coverage >= minCoverage,
    factors,
    rule: `factor = confidence-weighted mean of known indicator values (on the framework scale, by default absent 0, present 0.5, strongly present 1; confidence low 1/3, medium 2/3, high 1); overall = weighted mean of factor scores; unknowns excluded; sufficient when ≥ ${Math.round(minCoverage * 100)} % of indicators are known`,
  };
}
