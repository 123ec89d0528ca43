/**
 * Analyst assessment use cases (issue 9): frameworks (built-in and an organisation's own), the
 * draft → submitted → reviewed → published workflow, history with diffs, JSON export, and the
 * public list of published assessments of a country with the analyst/statistical disagreement flag.
 *
 * Every use case starts with `authorize` and works inside `withOrg`, so row-level security confines
 * it to the actor's organisation; every state change writes an audit entry in the same transaction.
 * Public data (countries, events, episodes, forecasts) is read in the system context because it is
 * not organisation-scoped.
 */
import { randomUUID } from "node:crypto";
import { AssessmentContentError, carryArchives, checkContent, type AssessmentContent, type EvidenceLink, type IndicatorAnswer } from "../domain/assessment/assessment.ts";
import { compareViews, type Disagreement, type StatisticalRisk } from "../domain/assessment/disagreement.ts";
import { diffContent, type ContentChange } from "../domain/assessment/diff.ts";
import { FrameworkError, validateFramework, type Framework } from "../domain/assessment/framework.ts";
import { BUILTIN_FRAMEWORKS, builtinFramework } from "../domain/assessment/frameworks/mod.ts";
import { synthesize, type Synthesis } from "../domain/assessment/scoring.ts";
import { summariseSynthesis } from "../domain/assessment/summary.ts";
import { decide, type AssessmentAction, type AssessmentStatus } from "../domain/assessment/workflow.ts";
import { authorize, can, type Actor } from "../domain/identity/permissions.ts";
import { AssessmentRepository } from "../infra/store/assessment.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import type { AssessmentRow, AssessmentVersionRow } from "../infra/store/schema/mod.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { requireCountry } from "./country.service.ts";

/** What assessment use cases need. */
export interface AssessmentDeps {
  store: Store;
  now?: () => Date;
}

type User = Extract<Actor, { kind: "user" }>;

/** A framework as listed: the template plus where it comes from. */
export type FrameworkView = Framework & { origin: "builtin" | "organisation" };

/** One version as the organisation sees it. */
export interface VersionView {
  id: string;
  version: number;
  status: AssessmentStatus;
  authorId: string;
  reviewerId: string | null;
  reviewNote: string | null;
  assessedOn: string;
  content: AssessmentContent;
  /** Stored at submission; computed live for drafts. */
  synthesis: Synthesis;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  publishedAt: string | null;
}

/** An assessment with its newest version (and, from `getAssessment`, all of them). */
export interface AssessmentView {
  id: string;
  countryIso3: string;
  situation: string | null;
  title: string;
  framework: { key: string; version: number };
  createdBy: string;
  createdAt: string;
  latest: VersionView;
  versions?: VersionView[];
}

/** A published version for anyone: no people, no review notes. */
export interface PublishedAssessmentView {
  id: string;
  version: number;
  countryIso3: string;
  situation: string | null;
  title: string;
  framework: { key: string; version: number; name: string };
  assessedOn: string;
  publishedAt: string;
  content: AssessmentContent;
  synthesis: Synthesis;
  /** The synthesis in words, overall first then one line per factor (`summariseSynthesis`), for briefs. */
  synthesisSummary: string[];
}

/** What a new assessment starts from. */
export interface NewAssessmentInput {
  countryIso3: string;
  situation?: string;
  title: string;
  framework: { key: string; version: number };
  assessedOn: string;
  summary?: string;
  answers?: Record<string, IndicatorAnswer>;
}

/** A change to a draft: fields to replace; an answer set to `null` is removed. */
export interface DraftPatch {
  assessedOn?: string;
  summary?: string;
  answers?: Record<string, IndicatorAnswer | null>;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function asInput<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AssessmentContentError || error instanceof FrameworkError) throw new InvalidInputError(error.message, error.path);
    throw error;
  }
}

/** Finds a framework by key and version: built-in first, else the organisation's own. */
async function resolveFramework(db: Db, organisationId: string, key: string, version: number): Promise<Framework | undefined> {
  return builtinFramework(key, version) ?? (await new AssessmentRepository(db).framework(organisationId, key, version))?.definition;
}

async function frameworkOf(db: Db, a: AssessmentRow): Promise<Framework> {
  const fw = await resolveFramework(db, a.organisationId, a.frameworkKey, a.frameworkVersion);
  // Frameworks are never deleted, so a missing one means the row was written around the application.
  if (!fw) throw new Error(`framework ${a.frameworkKey} v${a.frameworkVersion} of assessment ${a.id} is missing`);
  return fw;
}

