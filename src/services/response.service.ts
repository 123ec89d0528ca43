/**
 * The warning→response loop (issue 7, part 3): the response catalogue (built-ins plus an
 * organisation's own), recommendations for an alert, acknowledgements, actions, reassessment dates
 * and gap metrics.
 *
 * Alerts are public; everything an organisation does about them is organisation-scoped. Every use
 * case starts with `authorize` and works inside `withOrg`, so row-level security confines it to the
 * actor's organisation; every state change writes an audit entry in the same transaction. Audit
 * details carry ids, statuses and dates only, never free text or names.
 */
import { randomUUID } from "node:crypto";
import { isAlertLevel, LEVEL_LABELS, levelRank, type AlertLevel } from "../domain/alerts/level.ts";
import { ActionInputError, isCalendarDay, isOverdue, validateLinks } from "../domain/response/action.ts";
import { BUILTIN_OPTIONS, builtinOption, INSTRUMENTS, ResponseOptionError, signalKindsOf, validateOption, type Instrument, type ResponseOption, type ResponseSignalKind } from "../domain/response/catalogue.ts";
import { computeGapMetrics, type ActionStatus, type GapMetrics } from "../domain/response/gap-metrics.ts";
import { recommendOptions } from "../domain/response/recommend.ts";
import { authorize, can, type Actor } from "../domain/identity/permissions.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { isUuid, withOrg } from "../infra/store/org-scope.ts";
import { ResponseRepository, type AlertRow } from "../infra/store/response.repository.ts";
import type { AlertAcknowledgementRow, ResponseActionRow, ResponseOptionRow } from "../infra/store/schema/mod.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";

/** What response use cases need. */
export interface ResponseDeps {
  store: Store;
  now?: () => Date;
}

type User = Extract<Actor, { kind: "user" }>;

/** A catalogue entry as listed. */
export interface CatalogueEntry extends ResponseOption {
  origin: "builtin" | "organisation";
  /** Built-ins the organisation hid (never recommended to it). */
  hidden: boolean;
  /** Retired organisation options (kept for the actions that name them). */
  retired: boolean;
}

/** A new organisation option. */
export interface OptionInput {
  instrument: Instrument;
  title: string;
  description?: string;
  levels: AlertLevel[];
  answers?: ResponseSignalKind[];
}

/** A change to an organisation option; `retired: true` retires it, `false` brings it back. */
export type OptionPatch = Partial<OptionInput> & { retired?: boolean };

/** One recommended option with its reason. */
export interface RecommendationView {
  option: { id: string; instrument: Instrument; title: string; description: string; origin: "builtin" | "organisation" };
  matched: ResponseSignalKind[];
  reason: string;
}

/** The organisation's acknowledgement of an alert. */
export interface AcknowledgementView {
  alertId: string;
  /** The organisation's (first) acknowledgement; null when nobody has acknowledged yet. */
  acknowledgedAt: string | null;
  acknowledgedBy: { userId: string; displayName: string | null } | null;
  /** Every member who acknowledged, earliest first. */
  acknowledgements: { userId: string; displayName: string | null; at: string }[];
}

/** An action as the organisation sees it. */
export interface ActionView {
  id: string;
  alertId: string;
  /** The catalogue option; `instrument` is null only for an option no longer in the catalogue. */
  option: { id: string; title: string; instrument: Instrument | null } | null;
  description: string;
  owner: { userId: string; displayName: string | null } | null;
  deadline: string | null;
  status: ActionStatus;
  outcome: string | null;
  links: string[];
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A new action. */
export interface ActionInput {
  /** A catalogue option id (built-in slug or the organisation's option UUID). */
  optionId?: string | null;
  /** Free text; required without an option. */
  description?: string;
  /** A member of the organisation; defaults to the actor. */
  ownerId?: string | null;
  deadline?: string | null;
  status?: ActionStatus;
  outcome?: string | null;
  links?: string[];
}

/** A change to an action. */
export type ActionPatch = Omit<ActionInput, "optionId"> & { optionId?: string | null };

/** The alert as the response views show it. */
export interface AlertSummary {
  id: string;
  countryIso3: string;
  situation: string;
  level: AlertLevel;
  levelLabel: string;
  previousLevel: AlertLevel;
  explanation: string;
  current: boolean;
  createdAt: string;
  signalKinds: ResponseSignalKind[];
}

/** Everything about the response to one alert. */
export interface AlertResponseView {
  alert: AlertSummary;
  recommended: RecommendationView[];
  acknowledgement: AcknowledgementView;
  actions: ActionView[];
  /** The organisation's reassessment date, else the alert rules' date, else null. */
  reassessment: { reassessOn: string; source: "organisation" | "alert"; setBy: string | null; setAt: string | null } | null;
}

/** The response side of a country for its brief. */
export interface CountryResponseSummary {
  iso3: string;
  /** The current whole-country alert, else the highest current situation alert; null when none. */
  alert: AlertSummary | null;
  recommended: RecommendationView[];
  /** False when the caller may not see an organisation's actions (anonymous or without `response:read`). */
  actionsVisible: boolean;
  actions: { option: string | null; instrument: Instrument | null; description: string; status: ActionStatus; deadline: string | null; overdue: boolean; owner?: string | null }[];
}

const iso = (d: Date | string): string => new Date(d).toISOString();
const today = (now: Date): string => now.toISOString().slice(0, 10);

function asInput<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ResponseOptionError || error instanceof ActionInputError) throw new InvalidInputError(error.message, error.field);
    throw error;
  }
}

