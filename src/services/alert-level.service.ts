/**
 * Alert-level use cases (issue 7 parts 1 and 5): gather each country's signals from the store,
 * apply the rules (`domain/alerts`), write a new `alerts` row only when a level changes (the old
 * row stops being current in the same transaction), let analysts override a level with a reason,
 * and back-test the structural part of the rules (the track record).
 *
 * Two kinds of view (issue 16 part 1). The PUBLIC level of a subject comes from public signals only
 * — structural forecasts, public event data, published verified reports, published assessments,
 * and speech spikes an analyst confirmed — and is the same for everyone. Each organisation also
 * has its OWN view, which adds its private signals (its verified unpublished reports, spikes in
 * the texts it fed in, its reviewed unpublished assessments) and its overrides. An organisation
 * gets its own `alerts` rows for a subject only when its view differs from the public one there;
 * elsewhere its view IS the public row. An override changes only the overriding organisation's
 * view, unless the instance's operators designated that organisation public publisher
 * (`tocsin orgs set-public-publisher`), whose overrides set the public level.
 *
 * Levels are written in the system context. Audit: a computed change is a system action (`actor:
 * "system"`; an organisation's view change carries its organisation); an override is recorded
 * under the analyst's organisation. Both the new row and the superseded one are hashed into the
 * chain, so `tocsin audit verify` re-checks them.
 */
import { randomUUID } from "node:crypto";
import { compareViews, type StatisticalRisk } from "../domain/assessment/disagreement.ts";
import type { Synthesis } from "../domain/assessment/scoring.ts";
import { applyOverride, computeLevel, holdingLevel, nextLevel, overrideActive, type AlertOverride, type AlertState, type ContributingSignal } from "../domain/alerts/compute.ts";
import { LEVEL_LABELS, type AlertLevel } from "../domain/alerts/level.ts";
import { DEFAULT_RULES, type AlertRules } from "../domain/alerts/rules.ts";
import { assessmentSignal, escalationSignals, forecastSignals, reportSignals, speechSignals, type AlertSignal, type ForecastPoint } from "../domain/alerts/signal.ts";
import { trackRecord, type LevelRecord } from "../domain/alerts/track-record.ts";
import { detectEscalations, type EscalationAlert } from "../domain/events/escalation.ts";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import { SIGNAL_KIND_REGISTRY } from "../domain/alerts/signal-kinds.ts";
import { AlertRepository, alertAuditShape, type AlertFilter, type AlertRow, type AlertViewer } from "../infra/store/alert.repository.ts";
import { AssessmentRepository } from "../infra/store/assessment.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { publishedSynthesis } from "./assessment.service.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { confirmedSpikeKeys, spikeKey } from "./speech-confirmation.service.ts";
import { requireCountry } from "./country.service.ts";
import { speechAlerts } from "./speech.service.ts";

/** What alert-level use cases need. */
export interface AlertDeps {
  store: Store;
  now?: () => Date;
  /** The rule set (default `DEFAULT_RULES`). */
  rules?: AlertRules;
  /**
   * Called inside the transaction that writes a level change, with the new current row (delivery
   * enqueues its outbox entries here, so a change and its notifications commit together).
   */
  onLevelChange?: (tx: Db, alert: AlertRow) => Promise<void>;
}

/** The forecasting model whose forecasts and back-test the levels use. */
export const ALERT_MODEL = "default";
/** Years of events before the reporting window that form the escalation detector's baseline. */
const BASELINE_DAYS = 3 * 365;
const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Days until a level is to be reassessed by default (graver levels sooner). */
const REASSESS_DAYS: Readonly<Record<AlertLevel, number | null>> = { none: null, watch: 90, warning: 30, emergency: 7 };

/** One change made by a computation. */
export interface AlertChange {
  id: string;
  /** Whose view changed: null for the public level, else the organisation. */
  organisationId: string | null;
  iso3: string;
  situation: string;
  from: AlertLevel;
  to: AlertLevel;
  transition: string;
}

/** What a computation saw and did. */
export interface ComputationSummary {
  computedAt: string;
  /** Subjects (countries and situations) computed. */
  subjects: number;
  changes: AlertChange[];
  basis: Record<string, unknown>;
}

const key = (iso3: string, situation: string) => `${iso3}|${situation}`;