function versionView(v: AssessmentVersionRow, fw: Framework): VersionView {
  return {
    id: v.id, version: v.version, status: v.status as AssessmentStatus, authorId: v.authorId, reviewerId: v.reviewerId, reviewNote: v.reviewNote,
    assessedOn: v.assessedOn, content: v.content, synthesis: v.synthesis ?? synthesize(fw, v.content),
    createdAt: iso(v.createdAt)!, updatedAt: iso(v.updatedAt)!, submittedAt: iso(v.submittedAt), reviewedAt: iso(v.reviewedAt), publishedAt: iso(v.publishedAt),
  };
}

function assessmentView(a: AssessmentRow, latest: AssessmentVersionRow, fw: Framework, all?: AssessmentVersionRow[]): AssessmentView {
  return {
    id: a.id, countryIso3: a.countryIso3, situation: a.situation, title: a.title, framework: { key: a.frameworkKey, version: a.frameworkVersion },
    createdBy: a.createdBy, createdAt: iso(a.createdAt)!, latest: versionView(latest, fw), ...(all ? { versions: all.map((v) => versionView(v, fw)) } : {}),
  };
}

function evidenceLinks(answers: Record<string, IndicatorAnswer>): [string, EvidenceLink][] {
  return Object.entries(answers).flatMap(([id, a]) => a.evidence.map((l, i) => [`answers.${id}.evidence[${i}]`, l] as [string, EvidenceLink]));
}

function requireFound(links: [string, EvidenceLink][], kinds: readonly string[], found: Set<string>): void {
  for (const [path, l] of links) {
    if (kinds.includes(l.kind) && !found.has(`${l.kind}:${l.ref}`)) throw new InvalidInputError(`${l.kind} "${l.ref}" was not found`, `${path}.ref`);
  }
}

/**
 * Checks that evidence links to public data point at rows that exist: events, EWP episodes and
 * forecasts. Runs in the system context *before* the organisation's transaction (PGlite has one
 * connection, and the restricted role cannot read public tables). Speech items and URLs are checked
 * for form only.
 * @throws {InvalidInputError} naming the first dangling link
 */
async function checkPublicEvidence(store: Store, answers: Record<string, IndicatorAnswer>): Promise<void> {
  const links = evidenceLinks(answers);
  if (!links.length) return;
  const pub = { events: [] as { source: string; sourceId: string }[], episodes: [] as string[], forecasts: [] as { runId: number; iso3: string }[] };
  for (const [, l] of links) {
    if (l.kind === "event") {
      const at = l.ref.indexOf(":");
      pub.events.push({ source: l.ref.slice(0, at), sourceId: l.ref.slice(at + 1) });
    } else if (l.kind === "episode") pub.episodes.push(l.ref);
    else if (l.kind === "forecast") pub.forecasts.push({ runId: Number(l.ref.split(":")[0]), iso3: l.ref.split(":")[1] });
  }
  requireFound(links, ["event", "episode", "forecast"], await new AssessmentRepository(store.db).existingPublicRefs(pub));
}

/** Checks that report evidence names reports of the organisation (inside its transaction). */
async function checkReportEvidence(tx: Db, organisationId: string, answers: Record<string, IndicatorAnswer>): Promise<void> {
  const links = evidenceLinks(answers);
  const ids = links.filter(([, l]) => l.kind === "report").map(([, l]) => l.ref);
  if (ids.length) requireFound(links, ["report"], await new AssessmentRepository(tx).existingReports(organisationId, ids));
}

/**
 * The built-in frameworks, and the organisation's own for signed-in members.
 * @returns every framework with its factors and indicators
 */
export async function listFrameworks(deps: AssessmentDeps, actor: Actor): Promise<FrameworkView[]> {
  const builtin = BUILTIN_FRAMEWORKS.map((f) => ({ ...f, origin: "builtin" as const }));
  if (actor.kind !== "user" || !(can(actor, "assessment:read") || can(actor, "framework:manage"))) return builtin;
  const own = await withOrg(deps.store, actor.organisationId, (tx) => new AssessmentRepository(tx).frameworks(actor.organisationId));
  return [...builtin, ...own.map((r) => ({ ...r.definition, origin: "organisation" as const }))];
}