function optionOfRow(r: ResponseOptionRow): ResponseOption {
  return { id: r.id, instrument: r.instrument, title: r.title, description: r.description, levels: r.levels, answers: r.answers };
}

function alertSummary(a: AlertRow): AlertSummary {
  return {
    id: a.id, countryIso3: a.countryIso3, situation: a.situation, level: a.level, levelLabel: LEVEL_LABELS[a.level] ?? a.level, previousLevel: a.previousLevel,
    explanation: a.explanation, current: a.current, createdAt: iso(a.createdAt), signalKinds: signalKindsOf(Array.isArray(a.signals) ? a.signals : []),
  };
}

/** The catalogue available to an organisation: built-ins (marked hidden when hidden) and its own options. */
async function catalogueOf(tx: Db, organisationId: string): Promise<CatalogueEntry[]> {
  const repo = new ResponseRepository(tx);
  const hidden = new Set((await repo.hiddenOptions(organisationId)).map((h) => h.optionId));
  const own = await repo.options(organisationId);
  return [
    ...BUILTIN_OPTIONS.map((o) => ({ ...o, origin: "builtin" as const, hidden: hidden.has(o.id), retired: false })),
    ...own.map((r) => ({ ...optionOfRow(r), origin: "organisation" as const, hidden: false, retired: r.retiredAt !== null })),
  ].sort((a, b) => INSTRUMENTS.indexOf(a.instrument) - INSTRUMENTS.indexOf(b.instrument));
}

function recommend(alert: AlertRow, catalogue: CatalogueEntry[], limit = 12): RecommendationView[] {
  const usable = catalogue.filter((o) => !o.hidden && !o.retired);
  const origin = new Map(usable.map((o) => [o.id, o.origin]));
  return recommendOptions(alert.level, signalKindsOf(Array.isArray(alert.signals) ? alert.signals : []), usable, limit).map((r) => ({
    option: { id: r.option.id, instrument: r.option.instrument, title: r.option.title, description: r.option.description, origin: origin.get(r.option.id)! },
    matched: r.matched,
    reason: r.reason,
  }));
}

function ackView(alertId: string, rows: AlertAcknowledgementRow[], names: Map<string, string>): AcknowledgementView {
  const mine = rows.filter((r) => r.alertId === alertId);
  const first = mine[0];
  return {
    alertId,
    acknowledgedAt: first ? iso(first.acknowledgedAt) : null,
    acknowledgedBy: first ? { userId: first.userId, displayName: names.get(first.userId) ?? null } : null,
    acknowledgements: mine.map((r) => ({ userId: r.userId, displayName: names.get(r.userId) ?? null, at: iso(r.acknowledgedAt) })),
  };
}

function actionView(r: ResponseActionRow, catalogue: CatalogueEntry[], names: Map<string, string>, day: string): ActionView {
  const opt = r.optionId ? catalogue.find((o) => o.id === r.optionId) : undefined;
  return {
    id: r.id, alertId: r.alertId, option: opt ? { id: opt.id, title: opt.title, instrument: opt.instrument } : r.optionId ? { id: r.optionId, title: r.optionId, instrument: null } : null,
    description: r.description, owner: r.ownerId ? { userId: r.ownerId, displayName: names.get(r.ownerId) ?? null } : null,
    deadline: r.deadline, status: r.status, outcome: r.outcome, links: r.links, overdue: isOverdue(r, day),
    createdBy: r.createdBy, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
  };
}

