/**
 * Plain-language lines for a synthesis, for the country brief and anything else that prints an
 * assessment without its charts. Pure: the same synthesis always gives the same lines.
 */
import type { AnalystLevel, FactorSummary, Synthesis } from "./scoring.ts";

const LEVEL_WORDS: Readonly<Record<AnalystLevel, string>> = { low: "low", moderate: "moderate", high: "high", very_high: "very high" };

const pct = (x: number) => `${Math.round(x * 100)} %`;

function answered(f: FactorSummary): string {
  const c = f.counts;
  const parts = [
    c.strongly_present ? `${c.strongly_present} strongly present` : "",
    c.present ? `${c.present} present` : "",
    c.absent ? `${c.absent} absent` : "",
    c.unknown + c.unanswered ? `${c.unknown + c.unanswered} unknown` : "",
  ].filter(Boolean);
  return `${parts.join(", ")} of ${f.indicators} indicator${f.indicators === 1 ? "" : "s"}`;
}

/**
 * One line for the whole assessment, then one per factor in framework order, e.g.
 * `Overall: high (score 0.62, 85 % of indicators known).` and
 * `1. Situations of armed conflict: very high (0.83) — 4 strongly present, 1 present of 6 indicators, 1 unknown.`
 * An overall score on too few known indicators says so, because readers of a brief must not take
 * it as a finding.
 * @param synthesis from `synthesize`
 * @returns the lines, overall first
 * @example
 * summariseSynthesis(synthesize(fw, content))[0]; // "Overall: moderate (score 0.40, 100 % of indicators known)."
 */
export function summariseSynthesis(synthesis: Synthesis): string[] {
  const overall =
    synthesis.score === null || synthesis.level === null
      ? "Overall: not scored — no indicator has a known answer."
      : `Overall: ${LEVEL_WORDS[synthesis.level]} (score ${synthesis.score.toFixed(2)}, ${pct(synthesis.coverage)} of indicators known)${synthesis.sufficient ? "." : " — too few indicators known for the score to count as a finding."}`;
  const factors = synthesis.factors.map((f) =>
    f.score === null || f.level === null
      ? `${f.factorId}. ${f.name}: not scored — ${answered(f)}.`
      : `${f.factorId}. ${f.name}: ${LEVEL_WORDS[f.level]} (${f.score.toFixed(2)}) — ${answered(f)}.`,
  );
  return [overall, ...factors];
}