/**
 * Adds a framework (or a new version of one) to the actor's organisation, without code.
 * @param input untrusted JSON, checked by `validateFramework`
 * @throws {ForbiddenError} without `framework:manage`
 * @throws {InvalidInputError} for an invalid template (naming the field)
 * @throws {ConflictError} when the key is a built-in's or the version exists
 */
export async function createFramework(deps: AssessmentDeps, actor: Actor, input: unknown): Promise<FrameworkView> {
  authorize(actor, "framework:manage");
  const fw = asInput(() => validateFramework(input));
  if (BUILTIN_FRAMEWORKS.some((b) => b.key === fw.key)) throw new ConflictError(`"${fw.key}" is a built-in framework's key; choose another`);
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new AssessmentRepository(tx);
    if (await repo.framework(actor.organisationId, fw.key, fw.version)) throw new ConflictError(`framework ${fw.key} v${fw.version} exists; published versions never change, add version ${fw.version + 1}`);
    const row = await repo.insertFramework({ id: randomUUID(), organisationId: actor.organisationId, key: fw.key, version: fw.version, name: fw.name, definition: fw, createdBy: actor.userId, createdAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "framework.created", entity: "framework", entityId: row.id, row, details: { key: fw.key, version: fw.version }, at: now });
    return { ...fw, origin: "organisation" as const };
  });
}

/**
 * Starts an assessment of a country (or a situation in it) as draft version 1 by the actor.
 * @throws {ForbiddenError} without `assessment:write`
 * @throws {NotFoundError} for an unknown country or framework
 * @throws {InvalidInputError} for content that does not fit the framework, or dangling evidence
 */
export async function createAssessment(deps: AssessmentDeps, actor: Actor, input: NewAssessmentInput): Promise<AssessmentView> {
  authorize(actor, "assessment:write");
  const now = deps.now?.() ?? new Date();
  const iso3 = (await requireCountry(deps.store.db, input.countryIso3)).iso3;
  const content: AssessmentContent = { assessedOn: input.assessedOn, summary: input.summary ?? "", answers: carryArchives({}, input.answers ?? {}) };
  await checkPublicEvidence(deps.store, content.answers);
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const fw = await resolveFramework(tx, actor.organisationId, input.framework.key, input.framework.version);
    if (!fw) throw new NotFoundError("framework", `${input.framework.key} v${input.framework.version}`);
    asInput(() => checkContent(fw, content));
    await checkReportEvidence(tx, actor.organisationId, content.answers);
    const repo = new AssessmentRepository(tx);
    const a = await repo.insert({ id: randomUUID(), organisationId: actor.organisationId, countryIso3: iso3, situation: input.situation ?? null, title: input.title, frameworkKey: fw.key, frameworkVersion: fw.version, createdBy: actor.userId, createdAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "assessment.created", entity: "assessment", entityId: a.id, row: a, details: { country: iso3, framework: `${fw.key}@${fw.version}` }, at: now });
    const v = await repo.insertVersion({
      id: randomUUID(), organisationId: actor.organisationId, assessmentId: a.id, version: 1, status: "draft", authorId: actor.userId, reviewerId: null, reviewNote: null,
      assessedOn: content.assessedOn, content, synthesis: null, createdAt: now, updatedAt: now, submittedAt: null, reviewedAt: null, publishedAt: null,
    });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "assessment.drafted", entity: "assessment_version", entityId: v.id, row: v, details: { assessmentId: a.id, version: 1, status: "draft" }, at: now });
    return assessmentView(a, v, fw);
  });
}

/** Loads an assessment of the actor's organisation and its newest version (locked), then applies `work`. */
async function onLatest<T>(
  deps: AssessmentDeps,
  actor: User,
  id: string,
  work: (ctx: { tx: Db; repo: AssessmentRepository; a: AssessmentRow; v: AssessmentVersionRow; fw: Framework; now: Date }) => Promise<T>,
): Promise<T> {
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new AssessmentRepository(tx);
    const a = await repo.get(actor.organisationId, id);
    if (!a) throw new NotFoundError("assessment", id);
    authorize(actor, "assessment:read", { organisationId: a.organisationId });
    const v = (await repo.latestVersion(actor.organisationId, id, { forUpdate: true }))!;
    return work({ tx, repo, a, v, fw: await frameworkOf(tx, a), now });
  });
}

