/** Pure helpers of the assessment pages: routes, labels, comparisons and answer bookkeeping. */
import { t, tDynamic } from "../i18n/i18n.ts";

/** Labels read from the catalogue when accessed (`prefix + key`), the English given here as fallback. */
function translated<K extends string>(english: Record<K, string>, prefix: string): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const k of Object.keys(english) as K[]) Object.defineProperty(out, k, { enumerable: true, get: () => tDynamic(prefix + k, english[k]) });
  return out;
}
import type { ContentChange, Framework, IndicatorAnswer, PublishedAssessment, Synthesis } from "./client.ts";

/** The assessment pages under `/assessments`. */
export type AssessmentRoute =
  | { view: "list"; country: string | null }
  | { view: "new"; country: string | null }
  | { view: "work"; id: string }
  | { view: "history"; id: string }
  | { view: "compare"; a: VersionRef; b: VersionRef }
  | { view: "missing" };

/** An assessment, optionally at one version (`<id>` or `<id>@<version>`). */
export interface VersionRef {
  id: string;
  version: number | null;
}

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/**
 * Parses `<id>` or `<id>@<version>`.
 * @returns the reference, or null when malformed
 */
export function parseVersionRef(s: string | null): VersionRef | null {
  const m = s === null ? null : new RegExp(`^(${UUID})(?:@([1-9][0-9]{0,5}))?$`).exec(s);
  return m ? { id: m[1].toLowerCase(), version: m[2] ? Number(m[2]) : null } : null;
}

/** Formats a reference for a URL. */
export const versionRefString = (r: VersionRef) => (r.version === null ? r.id : `${r.id}@${r.version}`);

/**
 * Parses the path and query of an assessment page.
 * @example parseAssessmentRoute("/assessments", "?country=mmr") // { view: "list", country: "MMR" }
 */
export function parseAssessmentRoute(pathname: string, search: string): AssessmentRoute {
  const q = new URLSearchParams(search);
  const countryParam = q.get("country");
  const country = countryParam && /^[A-Za-z]{3}$/.test(countryParam) ? countryParam.toUpperCase() : null;
  const path = pathname.replace(/\/+$/, "");
  if (path === "/assessments") return { view: "list", country };
  if (path === "/assessments/new") return { view: "new", country };
  if (path === "/assessments/compare") {
    const a = parseVersionRef(q.get("a"));
    const b = parseVersionRef(q.get("b"));
    return a && b ? { view: "compare", a, b } : { view: "missing" };
  }
  const m = new RegExp(`^/assessments/(${UUID})(/history)?$`).exec(path);
  if (!m) return { view: "missing" };
  return m[2] ? { view: "history", id: m[1].toLowerCase() } : { view: "work", id: m[1].toLowerCase() };
}

/** Words for analyst levels. */
export const LEVEL_LABEL: Readonly<Record<string, string>> = translated({ low: "Low", moderate: "Moderate", high: "High", very_high: "Very high" }, "assessLevel.");
/** Words for answers. */
export const ANSWER_LABEL: Readonly<Record<IndicatorAnswer["answer"], string>> = translated({ absent: "Absent", present: "Present", strongly_present: "Strongly present", unknown: "Unknown" }, "answer.");
/** Words for workflow states. */
export const STATUS_LABEL: Readonly<Record<string, string>> = translated({ draft: "Draft", submitted: "Submitted for review", reviewed: "Reviewed, ready to publish", published: "Published" }, "assessStatus.");

/** Words for an answer's confidence. */
export const CONFIDENCE_LABEL: Readonly<Record<string, string>> = translated({ low: "low", medium: "medium", high: "high" }, "confidence.");

/** A score as two decimals, or a dash. */
export const formatScore = (s: number | null) => (s === null ? "—" : s.toFixed(2));

/** One factor compared across two syntheses. */
export interface FactorComparison {
  factorId: string;
  name: string;
  a: number | null;
  b: number | null;
  /** b − a, null unless both are scored. */
  delta: number | null;
}

/**
 * Compares two syntheses factor by factor (by factor id, in `a`'s order, then factors only `b` has).
 * Only meaningful on one framework version; callers check that first.
 */