/** Loads the forecast of every country from the newest run and the one before (or the back-test year before). */
async function loadForecasts(store: Store): Promise<{ current: Map<string, ForecastPoint>; previous: Map<string, ForecastPoint>; basis: Record<string, unknown> }> {
  const repo = new ForecastRepository(store.db);
  const run = await repo.latestRun(ALERT_MODEL);
  const current = new Map<string, ForecastPoint>();
  const previous = new Map<string, ForecastPoint>();
  if (!run) return { current, previous, basis: { forecast: null } };
  const rows = await repo.forecastsOf(run.id, "two-year");
  for (const { forecast: f } of rows) current.set(f.countryIso3, { baseYear: run.baseYear, rank: f.rank, ranked: rows.length, risk: f.risk, source: `forecast:${run.id}:${f.countryIso3}` });
  const prevRun = (await repo.runs()).find((r) => r.modelId === ALERT_MODEL && r.baseYear < run.baseYear);
  let previousBasis: Record<string, unknown> | null = null;
  if (prevRun) {
    const prows = await repo.forecastsOf(prevRun.id, "two-year");
    for (const { forecast: f } of prows) previous.set(f.countryIso3, { baseYear: prevRun.baseYear, rank: f.rank, ranked: prows.length, risk: f.risk, source: `forecast:${prevRun.id}:${f.countryIso3}` });
    previousBasis = { runId: prevRun.id, baseYear: prevRun.baseYear };
  } else {
    // No earlier run: the out-of-sample back-test risk of the year before is the honest previous value.
    const brows = await new AlertRepository(store.db).backtestYear(ALERT_MODEL, run.baseYear - 1);
    for (const b of brows) previous.set(b.iso3, { baseYear: run.baseYear - 1, rank: b.rank, ranked: brows.length, risk: b.risk, source: `backtest:${run.baseYear - 1}:${b.iso3}` });
    if (brows.length) previousBasis = { backtestYear: run.baseYear - 1 };
  }
  return { current, previous, basis: { forecast: { runId: run.id, baseYear: run.baseYear, dataVersionId: run.dataVersionId, model: ALERT_MODEL }, previousForecast: previousBasis } };
}

/** Escalation alerts (tocsin detector, monthly, country and admin1 level) ending in the recent window. */
async function loadEscalations(store: Store, now: Date, recentDays: number, only?: ReadonlySet<string>): Promise<EscalationAlert[]> {
  const repo = new AlertRepository(store.db);
  const to = dayOf(now);
  const reportFrom = dayOf(new Date(now.getTime() - recentDays * DAY));
  const baselineFrom = dayOf(new Date(now.getTime() - (recentDays + BASELINE_DAYS) * DAY));
  const out: EscalationAlert[] = [];
  for (const iso3 of await repo.countriesWithEvents(reportFrom, to)) {
    if (only && !only.has(iso3)) continue;
    const events = await repo.eventsOf(iso3, baselineFrom, to);
    // Detection looks at alerts starting a little earlier too: an episode that began before the
    // window but is still running counts (escalationSignals filters on its end).
    const from = dayOf(new Date(now.getTime() - 2 * recentDays * DAY));
    for (const level of ["country", "admin1"] as const) {
      out.push(...detectEscalations(events, { detector: "tocsin", level, period: "month", from, to, country: iso3 }));
    }
  }
  return out;
}

/** Builds the current state of a subject from its current row and bookkeeping. */
function stateOf(row: AlertRow | undefined, bookkeeping: { ruleLevel: AlertLevel | null; pendingLevel: AlertLevel | null; pendingCount: number; pendingSince: Date | null } | undefined): AlertState | null {
  if (!row) return null;
  return {
    level: row.level,
    computedLevel: bookkeeping?.ruleLevel ?? row.computedLevel,
    override: (row.override as AlertOverride | null) ?? null,
    pending: bookkeeping?.pendingLevel && bookkeeping.pendingSince ? { level: bookkeeping.pendingLevel, count: bookkeeping.pendingCount, since: bookkeeping.pendingSince.toISOString() } : null,
  };
}