async function requireAlert(repo: ResponseRepository, alertId: string, viewer: string): Promise<AlertRow> {
  const alert = isUuid(alertId) ? await repo.alert(alertId, viewer) : undefined;
  if (!alert) throw new NotFoundError("alert", alertId);
  return alert;
}

// ---------------------------------------------------------------------------------------------
// Catalogue

/**
 * The response catalogue: the built-ins for anyone; for members with `response:read` or
 * `response:manage-catalogue`, also the organisation's own options and which built-ins it hid.
 */
export async function listCatalogue(deps: ResponseDeps, actor: Actor): Promise<CatalogueEntry[]> {
  if (actor.kind !== "user" || !(can(actor, "response:read") || can(actor, "response:manage-catalogue"))) {
    return BUILTIN_OPTIONS.map((o) => ({ ...o, origin: "builtin" as const, hidden: false, retired: false }));
  }
  return withOrg(deps.store, actor.organisationId, (tx) => catalogueOf(tx, actor.organisationId));
}

/**
 * Adds an option to the organisation's catalogue.
 * @throws {ForbiddenError} without `response:manage-catalogue`
 * @throws {InvalidInputError} for an unknown instrument, level or signal kind (naming the field)
 */
export async function createOption(deps: ResponseDeps, actor: Actor, input: OptionInput): Promise<CatalogueEntry> {
  authorize(actor, "response:manage-catalogue");
  const now = deps.now?.() ?? new Date();
  const id = randomUUID();
  const opt = asInput(() => validateOption({ id, instrument: input.instrument, title: input.title.trim(), description: input.description ?? "", levels: input.levels, answers: input.answers ?? [] }));
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const row = await new ResponseRepository(tx).insertOption({
      id, organisationId: actor.organisationId, instrument: opt.instrument, title: opt.title, description: opt.description, levels: [...opt.levels], answers: [...opt.answers],
      createdBy: actor.userId, createdAt: now, updatedAt: now, retiredAt: null,
    });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "response_option.created", entity: "response_option", entityId: id, row, details: { instrument: opt.instrument, levels: opt.levels }, at: now });
    return { ...optionOfRow(row), origin: "organisation" as const, hidden: false, retired: false };
  });
}

/**
 * Edits or retires one of the organisation's options. Built-ins are read-only (hide them instead).
 * @throws {ForbiddenError} without `response:manage-catalogue`
 * @throws {ConflictError} for a built-in's id
 * @throws {NotFoundError} for an option that is not the organisation's
 * @throws {InvalidInputError} for invalid fields
 */
export async function updateOption(deps: ResponseDeps, actor: Actor, id: string, patch: OptionPatch): Promise<CatalogueEntry> {
  authorize(actor, "response:manage-catalogue");
  if (builtinOption(id)) throw new ConflictError(`"${id}" is a built-in option and cannot be edited; hide it instead`);
  if (!isUuid(id)) throw new NotFoundError("response option", id);
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    const old = await repo.option(actor.organisationId, id);
    if (!old) throw new NotFoundError("response option", id);
    const merged = asInput(() =>
      validateOption({
        id, instrument: patch.instrument ?? old.instrument, title: (patch.title ?? old.title).trim(), description: patch.description ?? old.description,
        levels: patch.levels ?? old.levels, answers: patch.answers ?? old.answers,
      }),
    );
    const retiredAt = patch.retired === undefined ? old.retiredAt : patch.retired ? (old.retiredAt ?? now) : null;
    const row = await repo.updateOption(actor.organisationId, id, { instrument: merged.instrument, title: merged.title, description: merged.description, levels: [...merged.levels], answers: [...merged.answers], retiredAt, updatedAt: now });
    const action = patch.retired === true && !old.retiredAt ? "response_option.retired" : patch.retired === false && old.retiredAt ? "response_option.restored" : "response_option.updated";
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action, entity: "response_option", entityId: id, row, details: { instrument: merged.instrument, retired: retiredAt !== null }, at: now });
    return { ...optionOfRow(row), origin: "organisation" as const, hidden: false, retired: row.retiredAt !== null };
  });
}

/**
 * Hides a built-in option from the organisation's recommendations, or shows it again.
 * @throws {ForbiddenError} without `response:manage-catalogue`
 * @throws {NotFoundError} for an id that is not a built-in
 * @returns whether anything changed
 */