export function compareSyntheses(a: Synthesis, b: Synthesis): FactorComparison[] {
  const bById = new Map(b.factors.map((f) => [f.factorId, f]));
  const rows: FactorComparison[] = a.factors.map((f) => {
    const other = bById.get(f.factorId);
    const bs = other?.score ?? null;
    return { factorId: f.factorId, name: f.name, a: f.score, b: bs, delta: f.score !== null && bs !== null ? bs - f.score : null };
  });
  const seen = new Set(a.factors.map((f) => f.factorId));
  for (const f of b.factors) if (!seen.has(f.factorId)) rows.push({ factorId: f.factorId, name: f.name, a: null, b: f.score, delta: null });
  return rows;
}

/** One indicator whose answer differs between two versions. */
export interface AnswerDifference {
  indicatorId: string;
  text: string;
  a: IndicatorAnswer | null;
  b: IndicatorAnswer | null;
}

/** The indicators of `framework` whose answer or confidence differs between `a` and `b`, in framework order. */
export function differingAnswers(framework: Framework, a: Record<string, IndicatorAnswer>, b: Record<string, IndicatorAnswer>): AnswerDifference[] {
  return framework.factors.flatMap((f) =>
    f.indicators
      .filter((i) => a[i.id]?.answer !== b[i.id]?.answer || a[i.id]?.confidence !== b[i.id]?.confidence)
      .map((i) => ({ indicatorId: i.id, text: i.text, a: a[i.id] ?? null, b: b[i.id] ?? null })),
  );
}

/** The newest published assessment of each framework (the list comes newest first). */
export function latestPerFramework(list: readonly PublishedAssessment[]): PublishedAssessment[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const key = `${p.framework.key}@${p.framework.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === "") return t("change.nothing");
  if (typeof v === "string") {
    if (v in ANSWER_LABEL) return ANSWER_LABEL[v as IndicatorAnswer["answer"]];
    if (v in CONFIDENCE_LABEL) return CONFIDENCE_LABEL[v];
    return `“${v.length > 140 ? `${v.slice(0, 140)}…` : v}”`;
  }
  if (Array.isArray(v)) return t("change.evidence", { n: v.length });
  if (typeof v === "object" && "answer" in (v as object)) {
    const a = v as IndicatorAnswer;
    return t("change.answer", { answer: ANSWER_LABEL[a.answer], confidence: CONFIDENCE_LABEL[a.confidence] ?? a.confidence });
  }
  return String(v);
}

/**
 * One change of a history diff in words, e.g. `Indicator 2.1 answer: Present → Absent`.
 */
export function describeChange(c: ContentChange): string {
  if (c.path === "assessedOn") return t("change.date", { from: show(c.from), to: show(c.to) });
  if (c.path === "summary") return t("change.summary", { from: show(c.from), to: show(c.to) });
  const field = c.path.split(".").slice(3).join(".");
  const id = c.indicatorId ?? "";
  if (c.kind === "added") return t("change.added", { id, to: show(c.to) });
  if (c.kind === "removed") return t("change.removed", { id, from: show(c.from) });
  return t("change.field", { id, field: tDynamic(`change.field.${field}`, field), from: show(c.from), to: show(c.to) });
}

/** Every indicator id of a framework, in order. */
export const indicatorIds = (fw: Framework) => fw.factors.flatMap((f) => f.indicators.map((i) => i.id));

/**
 * Answers every indicator that has none as `unknown` (low confidence) with a stated rationale, so a
 * draft can be submitted; answers already given are kept as they are.
 */
export function markRestUnknown(fw: Framework, answers: Record<string, IndicatorAnswer>): Record<string, IndicatorAnswer> {
  const out = { ...answers };
  for (const id of indicatorIds(fw)) if (!out[id]) out[id] = { answer: "unknown", confidence: "low", rationale: t("assessPage.notAssessed"), evidence: [] };
  return out;
}

/** How many of the framework's indicators have an answer, and how many of those a rationale. */
export function progress(fw: Framework, answers: Record<string, IndicatorAnswer>): { answered: number; withRationale: number; total: number } {
  const ids = indicatorIds(fw);
  const answered = ids.filter((id) => answers[id]);
  return { answered: answered.length, withRationale: answered.filter((id) => answers[id].rationale.trim()).length, total: ids.length };
}