/** Writes a change row, audits it (and the superseded row) and runs the hook, in the caller's transaction. */
async function writeChange(
  tx: Db,
  deps: AlertDeps,
  input: { viewer?: AlertViewer; iso3: string; situation: string; level: AlertLevel; previous: AlertLevel; computedLevel: AlertLevel; explanation: string; signals: AlertSignal[]; override: AlertOverride | null; basis: Record<string, unknown>; now: Date },
  audit: { organisationId: string | null; actor: string; action: string; details: Record<string, unknown> },
): Promise<AlertRow> {
  const repo = new AlertRepository(tx);
  const reassess = REASSESS_DAYS[input.level];
  const { row, superseded } = await repo.recordChange({
    id: randomUUID(), organisationId: input.viewer ?? null, countryIso3: input.iso3, situation: input.situation, level: input.level, previousLevel: input.previous, computedLevel: input.computedLevel,
    explanation: input.explanation, signals: input.signals as unknown[], override: input.override as unknown as Record<string, unknown> | null,
    reassessOn: reassess === null ? null : dayOf(new Date(input.now.getTime() + reassess * DAY)), basis: input.basis, createdAt: input.now,
  });
  if (superseded) {
    await recordAudit(tx, { organisationId: audit.organisationId, actor: audit.actor, action: "alert.superseded", entity: "alert", entityId: superseded.id, row: alertAuditShape(superseded), details: { by: row.id }, at: input.now });
  }
  await recordAudit(tx, { organisationId: audit.organisationId, actor: audit.actor, action: audit.action, entity: "alert", entityId: row.id, row: alertAuditShape(row), details: { country: input.iso3, situation: input.situation ? "admin1" : "", view: input.viewer ? "organisation" : "public", from: input.previous, to: input.level, ...audit.details }, at: input.now });
  if (deps.onLevelChange && row.level !== row.previousLevel) await deps.onLevelChange(tx, row);
  return row;
}

/** Keeps the signals worth storing with a change: those behind the level, and a flagged disagreement. */
function storedSignals(judged: ContributingSignal[]): AlertSignal[] {
  return judged.filter((s) => s.supports !== "none" || (s.kind === "assessment" && s.detail?.disagreement));
}

type SignalMap = Map<string, AlertSignal[]>;

function addTo(map: SignalMap, known: Set<string>, s: AlertSignal, situation = ""): void {
  if (!known.has(s.countryIso3)) return;
  const k = key(s.countryIso3, situation);
  map.set(k, [...(map.get(k) ?? []), s]);
}

/**
 * The public signals of every subject: forecasts, published assessments, escalations in public
 * event data, confirmed speech spikes and published verified reports.
 */
async function publicSignals(store: Store, now: Date, rules: AlertRules, known: Set<string>, only?: ReadonlySet<string>) {
  const repo = new AlertRepository(store.db);
  const forecasts = await loadForecasts(store);
  const escalations = await loadEscalations(store, now, rules.recentDays.escalation, only);
  // Spikes over every organisation's texts, but only those an analyst confirmed (issue 14 point 8).
  const confirmed = await confirmedSpikeKeys(store);
  const needsConfirmation = SIGNAL_KIND_REGISTRY["speech-spike"].needsConfirmation;
  const spikes = (await speechAlerts(store, { period: "week" })).filter((a) => !needsConfirmation || confirmed.has(spikeKey(a)));
  const reports = await repo.publishedReportFacts(new Date(now.getTime() - rules.recentDays.reports * DAY));
  const signals: SignalMap = new Map();
  const add = (s: AlertSignal, situation = "") => addTo(signals, known, s, situation);
  for (const [iso3, cur] of forecasts.current) for (const s of forecastSignals(iso3, cur, forecasts.previous.get(iso3))) add(s);
  const analyst = new Map<string, Synthesis>();
  for (const iso3 of await repo.countriesWithPublishedAssessments()) {
    // One query per country: the newest published version gives both the synthesis and its id.
    const [newest] = await new AssessmentRepository(store.db).publishedForCountry(iso3);
    if (!newest) continue;
    const synthesis = await publishedSynthesis(store.db, newest);
    analyst.set(iso3, synthesis);
    const s = assessmentSignal(iso3, synthesis, compareViews(synthesis, statisticalOf(forecasts.current.get(iso3))), { id: `assessment:${newest.assessment.id}:v${newest.version.version}`, assessedOn: newest.version.assessedOn });
    if (s) add(s);
  }
  for (const a of escalations) {
    for (const s of escalationSignals([a], now, rules.recentDays.escalation, analyst.get(a.countryIso3 ?? "") ?? null)) {
      add(s);
      if (s.situation) add(s, s.situation);
    }
  }
  for (const s of speechSignals(spikes, now, rules.recentDays.speech)) add(s);
  for (const s of reportSignals(reports, now, rules.recentDays.reports)) add(s);
  const basis = {
    computedAt: now.toISOString(), rules: rules === DEFAULT_RULES ? "default" : "custom", ...forecasts.basis,
    escalations: { detector: "tocsin", period: "month", levels: ["country", "admin1"], recentDays: rules.recentDays.escalation, found: escalations.length },
    speech: { period: "week", recentDays: rules.recentDays.speech, confirmedOnly: true }, reports: { recentDays: rules.recentDays.reports, published: reports.length },
  };
  return { signals, basis, forecasts: forecasts.current };
}

