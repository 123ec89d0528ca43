/**
 * Differences between two versions of an assessment, pure: which fields of which indicators
 * changed, plus the date and summary. Used for the history view and for reviewers.
 */
import { canonicalJson } from "../audit/chain.ts";
import type { AssessmentContent, IndicatorAnswer } from "./assessment.ts";

/** One change between two versions. */
export interface ContentChange {
  /** `assessedOn`, `summary`, or `answers.<indicator id>.<field>`. */
  path: string;
  /** `added` (no answer before), `removed` (no answer after) or `changed`. */
  kind: "added" | "removed" | "changed";
  indicatorId?: string;
  from: unknown;
  to: unknown;
}

const FIELDS: readonly (keyof IndicatorAnswer)[] = ["answer", "confidence", "rationale", "evidence"];

function byIndicatorId(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  return pa[0] - pb[0] || pa[1] - pb[1] || a.localeCompare(b);
}

/**
 * The changes from `before` to `after`, in indicator order. Evidence lists compare as a whole
 * (order-insensitive, by canonical JSON of each link).
 * @example
 * diffContent({ assessedOn: "2025-01-01", summary: "a", answers: {} }, { assessedOn: "2025-02-01", summary: "a", answers: {} });
 * // → [{ path: "assessedOn", kind: "changed", from: "2025-01-01", to: "2025-02-01" }]
 */
export function diffContent(before: AssessmentContent, after: AssessmentContent): ContentChange[] {
  const changes: ContentChange[] = [];
  if (before.assessedOn !== after.assessedOn) changes.push({ path: "assessedOn", kind: "changed", from: before.assessedOn, to: after.assessedOn });
  if (before.summary !== after.summary) changes.push({ path: "summary", kind: "changed", from: before.summary, to: after.summary });
  const ids = [...new Set([...Object.keys(before.answers), ...Object.keys(after.answers)])].sort(byIndicatorId);
  for (const id of ids) {
    const a = before.answers[id];
    const b = after.answers[id];
    if (!a) {
      changes.push({ path: `answers.${id}`, kind: "added", indicatorId: id, from: null, to: b });
      continue;
    }
    if (!b) {
      changes.push({ path: `answers.${id}`, kind: "removed", indicatorId: id, from: a, to: null });
      continue;
    }
    for (const field of FIELDS) {
      const same = field === "evidence" ? evidenceKey(a.evidence) === evidenceKey(b.evidence) : a[field] === b[field];
      if (!same) changes.push({ path: `answers.${id}.${field}`, kind: "changed", indicatorId: id, from: a[field], to: b[field] });
    }
  }
  return changes;
}

function evidenceKey(links: IndicatorAnswer["evidence"]): string {
  return links.map((l) => canonicalJson(l)).sort().join("\n");
}