function transition(v: AssessmentVersionRow, action: AssessmentAction, actor: User) {
  return decide({ status: v.status as AssessmentStatus, authorId: v.authorId, reviewerId: v.reviewerId, latest: true }, action, actor.userId);
}

/**
 * Changes the open draft (author only).
 * @throws {AssessmentWorkflowError} when the newest version is not the actor's draft
 * @throws {InvalidInputError} for content that does not fit the framework, or dangling evidence
 */
export async function updateDraft(deps: AssessmentDeps, actor: Actor, id: string, patch: DraftPatch): Promise<AssessmentView> {
  authorize(actor, "assessment:write");
  const added = Object.fromEntries(Object.entries(patch.answers ?? {}).filter((e): e is [string, IndicatorAnswer] => e[1] !== null));
  await checkPublicEvidence(deps.store, added);
  return onLatest(deps, actor, id, async ({ tx, repo, a, v, fw, now }) => {
    const t = transition(v, { type: "edit" }, actor);
    const answers = { ...v.content.answers };
    // Archive records are the server's to write: a client's are dropped, stored ones carried over.
    const carried = carryArchives(v.content.answers, added);
    for (const [k, ans] of Object.entries(patch.answers ?? {})) {
      if (ans === null) delete answers[k];
      else answers[k] = carried[k];
    }
    const content: AssessmentContent = { assessedOn: patch.assessedOn ?? v.content.assessedOn, summary: patch.summary ?? v.content.summary, answers };
    asInput(() => checkContent(fw, content));
    await checkReportEvidence(tx, actor.organisationId, added);
    const updated = await repo.updateVersion(actor.organisationId, v.id, { content, assessedOn: content.assessedOn, updatedAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: t.event, entity: "assessment_version", entityId: v.id, row: updated, details: { assessmentId: a.id, version: v.version, changes: diffContent(v.content, content).length }, at: now });
    return assessmentView(a, updated, fw);
  });
}

/**
 * Submits the author's draft for review: every indicator needs an answer (possibly `unknown`) with
 * a rationale, and a summary; the synthesis is computed and kept with the version.
 * @throws {AssessmentWorkflowError} out of order or by someone other than the author
 * @throws {InvalidInputError} for an incomplete draft (naming the first missing field)
 */
export async function submitAssessment(deps: AssessmentDeps, actor: Actor, id: string): Promise<AssessmentView> {
  authorize(actor, "assessment:write");
  return onLatest(deps, actor, id, async ({ tx, repo, a, v, fw, now }) => {
    const t = transition(v, { type: "submit" }, actor);
    asInput(() => checkContent(fw, v.content, { complete: true }));
    const synthesis = synthesize(fw, v.content);
    const updated = await repo.updateVersion(actor.organisationId, v.id, { status: t.status, synthesis, reviewNote: null, submittedAt: now, updatedAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: t.event, entity: "assessment_version", entityId: v.id, row: updated, details: { assessmentId: a.id, version: v.version, from: v.status, to: t.status, score: synthesis.score }, at: now });
    return assessmentView(a, updated, fw);
  });
}

/**
 * A second analyst approves a submitted version (→ reviewed) or returns it to its author (→ draft).
 * @throws {AssessmentWorkflowError} `four_eyes` when the author reviews, `invalid_transition` when not submitted, `note_required`
 */
export async function reviewAssessment(deps: AssessmentDeps, actor: Actor, id: string, review: { decision: "approve" | "return"; note: string }): Promise<AssessmentView> {
  authorize(actor, "assessment:review");
  return onLatest(deps, actor, id, async ({ tx, repo, a, v, fw, now }) => {
    const t = transition(v, { type: "review", ...review }, actor);
    const updated = await repo.updateVersion(actor.organisationId, v.id, {
      status: t.status, reviewerId: review.decision === "approve" ? actor.userId : null, reviewNote: review.note, reviewedAt: now, updatedAt: now,
      ...(t.status === "draft" ? { synthesis: null, submittedAt: null } : {}),
    });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: t.event, entity: "assessment_version", entityId: v.id, row: updated, details: { assessmentId: a.id, version: v.version, from: v.status, to: t.status }, at: now });
    return assessmentView(a, updated, fw);
  });
}

/**
 * Publishes a reviewed version; from then on it never changes (also enforced by a trigger).
 * @throws {AssessmentWorkflowError} when the version is not reviewed
 */