function statisticalOf(f: ForecastPoint | undefined): StatisticalRisk | null {
  return f ? { rank: f.rank, ranked: f.ranked, risk: f.risk, baseYear: f.baseYear } : null;
}

/**
 * One organisation's private signals: its verified reports not published, spikes in the texts it
 * fed in (unconfirmed ones too: they are its own), and its newest reviewed, unpublished assessment
 * per country. Each signal says it is private in `detail.view`.
 */
async function privateSignals(store: Store, organisationId: string, now: Date, rules: AlertRules, known: Set<string>, forecasts: Map<string, ForecastPoint>): Promise<SignalMap> {
  const repo = new AlertRepository(store.db);
  const signals: SignalMap = new Map();
  const mark = (s: AlertSignal): AlertSignal => ({ ...s, detail: { ...s.detail, view: "organisation" } });
  const add = (s: AlertSignal) => addTo(signals, known, mark(s));
  const reports = await repo.privateReportFacts(organisationId, new Date(now.getTime() - rules.recentDays.reports * DAY));
  for (const s of reportSignals(reports, now, rules.recentDays.reports)) add({ ...s, sentence: s.sentence.replace("published", "verified by your organisation (not published)") });
  const confirmed = await confirmedSpikeKeys(store);
  const spikes = (await speechAlerts(store, { period: "week", organisationId })).filter((a) => !confirmed.has(spikeKey(a)));
  for (const s of speechSignals(spikes, now, rules.recentDays.speech)) add({ ...s, sentence: `${s.sentence} Not yet confirmed by an analyst: it moves only your organisation's view.` });
  for (const row of await repo.reviewedAssessments(organisationId)) {
    const iso3 = row.assessment.countryIso3;
    const synthesis = await publishedSynthesis(store.db, row);
    const s = assessmentSignal(iso3, synthesis, compareViews(synthesis, statisticalOf(forecasts.get(iso3))), { id: `assessment:${row.assessment.id}:v${row.version.version}`, assessedOn: row.version.assessedOn });
    if (s) add({ ...s, sentence: s.sentence.replace("newest published analyst assessment", "your organisation's newest reviewed (unpublished) assessment") });
  }
  return signals;
}

/**
 * Computes every subject's level from the store's signals and records the changes: the public
 * level first, then each organisation's own view (see the module doc).
 * Subjects: every country with a signal or a level, and every admin1 situation with an escalation
 * (or a level). A country's level sees all its signals (an escalation in one region raises the
 * country); a situation's level sees its own escalations.
 * @param options `countries`: compute only these countries and their situations (a feed that
 *   brought new events for them; escalation detection, the costly part, runs for them alone)
 * @returns the changes (none when nothing moved) and the basis of the computation
 */
export async function computeAlertLevels(deps: AlertDeps, options: { countries?: readonly string[] } = {}): Promise<ComputationSummary> {
  const only = options.countries ? new Set(options.countries) : undefined;
  const inScope = (k: string) => !only || only.has(k.split("|")[0]!);
  const now = deps.now?.() ?? new Date();
  const rules = deps.rules ?? DEFAULT_RULES;
  const store = deps.store;
  const repo = new AlertRepository(store.db);
  const known = new Set((await new CountryRepository(store.db).list()).map((c) => c.iso3));

  const pub = await publicSignals(store, now, rules, known, only);
  const changes: AlertChange[] = [];
  const publicRows = await repo.currentBySubject(null);
  const publicStates = await repo.states(null);
  const subjects = new Set([...pub.signals.keys(), ...publicRows.keys()].filter(inScope));
  for (const k of [...subjects].sort()) {
    const change = await computeSubject(deps, { viewer: null, k, signals: pub.signals.get(k) ?? [], bookkeeping: publicStates.get(k), basis: pub.basis, now, rules });
    if (change) changes.push(change);
  }

  let orgSubjects = 0;
  for (const org of await repo.organisations()) {
    const own = await privateSignals(store, org.id, now, rules, known, pub.forecasts);
    const ownRows = await repo.currentBySubject(org.id);
    const ownStates = await repo.states(org.id);
    const keys = new Set([...own.keys(), ...ownRows.keys()].filter(inScope));
    orgSubjects += keys.size;
    for (const k of [...keys].sort()) {
      const signals = [...(pub.signals.get(k) ?? []), ...(own.get(k) ?? [])];
      const change = await computeSubject(deps, { viewer: org.id, k, signals, bookkeeping: ownStates.get(k), basis: { ...pub.basis, view: "organisation" }, now, rules });
      if (change) changes.push(change);
    }
  }
  return { computedAt: now.toISOString(), subjects: subjects.size + orgSubjects, changes, basis: pub.basis };
}