export async function setBuiltinHidden(deps: ResponseDeps, actor: Actor, optionId: string, hidden: boolean): Promise<{ optionId: string; hidden: boolean; changed: boolean }> {
  authorize(actor, "response:manage-catalogue");
  if (!builtinOption(optionId)) throw new NotFoundError("built-in response option", optionId);
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    const changed = hidden ? await repo.hide({ organisationId: actor.organisationId, optionId, hiddenBy: actor.userId, hiddenAt: now }) : await repo.unhide(actor.organisationId, optionId);
    if (changed) await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: hidden ? "response_option.hidden" : "response_option.shown", entity: "response_option", entityId: optionId, details: { builtin: true }, at: now });
    return { optionId, hidden, changed };
  });
}

// ---------------------------------------------------------------------------------------------
// Acknowledgements

/**
 * Acknowledges an alert for the actor's organisation. Idempotent: the organisation's
 * acknowledgement time stays the first one; a second member's acknowledgement is recorded beside it;
 * the same member acknowledging again changes nothing and writes no audit entry.
 * @throws {ForbiddenError} without `response:write`
 * @throws {NotFoundError} for an unknown alert
 */
export async function acknowledgeAlert(deps: ResponseDeps, actor: Actor, alertId: string): Promise<AcknowledgementView & { recorded: boolean }> {
  authorize(actor, "response:write");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    await requireAlert(repo, alertId, actor.organisationId);
    const prior = await repo.acknowledgements(actor.organisationId, [alertId]);
    const row = await repo.insertAcknowledgement({ id: randomUUID(), organisationId: actor.organisationId, alertId, userId: actor.userId, acknowledgedAt: now });
    if (row) {
      await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "alert.acknowledged", entity: "alert_acknowledgement", entityId: row.id, row, details: { alertId, first: prior.length === 0 }, at: now });
    }
    const rows = await repo.acknowledgements(actor.organisationId, [alertId]);
    const names = await repo.userNames(actor.organisationId, rows.map((r) => r.userId));
    return { ...ackView(alertId, rows, names), recorded: Boolean(row) };
  });
}

/**
 * The organisation's acknowledgements of an alert.
 * @throws {ForbiddenError} without `response:read`
 * @throws {NotFoundError} for an unknown alert
 */
export async function listAcknowledgements(deps: ResponseDeps, actor: Actor, alertId: string): Promise<AcknowledgementView> {
  authorize(actor, "response:read");
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    await requireAlert(repo, alertId, actor.organisationId);
    const rows = await repo.acknowledgements(actor.organisationId, [alertId]);
    return ackView(alertId, rows, await repo.userNames(actor.organisationId, rows.map((r) => r.userId)));
  });
}

// ---------------------------------------------------------------------------------------------
// Actions

/** Checks an option reference: a built-in, or one of the organisation's active options. */
async function checkOption(repo: ResponseRepository, organisationId: string, optionId: string): Promise<ResponseOption> {
  const builtin = builtinOption(optionId);
  if (builtin) return builtin;
  const own = isUuid(optionId) ? await repo.option(organisationId, optionId) : undefined;
  if (!own) throw new InvalidInputError(`response option "${optionId}" was not found`, "optionId");
  if (own.retiredAt) throw new InvalidInputError(`response option "${optionId}" is retired`, "optionId");
  return optionOfRow(own);
}

async function checkOwner(repo: ResponseRepository, organisationId: string, ownerId: string): Promise<void> {
  // Users of other organisations are invisible here (row-level security), so they fail like unknown ids.
  if (!isUuid(ownerId) || !(await repo.userNames(organisationId, [ownerId])).has(ownerId)) throw new InvalidInputError(`owner "${ownerId}" is not a member of your organisation`, "ownerId");
}

function checkDay(value: string | null | undefined, field: string): void {
  if (value != null && !isCalendarDay(value)) throw new InvalidInputError(`"${value}" is not a calendar day (YYYY-MM-DD)`, field);
}

async function viewsOf(tx: Db, organisationId: string, rows: ResponseActionRow[], now: Date): Promise<ActionView[]> {
  const repo = new ResponseRepository(tx);
  const catalogue = await catalogueOf(tx, organisationId);
  const names = await repo.userNames(organisationId, [...new Set(rows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])))]);
  return rows.map((r) => actionView(r, catalogue, names, today(now)));
}