export async function publishAssessment(deps: AssessmentDeps, actor: Actor, id: string): Promise<AssessmentView> {
  authorize(actor, "assessment:publish");
  return onLatest(deps, actor, id, async ({ tx, repo, a, v, fw, now }) => {
    const t = transition(v, { type: "publish" }, actor);
    const updated = await repo.updateVersion(actor.organisationId, v.id, { status: t.status, publishedAt: now, updatedAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: t.event, entity: "assessment_version", entityId: v.id, row: updated, details: { assessmentId: a.id, version: v.version, from: v.status, to: t.status }, at: now });
    return assessmentView(a, updated, fw);
  });
}

/**
 * Starts version n + 1 as a draft by the actor, copying the published content.
 * @throws {AssessmentWorkflowError} when the newest version is not published
 */
export async function reviseAssessment(deps: AssessmentDeps, actor: Actor, id: string): Promise<AssessmentView> {
  authorize(actor, "assessment:write");
  return onLatest(deps, actor, id, async ({ tx, repo, a, v, fw, now }) => {
    const t = transition(v, { type: "revise" }, actor);
    const next = await repo.insertVersion({
      id: randomUUID(), organisationId: actor.organisationId, assessmentId: a.id, version: v.version + 1, status: t.status, authorId: actor.userId, reviewerId: null, reviewNote: null,
      assessedOn: v.assessedOn, content: structuredClone(v.content), synthesis: null, createdAt: now, updatedAt: now, submittedAt: null, reviewedAt: null, publishedAt: null,
    });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: t.event, entity: "assessment_version", entityId: next.id, row: next, details: { assessmentId: a.id, version: next.version, from: v.version }, at: now });
    return assessmentView(a, next, fw);
  });
}

async function loadAll(deps: AssessmentDeps, actor: User, id: string) {
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new AssessmentRepository(tx);
    const a = await repo.get(actor.organisationId, id);
    if (!a) throw new NotFoundError("assessment", id);
    authorize(actor, "assessment:read", { organisationId: a.organisationId });
    return { a, versions: await repo.versions(actor.organisationId, id), fw: await frameworkOf(tx, a) };
  });
}

/**
 * One assessment with every version.
 * @throws {ForbiddenError} without `assessment:read`; {NotFoundError} outside the organisation
 */
export async function getAssessment(deps: AssessmentDeps, actor: Actor, id: string): Promise<AssessmentView> {
  authorize(actor, "assessment:read");
  const { a, versions, fw } = await loadAll(deps, actor, id);
  return assessmentView(a, versions.at(-1)!, fw, versions);
}

/** The organisation's assessments (newest first), optionally of one country. */
export async function listAssessments(deps: AssessmentDeps, actor: Actor, filter: { countryIso3?: string } = {}): Promise<AssessmentView[]> {
  authorize(actor, "assessment:read");
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new AssessmentRepository(tx);
    const out: AssessmentView[] = [];
    for (const a of await repo.list(actor.organisationId, { countryIso3: filter.countryIso3?.toUpperCase() })) {
      out.push(assessmentView(a, (await repo.latestVersion(actor.organisationId, a.id))!, await frameworkOf(tx, a)));
    }
    return out;
  });
}

/** One entry of an assessment's history: the version and what changed since the one before. */
export interface HistoryEntry {
  version: number;
  status: AssessmentStatus;
  authorId: string;
  reviewerId: string | null;
  assessedOn: string;
  score: number | null;
  updatedAt: string;
  publishedAt: string | null;
  changes: ContentChange[];
}

/**
 * Every version with its diff against the previous version (version 1 against an empty draft).
 * @throws {ForbiddenError} without `assessment:read`; {NotFoundError} outside the organisation
 */
export async function assessmentHistory(deps: AssessmentDeps, actor: Actor, id: string): Promise<{ assessmentId: string; history: HistoryEntry[] }> {
  authorize(actor, "assessment:read");
  const { versions, fw } = await loadAll(deps, actor, id);
  let previous: AssessmentContent = { assessedOn: versions[0].assessedOn, summary: "", answers: {} };
  const history = versions.map((v) => {
    const entry: HistoryEntry = {
      version: v.version, status: v.status as AssessmentStatus, authorId: v.authorId, reviewerId: v.reviewerId, assessedOn: v.assessedOn,
      score: (v.synthesis ?? synthesize(fw, v.content)).score, updatedAt: iso(v.updatedAt)!, publishedAt: iso(v.publishedAt), changes: diffContent(previous, v.content),
    };
    previous = v.content;
    return entry;
  });
  return { assessmentId: id, history };
}