type Bookkeeping = Parameters<typeof stateOf>[1];

/**
 * Computes one subject in one view, in its own transaction. An organisation without its own row
 * for the subject starts from the public rule state (its view was the public one); it gets a row
 * only when its level differs from that.
 */
async function computeSubject(
  deps: AlertDeps,
  input: { viewer: AlertViewer; k: string; signals: AlertSignal[]; bookkeeping: Bookkeeping; basis: Record<string, unknown>; now: Date; rules: AlertRules },
): Promise<AlertChange | null> {
  const { viewer, k, now, rules } = input;
  const [iso3, situation] = k.split("|");
  return deps.store.transaction(async (tx) => {
    const repo = new AlertRepository(tx);
    // The subject's current row is read again, locked, inside its own transaction: an analyst's
    // override (or clear) committed since the snapshot above must be the state the rules start
    // from, or writing this change would silently supersede it.
    const fresh = await repo.currentOf(iso3, situation, { forUpdate: true, viewer });
    let previous = stateOf(fresh, input.bookkeeping);
    let visible = previous?.level ?? "none";
    if (viewer !== null && !fresh) {
      const pubRow = await repo.currentOf(iso3, situation, { viewer: null });
      const pubState = stateOf(pubRow, (await repo.states(null)).get(k));
      // Start from the public rules' state without its override: the view adds signals to the rules.
      previous = pubState ? { ...pubState, level: pubState.computedLevel, override: null } : null;
      visible = pubRow?.level ?? "none";
    }
    const computed = computeLevel(input.signals, rules, holdingLevel(previous));
    const next = nextLevel(previous, computed.level, now, rules);
    if (viewer !== null && !fresh && next.state.level === visible) return null;
    let change: AlertChange | null = null;
    if (next.changed || (viewer !== null && !fresh)) {
      const note = viewer !== null && !fresh ? `Your organisation's view differs from the public level (${LEVEL_LABELS[visible]}) because of its own signals.` : "";
      const written = await writeChange(
        tx, deps,
        {
          viewer, iso3, situation, level: next.state.level, previous: visible, computedLevel: next.state.computedLevel,
          explanation: `${note ? `${note} ` : ""}${next.note} ${computed.explanation}`, signals: storedSignals(computed.judged), override: next.state.override, basis: input.basis, now,
        },
        { organisationId: viewer, actor: "system", action: next.transition === "override-ended" ? "alert.override-expired" : "alert.changed", details: { transition: next.transition } },
      );
      if (written.level !== visible || next.changed) change = { id: written.id, organisationId: viewer, iso3, situation, from: visible, to: next.state.level, transition: next.transition };
    }
    const p = next.state.pending;
    await repo.saveState({
      organisationId: viewer, countryIso3: iso3, situation, ruleLevel: next.state.computedLevel, pendingLevel: p?.level ?? null, pendingCount: p?.count ?? 0, pendingSince: p ? new Date(p.since) : null, computedAt: now,
    });
    return change;
  });
}

/** A current level as the API shows it. */
export interface AlertView {
  id: string;
  iso3: string;
  name: string;
  region: string | null;
  situation: string;
  level: AlertLevel;
  label: string;
  previousLevel: AlertLevel;
  computedLevel: AlertLevel;
  explanation: string;
  since: string;
  reassessOn: string | null;
  /** The override in force (null when none, or when it has lapsed). */
  override: { level: AlertLevel; reason: string; at: string; until: string | null } | null;
  signals: AlertSignal[];
}

// Who set an override stays in the audit log; the public view shows the level, reason and times.
function view(row: AlertRow, name: string, region: string | null, now: Date): AlertView {
  const o = row.override as AlertOverride | null;
  return {
    id: row.id, iso3: row.countryIso3, name, region, situation: row.situation, level: row.level, label: LEVEL_LABELS[row.level], previousLevel: row.previousLevel,
    computedLevel: row.computedLevel, explanation: row.explanation, since: new Date(row.createdAt).toISOString(), reassessOn: row.reassessOn,
    override: overrideActive(o, now) ? { level: o.level, reason: o.reason, at: o.at, until: o.until ?? null } : null,
    signals: row.signals as AlertSignal[],
  };
}

/** Current levels (anyone), gravest first; levels `none` are left out unless asked for. */
export async function listAlerts(deps: AlertDeps, filter: AlertFilter = {}): Promise<AlertView[]> {
  const now = deps.now?.() ?? new Date();
  const levels = filter.levels?.length ? filter.levels : ["watch", "warning", "emergency"];
  const rows = await new AlertRepository(deps.store.db).current({ ...filter, levels, country: filter.country?.toUpperCase() });
  return rows.map((r) => view(r.alert, r.name, r.region, now));
}