/**
 * Records an action on an alert for the actor's organisation.
 * @throws {ForbiddenError} without `response:write`
 * @throws {NotFoundError} for an unknown alert
 * @throws {InvalidInputError} for an unknown or retired option, an owner outside the organisation,
 *   a bad date or link, or no description without an option
 */
export async function createAction(deps: ResponseDeps, actor: Actor, alertId: string, input: ActionInput): Promise<ActionView> {
  authorize(actor, "response:write");
  const now = deps.now?.() ?? new Date();
  const links = asInput(() => validateLinks(input.links ?? []));
  checkDay(input.deadline, "deadline");
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    await requireAlert(repo, alertId, actor.organisationId);
    const option = input.optionId ? await checkOption(repo, actor.organisationId, input.optionId) : undefined;
    const description = input.description?.trim() || option?.title;
    if (!description) throw new InvalidInputError("describe the action or choose a catalogue option", "description");
    const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
    if (ownerId) await checkOwner(repo, actor.organisationId, ownerId);
    const row = await repo.insertAction({
      id: randomUUID(), organisationId: actor.organisationId, alertId, optionId: option?.id ?? null, description, ownerId, deadline: input.deadline ?? null,
      status: input.status ?? "planned", outcome: input.outcome ?? null, links, createdBy: actor.userId, createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "response_action.created", entity: "response_action", entityId: row.id, row, details: { alertId, optionId: row.optionId, status: row.status, deadline: row.deadline }, at: now });
    return (await viewsOf(tx, actor.organisationId, [row], now))[0];
  });
}

/**
 * The organisation's actions on an alert, oldest first.
 * @throws {ForbiddenError} without `response:read`
 * @throws {NotFoundError} for an unknown alert
 */
export async function listActions(deps: ResponseDeps, actor: Actor, alertId: string): Promise<ActionView[]> {
  authorize(actor, "response:read");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    await requireAlert(repo, alertId, actor.organisationId);
    return viewsOf(tx, actor.organisationId, await repo.actions(actor.organisationId, [alertId]), now);
  });
}

/**
 * One action of the organisation.
 * @throws {NotFoundError} for an id that is not the organisation's (another organisation's action
 *   is indistinguishable from a missing one)
 */
export async function getAction(deps: ResponseDeps, actor: Actor, id: string): Promise<ActionView> {
  authorize(actor, "response:read");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const row = isUuid(id) ? await new ResponseRepository(tx).action(actor.organisationId, id) : undefined;
    if (!row) throw new NotFoundError("action", id);
    return (await viewsOf(tx, actor.organisationId, [row], now))[0];
  });
}

/**
 * Changes an action: option, description, owner, deadline, status, outcome, links.
 * @throws {ForbiddenError} without `response:write`
 * @throws {NotFoundError} for an id that is not the organisation's
 * @throws {InvalidInputError} as for {@link createAction}
 */
export async function updateAction(deps: ResponseDeps, actor: Actor, id: string, patch: ActionPatch): Promise<ActionView> {
  authorize(actor, "response:write");
  const now = deps.now?.() ?? new Date();
  const links = patch.links === undefined ? undefined : asInput(() => validateLinks(patch.links!));
  checkDay(patch.deadline, "deadline");
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    const old = isUuid(id) ? await repo.action(actor.organisationId, id, { forUpdate: true }) : undefined;
    if (!old) throw new NotFoundError("action", id);
    const option = patch.optionId ? await checkOption(repo, actor.organisationId, patch.optionId) : undefined;
    const optionId = patch.optionId === undefined ? old.optionId : (option?.id ?? null);
    const description = patch.description !== undefined ? patch.description.trim() : old.description;
    if (!description) throw new InvalidInputError("describe the action", "description");
    if (patch.ownerId) await checkOwner(repo, actor.organisationId, patch.ownerId);
    const row = await repo.updateAction(actor.organisationId, id, {
      optionId, description, ownerId: patch.ownerId === undefined ? old.ownerId : patch.ownerId, deadline: patch.deadline === undefined ? old.deadline : patch.deadline,
      status: patch.status ?? old.status, outcome: patch.outcome === undefined ? old.outcome : patch.outcome, links: links ?? old.links, updatedAt: now,
    });
    const changed = (["optionId", "description", "ownerId", "deadline", "status", "outcome", "links"] as const).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(row[k]));
    await recordAudit(tx, {
      organisationId: actor.organisationId, actor: actorLabel(actor), action: old.status !== row.status ? "response_action.status_changed" : "response_action.updated", entity: "response_action", entityId: id, row,
      details: { alertId: row.alertId, from: old.status, to: row.status, changed }, at: now,
    });
    return (await viewsOf(tx, actor.organisationId, [row], now))[0];
  });
}