/**
 * The whole assessment as one self-contained JSON document: the framework template it was made
 * on, every version with content and synthesis, and the export time (`format: tocsin-assessment/1`).
 */
export async function exportAssessment(deps: AssessmentDeps, actor: Actor, id: string) {
  authorize(actor, "assessment:read");
  const { a, versions, fw } = await loadAll(deps, actor, id);
  const view = assessmentView(a, versions.at(-1)!, fw, versions);
  return { format: "tocsin-assessment/1" as const, exportedAt: (deps.now?.() ?? new Date()).toISOString(), framework: fw, assessment: view };
}

/**
 * The statistical side of the disagreement rule: the country's rank in the newest two-year
 * forecast of the production model (`default`), else of the newest run of any model.
 */
export async function statisticalRisk(store: Store, iso3: string): Promise<StatisticalRisk | null> {
  const repo = new ForecastRepository(store.db);
  const run = (await repo.latestRun("default")) ?? (await repo.runs()).sort((x, y) => y.baseYear - x.baseYear || y.id - x.id)[0];
  if (!run) return null;
  const rows = await repo.forecastsOf(run.id, "two-year");
  const mine = rows.find((r) => r.forecast.countryIso3 === iso3);
  return mine ? { rank: mine.forecast.rank, ranked: rows.length, risk: mine.forecast.risk, baseYear: run.baseYear } : null;
}

/**
 * Published assessments of a country from every organisation (anyone may read them): the newest
 * published version of each assessment, newest assessed first, and the disagreement between the
 * newest of them and the statistical risk.
 * @throws {NotFoundError} for an unknown country
 */
export async function publishedAssessmentsForCountry(deps: AssessmentDeps, iso3: string): Promise<{ iso3: string; assessments: PublishedAssessmentView[]; statistical: StatisticalRisk | null; disagreement: Disagreement }> {
  const code = (await requireCountry(deps.store.db, iso3)).iso3;
  const rows = await new AssessmentRepository(deps.store.db).publishedForCountry(code);
  const seen = new Set<string>();
  const out: PublishedAssessmentView[] = [];
  for (const { assessment: a, version: v } of rows.sort((x, y) => y.version.version - x.version.version)) {
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    const fw = await frameworkOf(deps.store.db, a);
    const synthesis = v.synthesis ?? synthesize(fw, v.content);
    out.push({
      id: a.id, version: v.version, countryIso3: a.countryIso3, situation: a.situation, title: a.title, framework: { key: fw.key, version: fw.version, name: fw.name },
      assessedOn: v.assessedOn, publishedAt: iso(v.publishedAt)!, content: v.content, synthesis,
      synthesisSummary: summariseSynthesis(synthesis),
    });
  }
  out.sort((x, y) => y.assessedOn.localeCompare(x.assessedOn) || y.publishedAt.localeCompare(x.publishedAt));
  const statistical = await statisticalRisk(deps.store, code);
  return { iso3: code, assessments: out, statistical, disagreement: compareViews(out[0]?.synthesis ?? null, statistical) };
}

/**
 * The synthesis of the newest published assessment of a country (any organisation, any
 * framework), for alert explanations: pass it to `applyAssessmentToAlert`. Null when none.
 */
export async function latestPublishedSynthesis(deps: AssessmentDeps, iso3: string): Promise<Synthesis | null> {
  const rows = await new AssessmentRepository(deps.store.db).publishedForCountry(iso3.toUpperCase());
  const newest = rows[0];
  if (!newest) return null;
  return publishedSynthesis(deps.store.db, newest);
}

/**
 * The synthesis of one published version: the stored one, else computed from its framework.
 * @param db the store's database (or a transaction)
 * @param row a row of `AssessmentRepository.publishedForCountry`
 * @throws {Error} when the version's framework is missing (written around the application)
 */
export async function publishedSynthesis(db: Db, row: { assessment: AssessmentRow; version: AssessmentVersionRow }): Promise<Synthesis> {
  return row.version.synthesis ?? synthesize(await frameworkOf(db, row.assessment), row.version.content);
}
