import assert from "node:assert/strict";
import { test } from "node:test";
import type { AssessmentContent } from "./assessment.ts";
import { indicatorsOf } from "./framework.ts";
import { TEN_STAGES } from "./frameworks/mod.ts";
import { synthesize } from "./scoring.ts";
import { summariseSynthesis } from "./summary.ts";

test("summariseSynthesis() gives an overall line, then one line per factor with its level and answer counts", () => {
  const ids = indicatorsOf(TEN_STAGES).map((i) => i.id);
  const first = TEN_STAGES.factors[0];
  const answers: AssessmentContent["answers"] = Object.fromEntries(ids.map((id) => [id, { answer: "absent" as const, confidence: "high" as const, rationale: "r", evidence: [] }]));
  for (const ind of first.indicators) answers[ind.id] = { answer: "strongly_present", confidence: "high", rationale: "r", evidence: [] };
  answers[first.indicators[0].id] = { answer: "unknown", confidence: "low", rationale: "r", evidence: [] };
  const s = synthesize(TEN_STAGES, { assessedOn: "2025-01-01", summary: "", answers });
  const lines = summariseSynthesis(s);
  assert.equal(lines.length, TEN_STAGES.factors.length + 1);
  assert.match(lines[0], new RegExp(`^Overall: low \\(score ${s.score!.toFixed(2)}, \\d+ % of indicators known\\)\\.$`));
  const known = first.indicators.length - 1;
  assert.equal(lines[1], `${first.id}. ${first.name}: very high (1.00) — ${known} strongly present, 1 unknown of ${first.indicators.length} indicator${first.indicators.length === 1 ? "" : "s"}.`);
  assert.match(lines[2], /: low \(0\.00\) — \d+ absent of \d+ indicators?\.$/);
});

test("summariseSynthesis() says when nothing is scored and when the score rests on too few indicators", () => {
  const empty = summariseSynthesis(synthesize(TEN_STAGES, { assessedOn: "2025-01-01", summary: "", answers: {} }));
  assert.equal(empty[0], "Overall: not scored — no indicator has a known answer.");
  assert.match(empty[1], /not scored — \d+ unknown of/);
  const one = indicatorsOf(TEN_STAGES)[0].id;
  const thin = summariseSynthesis(synthesize(TEN_STAGES, { assessedOn: "2025-01-01", summary: "", answers: { [one]: { answer: "present", confidence: "high", rationale: "r", evidence: [] } } }));
  assert.match(thin[0], /too few indicators known/);
});