/**
 * Deletes an action recorded by mistake (the audit log keeps that it existed and who removed it).
 * @throws {ForbiddenError} without `response:write`
 * @throws {NotFoundError} for an id that is not the organisation's
 */
export async function deleteAction(deps: ResponseDeps, actor: Actor, id: string): Promise<void> {
  authorize(actor, "response:write");
  const now = deps.now?.() ?? new Date();
  await withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    const old = isUuid(id) ? await repo.action(actor.organisationId, id, { forUpdate: true }) : undefined;
    if (!old) throw new NotFoundError("action", id);
    await repo.deleteAction(actor.organisationId, id);
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "response_action.deleted", entity: "response_action", entityId: id, details: { alertId: old.alertId, status: old.status }, at: now });
  });
}

/**
 * Sets the organisation's reassessment date of an alert.
 * @throws {ForbiddenError} without `response:write`
 * @throws {NotFoundError} for an unknown alert
 * @throws {InvalidInputError} for a date that is not a calendar day
 */
export async function setReassessment(deps: ResponseDeps, actor: Actor, alertId: string, reassessOn: string): Promise<{ alertId: string; reassessOn: string; setBy: string; setAt: string }> {
  authorize(actor, "response:write");
  checkDay(reassessOn, "reassessOn");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    await requireAlert(repo, alertId, actor.organisationId);
    const row = await repo.upsertReassessment({ organisationId: actor.organisationId, alertId, reassessOn, setBy: actor.userId, setAt: now });
    await recordAudit(tx, { organisationId: actor.organisationId, actor: actorLabel(actor), action: "alert.reassessment_set", entity: "alert_reassessment", entityId: alertId, row, details: { alertId, reassessOn }, at: now });
    return { alertId, reassessOn: row.reassessOn, setBy: row.setBy, setAt: iso(row.setAt) };
  });
}

// ---------------------------------------------------------------------------------------------
// Views

/**
 * Everything about the organisation's response to one alert: recommended options, the
 * acknowledgement, actions and the reassessment date.
 * @throws {ForbiddenError} without `response:read`
 * @throws {NotFoundError} for an unknown alert
 */
export async function alertResponse(deps: ResponseDeps, actor: Actor, alertId: string): Promise<AlertResponseView> {
  authorize(actor, "response:read");
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    const alert = await requireAlert(repo, alertId, actor.organisationId);
    const catalogue = await catalogueOf(tx, actor.organisationId);
    const acks = await repo.acknowledgements(actor.organisationId, [alertId]);
    const actions = await repo.actions(actor.organisationId, [alertId]);
    const [own] = await repo.reassessments(actor.organisationId, [alertId]);
    const names = await repo.userNames(actor.organisationId, [...new Set([...acks.map((a) => a.userId), ...actions.flatMap((a) => (a.ownerId ? [a.ownerId] : []))])]);
    return {
      alert: alertSummary(alert),
      recommended: recommend(alert, catalogue),
      acknowledgement: ackView(alertId, acks, names),
      actions: actions.map((r) => actionView(r, catalogue, names, today(now))),
      reassessment: own
        ? { reassessOn: own.reassessOn, source: "organisation", setBy: own.setBy, setAt: iso(own.setAt) }
        : alert.reassessOn
          ? { reassessOn: alert.reassessOn, source: "alert", setBy: null, setAt: null }
          : null,
    };
  });
}

/**
 * Gap metrics of the actor's organisation, overall and per country (see `computeGapMetrics`):
 * times to acknowledge and to first action, alerts at Warning or above without action after
 * `days`, overdue actions and due reassessments. Looks at every current alert and every alert of
 * the last `windowDays` (default 365).
 * @throws {ForbiddenError} without `response:read`
 * @throws {InvalidInputError} for a bad country code or day count
 */
