/**
 * What an analyst writes in an assessment version: an answer per indicator with confidence,
 * rationale and evidence links, plus a dated summary. Pure types and the checks that tie the
 * answers to a framework.
 */
import { ANSWERS, CONFIDENCES, indicatorsOf, type Answer, type Confidence, type Framework } from "./framework.ts";

/** What evidence can point to. Internal kinds hold the id Tocsin uses for the row. */
export const EVIDENCE_KINDS = ["report", "event", "episode", "forecast", "speech", "url"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * A link from an answer to the evidence behind it.
 * - `report`: a report id (UUID) of the same organisation
 * - `event`: `<source>:<sourceId>`, e.g. `ged:123456`
 * - `episode`: an EWP mass-killing episode code
 * - `forecast`: `<runId>:<ISO3>` (a stored forecast run and country)
 * - `speech`: a speech item id from the speech monitor
 * - `url`: an external page; `archivedSha256` is the SHA-256 of the archived copy the analyst saw
 */
export interface EvidenceLink {
  kind: EvidenceKind;
  ref: string;
  note?: string;
  /** For `url`: where an archived copy lives (e.g. a web archive), and its hash and time. */
  archiveUrl?: string;
  archivedSha256?: string;
  archivedAt?: string;
  /**
   * For `url`: Tocsin's own archived copy, written only by the server
   * (`POST /api/assessments/:id/evidence/archive`); whatever a client sends here is replaced by the
   * stored record (see `carryArchives`).
   */
  archive?: EvidenceArchive;
}

/**
 * The outcome of Tocsin fetching a `url` evidence link. A failure is recorded, not fatal: the
 * analyst sees why (`error`) and can try again.
 */
export interface EvidenceArchive {
  status: "archived" | "failed";
  /** When the fetch ended (ISO date-time). */
  fetchedAt: string;
  /** SHA-256 of the bytes kept in the blob store (archived only). */
  sha256?: string;
  /** Size of the archived bytes. */
  bytes?: number;
  /** The response's media type as the server sent it (archived only). */
  contentType?: string;
  /** The final HTTP status, when a response came. */
  httpStatus?: number;
  /** Why archiving failed, in words fit for the analyst (failed only). */
  error?: string;
}

/** The analyst's answer to one indicator. */
export interface IndicatorAnswer {
  answer: Answer;
  confidence: Confidence;
  rationale: string;
  evidence: EvidenceLink[];
}

/** The content of one version (what diffs compare). */
export interface AssessmentContent {
  /** The date the assessment speaks for (`YYYY-MM-DD`). */
  assessedOn: string;
  summary: string;
  /** Indicator id → answer. Indicators without an entry count as `unknown`. */
  answers: Record<string, IndicatorAnswer>;
}

/** Content that does not fit its framework; `path` names the field. */
export class AssessmentContentError extends Error {
  constructor(message: string, readonly path: string) {
    super(`${path}: ${message}`);
    this.name = "AssessmentContentError";
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REF_FORMAT: Readonly<Record<EvidenceKind, RegExp>> = {
  report: UUID,
  event: /^(ged|acled|gdelt):[A-Za-z0-9._-]{1,64}$/,
  episode: /^[A-Za-z0-9._-]{1,64}$/,
  forecast: /^\d{1,12}:[A-Z]{3}$/,
  speech: /^[A-Za-z0-9._:-]{1,128}$/,
  url: /^https?:\/\/\S{1,2000}$/,
};

/**
 * Checks evidence links (format only; whether internal ids exist is the service's job).
 * @throws {AssessmentContentError} for an unknown kind, a malformed ref, a bad hash or date
 */
export function checkEvidence(links: readonly EvidenceLink[], path: string): void {
  if (links.length > 50) throw new AssessmentContentError("at most 50 evidence links", path);
  links.forEach((l, i) => {
    const p = `${path}[${i}]`;
    if (!(EVIDENCE_KINDS as readonly string[]).includes(l.kind)) throw new AssessmentContentError(`kind must be one of ${EVIDENCE_KINDS.join(", ")}`, `${p}.kind`);
    if (!REF_FORMAT[l.kind].test(l.ref)) throw new AssessmentContentError(`"${l.ref}" is not a valid ${l.kind} reference`, `${p}.ref`);
    if (l.archivedSha256 !== undefined && !SHA256.test(l.archivedSha256)) throw new AssessmentContentError("must be 64 lower-case hex digits", `${p}.archivedSha256`);
    if (l.archiveUrl !== undefined && !REF_FORMAT.url.test(l.archiveUrl)) throw new AssessmentContentError("must be an http(s) URL", `${p}.archiveUrl`);
    if (l.archivedAt !== undefined && Number.isNaN(Date.parse(l.archivedAt))) throw new AssessmentContentError("must be an ISO date-time", `${p}.archivedAt`);
    if (l.archive !== undefined) checkArchive(l.archive, `${p}.archive`);
    if (l.kind !== "url" && (l.archivedSha256 || l.archiveUrl || l.archive)) throw new AssessmentContentError("archives apply to url evidence only", p);
  });
}

function checkArchive(a: EvidenceArchive, path: string): void {
  if (a.status !== "archived" && a.status !== "failed") throw new AssessmentContentError("must be archived or failed", `${path}.status`);
  if (Number.isNaN(Date.parse(a.fetchedAt))) throw new AssessmentContentError("must be an ISO date-time", `${path}.fetchedAt`);
  if (a.status === "archived" && !(a.sha256 && SHA256.test(a.sha256))) throw new AssessmentContentError("an archived copy needs its SHA-256", `${path}.sha256`);
}

/**
 * Puts the stored archive records back on a new set of answers: a client may not write
 * `archive` (only the server fetches), so any `archive` it sent is dropped, and a `url` link that
 * was already in the same indicator's evidence keeps its record. Pure; returns new objects.
 * @param previous the answers as stored
 * @param next the answers a client sent
 */
export function carryArchives(previous: Readonly<Record<string, IndicatorAnswer>>, next: Record<string, IndicatorAnswer>): Record<string, IndicatorAnswer> {
  return Object.fromEntries(
    Object.entries(next).map(([id, a]) => {
      const stored = new Map((previous[id]?.evidence ?? []).filter((l) => l.kind === "url" && l.archive).map((l) => [l.ref, l.archive!]));
      const evidence = a.evidence.map((l) => {
        const { archive: _ignored, ...rest } = l;
        const kept = l.kind === "url" ? stored.get(l.ref) : undefined;
        return kept ? { ...rest, archive: kept } : rest;
      });
      return [id, { ...a, evidence }];
    }),
  );
}

/**
 * Checks content against its framework: a valid date, answers only for the framework's indicators,
 * known answers and confidences, and well-formed evidence. With `complete`, also requires an
 * answer (possibly `unknown`) with a rationale for every indicator — the rule for submitting.
 * @throws {AssessmentContentError} naming the first bad field
 */
export function checkContent(framework: Framework, content: AssessmentContent, options: { complete?: boolean } = {}): void {
  if (!DATE.test(content.assessedOn) || Number.isNaN(Date.parse(`${content.assessedOn}T00:00:00Z`))) throw new AssessmentContentError("must be a date YYYY-MM-DD", "assessedOn");
  const ids = new Set(indicatorsOf(framework).map((i) => i.id));
  for (const [id, a] of Object.entries(content.answers)) {
    const p = `answers.${id}`;
    if (!ids.has(id)) throw new AssessmentContentError(`${framework.key} v${framework.version} has no indicator ${id}`, p);
    if (!(ANSWERS as readonly string[]).includes(a.answer)) throw new AssessmentContentError(`answer must be one of ${ANSWERS.join(", ")}`, `${p}.answer`);
    if (!(CONFIDENCES as readonly string[]).includes(a.confidence)) throw new AssessmentContentError(`confidence must be one of ${CONFIDENCES.join(", ")}`, `${p}.confidence`);
    checkEvidence(a.evidence, `${p}.evidence`);
  }
  if (options.complete) {
    if (!content.summary.trim()) throw new AssessmentContentError("a summary is required to submit", "summary");
    for (const id of ids) {
      const a = content.answers[id];
      if (!a) throw new AssessmentContentError("every indicator needs an answer (use unknown) to submit", `answers.${id}`);
      if (!a.rationale.trim()) throw new AssessmentContentError("every answer needs a rationale to submit", `answers.${id}.rationale`);
    }
  }
}