/** One change in a country's history. */
export interface AlertHistoryEntry {
  id: string;
  situation: string;
  level: AlertLevel;
  previousLevel: AlertLevel;
  computedLevel: AlertLevel;
  overridden: boolean;
  explanation: string;
  at: string;
}

/**
 * A country's current level (whole country), its situations' levels, and its history of changes.
 * @throws {NotFoundError} for an unknown country
 */
export async function countryAlert(deps: AlertDeps, iso3: string): Promise<{ iso3: string; name: string; current: AlertView | null; situations: AlertView[]; history: AlertHistoryEntry[] }> {
  const code = iso3.toUpperCase();
  const country = await requireCountry(deps.store.db, code);
  const now = deps.now?.() ?? new Date();
  const repo = new AlertRepository(deps.store.db);
  const rows = await repo.current({ country: code });
  const views = rows.map((r) => view(r.alert, r.name, r.region, now));
  const history = (await repo.history(code)).map((r) => ({
    id: r.id, situation: r.situation, level: r.level, previousLevel: r.previousLevel, computedLevel: r.computedLevel, overridden: r.override !== null,
    explanation: r.explanation, at: new Date(r.createdAt).toISOString(),
  }));
  return { iso3: code, name: country.name, current: views.find((v) => v.situation === "") ?? null, situations: views.filter((v) => v.situation !== ""), history };
}

/** What an override sets. */
export interface OverrideInput {
  situation?: string;
  level: AlertLevel;
  reason: string;
  /** ISO time the override lapses; absent = until cleared. */
  until?: string;
}

/**
 * Which view an actor's overrides change: the public level when the operators designated the
 * actor's organisation public publisher, else the organisation's own view.
 */
async function overrideViewer(db: Db, actor: Actor & { kind: "user" }): Promise<AlertViewer> {
  const org = (await new AlertRepository(db).organisations()).find((o) => o.id === actor.organisationId);
  return org?.publicPublisher ? null : actor.organisationId;
}

/** The state a view's override starts from: its own row, or (no own row yet) the public rule state. */
async function viewState(repo: AlertRepository, viewer: AlertViewer, code: string, situation: string) {
  const own = await repo.currentOf(code, situation, { forUpdate: true, viewer });
  if (own || viewer === null) return { row: own, previous: stateOf(own, (await repo.states(viewer)).get(key(code, situation))), visible: own?.level ?? ("none" as AlertLevel) };
  const pubRow = await repo.currentOf(code, situation, { viewer: null });
  const pubState = stateOf(pubRow, (await repo.states(null)).get(key(code, situation)));
  return { row: pubRow, previous: pubState ? { ...pubState, level: pubState.computedLevel, override: null } : null, visible: pubRow?.level ?? ("none" as AlertLevel) };
}

/**
 * Overrides a subject's level with a reason (analysts). The override changes only the analyst's
 * organisation's view — unless the organisation is a designated public publisher, whose overrides
 * set the public level. Always writes a new row (the reason and who/when are part of the record)
 * and audits it under the analyst's organisation.
 * @throws {ForbiddenError} without `alert:override`
 * @throws {NotFoundError} for an unknown country
 * @throws {InvalidInputError} for a blank reason or an expiry not in the future
 */
export async function overrideAlertLevel(deps: AlertDeps, actor: Actor, iso3: string, input: OverrideInput): Promise<AlertView> {
  authorize(actor, "alert:override");
  if (actor.kind !== "user") throw new InvalidInputError("an override needs a signed-in analyst", "actor");
  const now = deps.now?.() ?? new Date();
  const code = iso3.toUpperCase();
  const situation = input.situation ?? "";
  const country = await requireCountry(deps.store.db, code);
  if (!input.reason.trim()) throw new InvalidInputError("an override needs a reason", "reason");
  if (input.until !== undefined && !(Date.parse(input.until) > now.getTime())) throw new InvalidInputError("until must be a time in the future", "until");
  const override: AlertOverride = { level: input.level, reason: input.reason.trim(), by: actorLabel(actor), at: now.toISOString(), ...(input.until ? { until: new Date(input.until).toISOString() } : {}) };
  const row = await deps.store.transaction(async (tx) => {
    const repo = new AlertRepository(tx);
    const viewer = await overrideViewer(tx, actor);
    const { row: current, previous, visible } = await viewState(repo, viewer, code, situation);
    const next = applyOverride(previous, override);
    const whose = viewer === null ? "by a public publisher" : "by your organisation's analyst (your view only)";
    const explanation = `Overridden ${whose} to ${LEVEL_LABELS[override.level]}${override.until ? ` until ${override.until}` : ""}: ${override.reason} (the rules say ${LEVEL_LABELS[next.computedLevel]}).` + (current ? ` Before the override: ${current.explanation}` : "");
    return writeChange(
      tx, deps,
      { viewer, iso3: code, situation, level: next.level, previous: visible, computedLevel: next.computedLevel, explanation, signals: (current?.signals as AlertSignal[]) ?? [], override, basis: current?.basis ?? { computedAt: null }, now },
      { organisationId: actor.organisationId, actor: actorLabel(actor), action: "alert.overridden", details: { level: override.level, until: override.until ?? null, view: viewer === null ? "public" : "organisation" } },
    );
  });
  return view(row, country.name, country.region ?? null, now);
}