export async function responseGaps(deps: ResponseDeps, actor: Actor, options: { country?: string; days?: number; windowDays?: number } = {}): Promise<GapMetrics & { organisationId: string; country: string | null }> {
  authorize(actor, "response:read");
  const days = options.days ?? 7;
  if (!Number.isInteger(days) || days < 0 || days > 3650) throw new InvalidInputError("days must be a whole number from 0 to 3650", "days");
  const country = options.country?.toUpperCase();
  if (country !== undefined && !/^[A-Z]{3}$/.test(country)) throw new InvalidInputError("country must be an ISO3 code", "country");
  const now = deps.now?.() ?? new Date();
  const since = new Date(now.getTime() - (options.windowDays ?? 365) * 86_400_000);
  return withOrg(deps.store, actor.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    const alerts = await repo.alertsForGaps(since, country);
    const ids = alerts.map((a) => a.id);
    const [acks, actions, reassessments] = [await repo.acknowledgements(actor.organisationId, ids), await repo.actions(actor.organisationId, ids), await repo.reassessments(actor.organisationId, ids)];
    const metrics = computeGapMetrics({
      alerts: alerts.map((a) => ({ id: a.id, countryIso3: a.countryIso3, situation: a.situation, level: a.level, createdAt: new Date(a.createdAt), current: a.current, reassessOn: a.reassessOn })),
      acknowledgements: acks.map((k) => ({ alertId: k.alertId, at: new Date(k.acknowledgedAt) })),
      actions: actions.map((x) => ({ id: x.id, alertId: x.alertId, status: x.status, createdAt: new Date(x.createdAt), deadline: x.deadline })),
      reassessments: reassessments.map((r) => ({ alertId: r.alertId, reassessOn: r.reassessOn })),
      now,
      noActionDays: days,
    });
    return { organisationId: actor.organisationId, country: country ?? null, ...metrics };
  });
}

/**
 * The response side of a country for its brief: options recommended for the current alert, and —
 * for a member with `response:read` — the organisation's actions on the country's current alerts
 * with their status. People's names appear only for such a member and only when `public` is not set
 * (a brief meant for distribution passes `{ public: true }`). For anyone else the actions are
 * withheld (`actionsVisible: false`): they are an organisation's own business.
 * @param actor the reader, or null for a public brief
 */
export async function responseSummaryForCountry(deps: ResponseDeps, actor: Actor | null, iso3: string, options: { public?: boolean; limit?: number } = {}): Promise<CountryResponseSummary> {
  const code = iso3.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) throw new InvalidInputError("country must be an ISO3 code", "iso3");
  const now = deps.now?.() ?? new Date();
  const member = actor?.kind === "user" && can(actor, "response:read") ? (actor as User) : null;
  const pick = (rows: AlertRow[]): AlertRow | undefined => rows.find((a) => a.situation === "") ?? [...rows].sort((a, b) => rankOf(b.level) - rankOf(a.level))[0];
  if (!member) {
    const current = await new ResponseRepository(deps.store.db).currentAlerts(code);
    const alert = pick(current);
    const catalogue = BUILTIN_OPTIONS.map((o) => ({ ...o, origin: "builtin" as const, hidden: false, retired: false }));
    return { iso3: code, alert: alert ? alertSummary(alert) : null, recommended: alert ? recommend(alert, catalogue, options.limit) : [], actionsVisible: false, actions: [] };
  }
  return withOrg(deps.store, member.organisationId, async (tx) => {
    const repo = new ResponseRepository(tx);
    const current = await repo.currentAlerts(code, member.organisationId);
    const alert = pick(current);
    const catalogue = await catalogueOf(tx, member.organisationId);
    const rows = await repo.actions(member.organisationId, current.map((a) => a.id));
    const names = options.public ? new Map<string, string>() : await repo.userNames(member.organisationId, rows.flatMap((r) => (r.ownerId ? [r.ownerId] : [])));
    return {
      iso3: code,
      alert: alert ? alertSummary(alert) : null,
      recommended: alert ? recommend(alert, catalogue, options.limit) : [],
      actionsVisible: true,
      actions: rows.map((r) => {
        const v = actionView(r, catalogue, names, today(now));
        return { option: v.option?.title ?? null, instrument: v.option?.instrument ?? null, description: v.description, status: v.status, deadline: v.deadline, overdue: v.overdue, ...(options.public ? {} : { owner: v.owner?.displayName ?? null }) };
      }),
    };
  });
}

// Rows written around the application could hold an unknown level; rank them lowest instead of failing the brief.
function rankOf(level: string): number {
  return isAlertLevel(level) ? levelRank(level) : -1;
}