/**
 * Clears a subject's override in the view the actor's overrides change (see
 * {@link overrideAlertLevel}): the level returns to what the rules say. Audited.
 * @throws {ForbiddenError} without `alert:override`
 * @throws {NotFoundError} for an unknown country
 * @throws {ConflictError} when no override is in force
 */
export async function clearAlertOverride(deps: AlertDeps, actor: Actor, iso3: string, situation = ""): Promise<AlertView> {
  authorize(actor, "alert:override");
  if (actor.kind !== "user") throw new InvalidInputError("clearing an override needs a signed-in analyst", "actor");
  const now = deps.now?.() ?? new Date();
  const code = iso3.toUpperCase();
  const country = await requireCountry(deps.store.db, code);
  const row = await deps.store.transaction(async (tx) => {
    const repo = new AlertRepository(tx);
    const viewer = await overrideViewer(tx, actor);
    const current = await repo.currentOf(code, situation, { forUpdate: true, viewer });
    if (!current || !overrideActive(current.override as AlertOverride | null, now)) throw new ConflictError(`no override is in force for ${code}${situation ? ` / ${situation}` : ""}`);
    const previous = stateOf(current, (await repo.states(viewer)).get(key(code, situation)))!;
    const next = applyOverride(previous, null);
    const explanation = `The analyst override was cleared; the rules set ${LEVEL_LABELS[next.level]}. ${current.explanation}`;
    return writeChange(
      tx, deps,
      { viewer, iso3: code, situation, level: next.level, previous: previous.level, computedLevel: next.computedLevel, explanation, signals: current.signals as AlertSignal[], override: null, basis: current.basis, now },
      { organisationId: actor.organisationId, actor: actorLabel(actor), action: "alert.override-cleared", details: { view: viewer === null ? "public" : "organisation" } },
    );
  });
  return view(row, country.name, country.region ?? null, now);
}

/** One subject as an organisation sees it: its own level beside the public one. */
export interface OrganisationAlertView extends AlertView {
  /** `organisation` when the organisation has its own level here, `public` when its view is the public level. */
  view: "organisation" | "public";
  publicLevel: AlertLevel;
  publicLabel: string;
  /** Why the two differ (null when they do not). */
  difference: string | null;
}

/**
 * Why an organisation's level differs from the public one: its override, or its private signals
 * (those marked `detail.view = "organisation"`), named one by one. Null when the levels are equal.
 */
export function explainDifference(own: { level: AlertLevel; override: AlertView["override"]; signals: AlertSignal[] }, publicLevel: AlertLevel): string | null {
  if (own.level === publicLevel) return null;
  const head = `Your organisation's level is ${LEVEL_LABELS[own.level]}; the public level is ${LEVEL_LABELS[publicLevel]}.`;
  if (own.override) return `${head} Your organisation's analyst overrode it: ${own.override.reason}`;
  const mine = own.signals.filter((s) => s.detail?.view === "organisation").map((s) => s.sentence);
  if (mine.length) return `${head} Your organisation's own signals, which the public level does not see: ${mine.join(" ")}`;
  return `${head} The public level changed since your organisation's view was last computed, or differs by corroboration and hysteresis.`;
}

function orgView(r: { alert: AlertRow; name: string; region: string | null; publicAlert: AlertRow | null }, now: Date): OrganisationAlertView {
  const v = view(r.alert, r.name, r.region, now);
  const publicLevel = r.publicAlert?.level ?? "none";
  return { ...v, view: r.alert.organisationId ? "organisation" : "public", publicLevel, publicLabel: LEVEL_LABELS[publicLevel], difference: explainDifference(v, publicLevel) };
}

/**
 * An organisation's view of the current levels (its own where it has one, the public one
 * elsewhere), each beside the public level with the difference explained. Levels `none` are left
 * out unless asked for (a subject stays in when either level is asked for).
 */
export async function organisationAlerts(deps: AlertDeps, actor: Actor, filter: AlertFilter = {}): Promise<OrganisationAlertView[]> {
  // Every role holds it; a user awaiting a new password (no permission) and narrower tokens do not.
  authorize(actor, "alert:subscribe");
  const now = deps.now?.() ?? new Date();
  const levels = filter.levels?.length ? filter.levels : ["watch", "warning", "emergency"];
  const rows = await new AlertRepository(deps.store.db).currentView(actor.organisationId, { ...filter, levels, country: filter.country?.toUpperCase() });
  return rows.map((r) => orgView(r, now));
}

/**
 * One country as an organisation sees it: its level beside the public one, its situations, and the
 * history of its own view's changes (public changes are in {@link countryAlert}).
 * @throws {NotFoundError} for an unknown country
 */
export async function organisationCountryAlert(deps: AlertDeps, actor: Actor, iso3: string): Promise<{ iso3: string; name: string; current: OrganisationAlertView | null; situations: OrganisationAlertView[]; history: AlertHistoryEntry[] }> {
  // Every role holds it; a user awaiting a new password (no permission) and narrower tokens do not.
  authorize(actor, "alert:subscribe");
  const code = iso3.toUpperCase();
  const country = await requireCountry(deps.store.db, code);
  const now = deps.now?.() ?? new Date();
  const repo = new AlertRepository(deps.store.db);
  const views = (await repo.currentView(actor.organisationId, { country: code })).map((r) => orgView(r, now));
  const history = (await repo.history(code, 200, actor.organisationId)).map((r) => ({
    id: r.id, situation: r.situation, level: r.level, previousLevel: r.previousLevel, computedLevel: r.computedLevel, overridden: r.override !== null,
    explanation: r.explanation, at: new Date(r.createdAt).toISOString(),
  }));
  return { iso3: code, name: country.name, current: views.find((v) => v.situation === "") ?? null, situations: views.filter((v) => v.situation !== ""), history };
}

/** The track record as the API shows it. */
export interface TrackRecordView {
  model: string;
  backtest: { id: number; dataVersionId: number; createdAt: string } | null;
  horizonYears: number;
  years: [number, number] | null;
  countryYears: number;
  positives: number;
  levels: LevelRecord[];
  method: string;
}

/**
 * Back-tests the structural part of the level rules on the stored out-of-sample walk-forward
 * history of the production model against EWP's coded onsets (definitions in
 * `domain/alerts/track-record.ts`). Empty (no levels scored) before `tocsin forecast evaluate` ran.
 * @param horizonYears 1 or 2 (default 2, the forecasts' window)
 */
export async function alertTrackRecord(deps: AlertDeps, horizonYears = 2): Promise<TrackRecordView> {
  const repo = new AlertRepository(deps.store.db);
  const b = await repo.latestBacktestRecord(ALERT_MODEL);
  const method =
    "Levels the structural rules (forecast rank/risk bands and their change, with the live hysteresis) would have set each year from out-of-sample forecasts " +
    `(models trained only on earlier years), scored against EWP onsets in the ${horizonYears} year(s) after each data year. Thresholds fixed before scoring.`;
  if (!b) return { model: ALERT_MODEL, backtest: null, horizonYears, years: null, countryYears: 0, positives: 0, levels: [], method };
  // A stored back-test never changes (a new one gets a new id), so its record is computed once per
  // process for the default rules; onsets come from the same data version as the back-test.
  const cacheKey = `${b.id}|${+new Date(b.createdAt)}|${horizonYears}`;
  const cache = TRACK_RECORDS.get(deps.store) ?? new Map<string, TrackRecordView>();
  TRACK_RECORDS.set(deps.store, cache);
  const cached = deps.rules ? undefined : cache.get(cacheKey);
  if (cached) return cached;
  const result = trackRecord(await repo.backtestRows(b.id), await repo.onsets(), deps.rules ?? DEFAULT_RULES, horizonYears);
  const view: TrackRecordView = {
    model: ALERT_MODEL, backtest: { id: b.id, dataVersionId: b.dataVersionId, createdAt: new Date(b.createdAt).toISOString() },
    horizonYears, years: result.years, countryYears: result.countryYears, positives: result.positives, levels: result.levels, method,
  };
  if (!deps.rules) cache.set(cacheKey, view);
  return view;
}

const TRACK_RECORDS = new WeakMap<Store, Map<string, TrackRecordView>>();
