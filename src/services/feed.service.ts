/**
 * Live feeds (issue 15 parts 2 and 3): admins add, pause, resume, run and remove their
 * organisation's feeds; the feed runner (`runDueFeeds`, driven by the job runner) pulls every due
 * feed through its connector (`src/infra/feeds/`) and writes what it found.
 *
 * Guarantees:
 * - **Nothing half-written.** A connector never writes; the service writes a pull's events, the
 *   dataset version, the new cursor and the feed's health in ONE transaction. Speech items and EWP
 *   country-years go through their own all-or-nothing writers (`storeSpeechBatch`, `importEwp`),
 *   then the cursor; a crash between the two re-pulls the same items next time, and those are
 *   stored once (speech client ids, EWP's replace-by-version), so nothing is lost or doubled.
 * - **Failures by kind** (see `infra/feeds/feed-errors.ts`): a changed schema or refused
 *   credentials pause the feed with the error; a transient failure records the error and the next
 *   scheduled run retries; one feed failing never stops the others.
 * - **Health**: last run, last success, last error, rows added (last run and total), lag; a feed
 *   silent longer than its expected rhythm is flagged `stale` in the list and a `feed.stale` notice
 *   is written to the audit log once per silence.
 * - **Minutes, not days**: new events trigger escalation detection and alert levels for the
 *   affected countries only; level changes enqueue their deliveries in the same transaction
 *   (`onLevelChange`), which the outbox worker sends.
 * - Credentials are encrypted with the keyring, bound to the row, and never returned. Every change
 *   (add, pause, resume, remove, a pause by the runner, a stale notice) is audited.
 */
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import type { CountryRegistry } from "../domain/country/registry.ts";
import type { Event } from "../domain/events/event.ts";
import { isStale, nextRun, parseSchedule, ScheduleError } from "../domain/feeds/schedule.ts";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
import { FeedConfigError, FEED_SOURCES, type FeedConnector, type FeedPull, type FeedSource } from "../infra/feeds/connector.ts";
import { FeedAuthError, FeedSchemaError } from "../infra/feeds/feed-errors.ts";
import { defaultFeedHttp, type FeedHttp } from "../infra/feeds/feed-http.ts";
import { FEED_CONNECTORS } from "../infra/feeds/registry.ts";
import { registryCountryResolver } from "../infra/importers/event-country.ts";
import type { Keyring } from "../infra/secrets/keyring.ts";
import type { AlertRow } from "../infra/store/alert.repository.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import { EventRepository, eventToRow } from "../infra/store/event.repository.ts";
import { FeedRepository } from "../infra/store/feed.repository.ts";
import { IdentityRepository } from "../infra/store/identity.repository.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import type { FeedRow } from "../infra/store/schema/mod.ts";
import { computeAlertLevels } from "./alert-level.service.ts";
import { actorLabel, recordAudit } from "./audit.service.ts";
import { InvalidInputError } from "./auth.service.ts";
import { syncCountries } from "./country.service.ts";
import { ConflictError, NotFoundError } from "./errors.ts";
import { EVENT_DATASETS, importEvents } from "./event-import.service.ts";
import { importEwp } from "./ewp-import.service.ts";
import { storeSpeechBatch, MAX_BATCH_ITEMS } from "./speech.service.ts";

/** Stages of a run, timed for the pipeline bench and logs. */
export type FeedStage = "pull" | "write" | "detect";

/** What the feed use cases need. */
export interface FeedDeps {
  store: Store;
  registry: CountryRegistry;
  keyring: () => Keyring;
  /** Network access of the connectors (default: global fetch, real timers). */
  http?: FeedHttp;
  now?: () => Date;
  /** Connectors by source (default the registry; tests may replace one). */
  connectors?: Readonly<Record<FeedSource, FeedConnector<any>>>;
  /** Called inside the transaction of each alert level change (delivery enqueues there). */
  onLevelChange?: (tx: Db, alert: AlertRow) => Promise<void>;
  /** Recompute the levels of countries with new events (default true). */
  detect?: boolean;
  /** Told how long each stage of a run took (ms). */
  onStage?: (feedId: string, stage: FeedStage, ms: number) => void;
}

/** A feed as admins see it: health included, credentials never. */
export interface FeedView {
  id: string;
  name: string;
  source: FeedSource;
  schedule: string;
  config: Record<string, unknown>;
  hasCredentials: boolean;
  paused: boolean;
  pausedReason: string | null;
  expectedRhythmMinutes: number;
  nextRunAt: string;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Rows added by the last successful run, and over the feed's life. */
  lastRowsAdded: number;
  rowsAdded: number;
  /** Minutes since the last success (since creation when it never succeeded). */
  lagMinutes: number;
  /** Silent longer than its expected rhythm (never while paused). */
  stale: boolean;
  createdAt: string;
}

/** What an admin gives to add a feed. */
export interface FeedInput {
  name: string;
  source: FeedSource;
  /** Default: the connector's (`*\/15 * * * *` for GDELT …). */
  schedule?: string;
  config?: Record<string, unknown>;
  /** Secrets (tokens, passwords); encrypted at rest, never shown again. */
  credentials?: Record<string, string>;
  expectedRhythmMinutes?: number;
}

/** Outcome of one feed's run. */
export interface FeedRunResult {
  feedId: string;
  name: string;
  source: FeedSource;
  /** `ok`: pulled (maybe nothing new); `failed`: error recorded, retried next time; `paused`: paused by this run; `busy`: another run holds it. */
  status: "ok" | "failed" | "paused" | "busy";
  rowsAdded: number;
  rowsUpdated: number;
  note?: string;
  error?: string;
  /** Countries whose levels were recomputed. */
  countries: string[];
  levelChanges: number;
}

/** Who is acting: a signed-in admin, or the local operator (CLI) in an organisation. */
export interface FeedOperator {
  organisationId: string;
  /** Audit actor label (`user:<id>` or `cli`). */
  label: string;
  userId: string | null;
}

const MINUTE = 60_000;
/** A run's lease: a replica that dies mid-run frees the feed after this. */
const LEASE_MINUTES = 30;
const credentialAddress = (id: string) => ({ table: "feeds", rowId: id, column: "credentials" });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

function connectorsOf(deps: FeedDeps): Readonly<Record<FeedSource, FeedConnector<any>>> {
  return deps.connectors ?? FEED_CONNECTORS;
}

function view(row: FeedRow, now: Date): FeedView {
  return {
    id: row.id, name: row.name, source: row.source as FeedSource, schedule: row.schedule, config: row.config, hasCredentials: row.credentials !== null,
    paused: row.paused, pausedReason: row.pausedReason, expectedRhythmMinutes: row.expectedRhythmMinutes, nextRunAt: row.nextRunAt.toISOString(),
    lastRunAt: iso(row.lastRunAt), lastSuccessAt: iso(row.lastSuccessAt), lastError: row.lastError, lastErrorAt: iso(row.lastErrorAt),
    lastRowsAdded: row.lastRowsAdded, rowsAdded: row.rowsAdded,
    lagMinutes: Math.max(0, Math.floor((now.getTime() - (row.lastSuccessAt ?? row.createdAt).getTime()) / MINUTE)),
    stale: isStale(row, now), createdAt: row.createdAt.toISOString(),
  };
}

/** Non-personal facts of a feed for the audit log (no URLs: they may carry names; no secrets). */
function auditFacts(row: FeedRow): Record<string, unknown> {
  return { name: row.name, source: row.source, schedule: row.schedule, paused: row.paused, hasCredentials: row.credentials !== null };
}

/** The operator of a signed-in admin. */
export function operatorOf(actor: Actor): FeedOperator {
  authorize(actor, "feed:manage");
  if (actor.kind !== "user") throw new Error("unreachable: authorize admits only users");
  return { organisationId: actor.organisationId, label: actorLabel(actor), userId: actor.userId };
}

/**
 * The local operator's identity for the CLI: acting as a named admin (`--as <email>`), or, when the
 * store has exactly one organisation, as `cli` in it.
 * @throws {InvalidInputError} (field `as`) for an unknown user, a non-admin, or an ambiguous store
 */
export async function cliOperator(store: Store, asEmail?: string): Promise<FeedOperator> {
  if (asEmail) {
    const user = await new IdentityRepository(store.db).userByEmail(asEmail.toLowerCase());
    if (!user || user.disabled) throw new InvalidInputError(`--as: no active user "${asEmail}"`, "as");
    if (user.role !== "admin") throw new InvalidInputError(`--as: "${asEmail}" is not an admin (feeds are managed by admins)`, "as");
    return { organisationId: user.organisationId, label: `user:${user.id}`, userId: user.id };
  }
  const ids = await new FeedRepository(store.db).organisationIds(2);
  if (ids.length === 0) throw new InvalidInputError("no organisation yet: create one with `tocsin users create-admin`", "as");
  if (ids.length > 1) throw new InvalidInputError("several organisations: say which with --as <admin e-mail>", "as");
  return { organisationId: ids[0], label: "cli", userId: null };
}

/**
 * Adds a feed (checked: source, schedule, the connector's configuration and credential names).
 * Its first run is due at once.
 * @throws {InvalidInputError} naming the field (`source`, `schedule`, `config.<field>`, `credentials`, `name`)
 * @throws {ConflictError} when the organisation already has a feed of that name
 */
export async function addFeed(deps: FeedDeps, op: FeedOperator, input: FeedInput): Promise<FeedView> {
  const now = deps.now?.() ?? new Date();
  const name = input.name?.trim();
  if (!name || name.length > 100) throw new InvalidInputError("name must be 1 to 100 characters", "name");
  if (!FEED_SOURCES.includes(input.source)) throw new InvalidInputError(`source must be one of ${FEED_SOURCES.join(", ")}, got "${input.source}"`, "source");
  const connector = connectorsOf(deps)[input.source];
  const schedule = input.schedule?.trim() || connector.defaultSchedule;
  try {
    parseSchedule(schedule);
  } catch (error) {
    if (error instanceof ScheduleError) throw new InvalidInputError(error.message, "schedule");
    throw error;
  }
  let config: Record<string, unknown>;
  try {
    config = connector.parseConfig(input.config ?? {}) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof FeedConfigError) throw new InvalidInputError(error.message, error.field);
    throw error;
  }
  const creds = input.credentials ?? {};
  for (const k of connector.credentialNames) {
    if (typeof creds[k] !== "string" || creds[k] === "") throw new InvalidInputError(`credentials.${k} is required for ${input.source} feeds`, `credentials.${k}`);
  }
  const rhythm = input.expectedRhythmMinutes ?? connector.defaultRhythmMinutes;
  if (!(Number.isInteger(rhythm) && rhythm > 0)) throw new InvalidInputError("expectedRhythmMinutes must be a whole number of minutes > 0", "expectedRhythmMinutes");
  const id = randomUUID();
  const credentials = Object.keys(creds).length ? deps.keyring().encrypt(JSON.stringify(creds), credentialAddress(id)) : null;
  return withOrg(deps.store, op.organisationId, async (tx) => {
    const repo = new FeedRepository(tx);
    if (await repo.byName(op.organisationId, name)) throw new ConflictError(`a feed named "${name}" already exists`);
    const row = await repo.insert({
      id, organisationId: op.organisationId, name, source: input.source, schedule, config, credentials, cursor: null, paused: false, pausedReason: null,
      expectedRhythmMinutes: rhythm, nextRunAt: now, createdBy: op.userId, createdAt: now, updatedAt: now,
    });
    await recordAudit(tx, { organisationId: op.organisationId, actor: op.label, action: "feed.added", entity: "feed", entityId: id, row, details: auditFacts(row), at: now });
    return view(row, now);
  });
}

/** The organisation's feeds with their health. */
export async function listFeeds(deps: FeedDeps, op: FeedOperator): Promise<FeedView[]> {
  const now = deps.now?.() ?? new Date();
  const rows = await withOrg(deps.store, op.organisationId, (tx) => new FeedRepository(tx).list(op.organisationId));
  return rows.map((r) => view(r, now));
}

async function findFeed(tx: Db, op: FeedOperator, idOrName: string): Promise<FeedRow> {
  const repo = new FeedRepository(tx);
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const row = UUID.test(idOrName) ? await repo.get(op.organisationId, idOrName) : await repo.byName(op.organisationId, idOrName);
  if (!row) throw new NotFoundError("feed", idOrName);
  return row;
}

/**
 * Pauses or resumes a feed (by id or name). Resuming clears the paused reason and makes the feed
 * due at once.
 * @throws {NotFoundError} for an unknown feed (or another organisation's)
 */
export async function setFeedPaused(deps: FeedDeps, op: FeedOperator, idOrName: string, paused: boolean): Promise<FeedView> {
  const now = deps.now?.() ?? new Date();
  return withOrg(deps.store, op.organisationId, async (tx) => {
    const feed = await findFeed(tx, op, idOrName);
    const row = (await new FeedRepository(tx).update(op.organisationId, feed.id, paused
      ? { paused: true, pausedReason: "paused by an admin", updatedAt: now }
      : { paused: false, pausedReason: null, nextRunAt: now, staleSince: null, updatedAt: now }))!;
    await recordAudit(tx, { organisationId: op.organisationId, actor: op.label, action: paused ? "feed.paused" : "feed.resumed", entity: "feed", entityId: row.id, row, details: auditFacts(row), at: now });
    return view(row, now);
  });
}

/**
 * Removes a feed (by id or name). The rows it added stay: they are the organisation's data.
 * @throws {NotFoundError} for an unknown feed
 */
export async function removeFeed(deps: FeedDeps, op: FeedOperator, idOrName: string): Promise<void> {
  const now = deps.now?.() ?? new Date();
  await withOrg(deps.store, op.organisationId, async (tx) => {
    const feed = await findFeed(tx, op, idOrName);
    await new FeedRepository(tx).remove(op.organisationId, feed.id);
    await recordAudit(tx, { organisationId: op.organisationId, actor: op.label, action: "feed.removed", entity: "feed", entityId: feed.id, details: auditFacts(feed), at: now });
  });
}

/**
 * Runs one of the organisation's feeds now (paused or not: an admin may test a paused feed).
 * @throws {NotFoundError} for an unknown feed
 */
export async function runFeedNow(deps: FeedDeps, op: FeedOperator, idOrName: string): Promise<FeedRunResult> {
  const now = deps.now?.() ?? new Date();
  const feed = await withOrg(deps.store, op.organisationId, async (tx) => {
    const f = await findFeed(tx, op, idOrName);
    await recordAudit(tx, { organisationId: op.organisationId, actor: op.label, action: "feed.run-requested", entity: "feed", entityId: f.id, details: { name: f.name, source: f.source }, at: now });
    return f;
  });
  return runFeed(deps, feed.id);
}

/** A short, safe error message: no stack, bounded length. */
function shortError(error: unknown): string {
  const m = error instanceof Error ? error.message : String(error);
  return m.length > 500 ? `${m.slice(0, 497)}...` : m;
}

/** Keeps the last record of each source id (an upsert must not touch a key twice). */
function uniqueEvents(events: readonly Event[]): Event[] {
  const byId = new Map<string, Event>();
  for (const e of events) {
    byId.delete(e.sourceId);
    byId.set(e.sourceId, e);
  }
  return [...byId.values()];
}

/**
 * Runs one feed (system context; the job runner and `runFeedNow` call it): pull, write, detect.
 * Never throws for a feed's own failure — the outcome is recorded on the feed and returned.
 * @throws {NotFoundError} for an unknown feed id
 */
export async function runFeed(deps: FeedDeps, feedId: string): Promise<FeedRunResult> {
  const store = deps.store;
  const now = deps.now?.() ?? new Date();
  const repo = new FeedRepository(store.db);
  const existing = await repo.byId(feedId);
  if (!existing) throw new NotFoundError("feed", feedId);
  const base = { feedId, name: existing.name, source: existing.source as FeedSource, rowsAdded: 0, rowsUpdated: 0, countries: [] as string[], levelChanges: 0 };
  const feed = await repo.claim(feedId, now, new Date(now.getTime() + LEASE_MINUTES * MINUTE));
  if (!feed) return { ...base, status: "busy", note: "another run holds this feed" };
  const connector = connectorsOf(deps)[feed.source as FeedSource];
  const next = (() => {
    try {
      return nextRun(parseSchedule(feed.schedule), now);
    } catch {
      return new Date(now.getTime() + 60 * MINUTE);
    }
  })();
  const stage = (name: FeedStage, t0: number) => deps.onStage?.(feedId, name, performance.now() - t0);

  let pulled: FeedPull;
  let t0 = performance.now();
  try {
    const config = connector.parseConfig(feed.config);
    const credentials = feed.credentials ? (JSON.parse(deps.keyring().decrypt(feed.credentials, credentialAddress(feed.id))) as Record<string, string>) : null;
    pulled = await connector.pull({ config, credentials, cursor: feed.cursor ?? null, http: deps.http ?? defaultFeedHttp, resolveCountry: registryCountryResolver(deps.registry), now });
  } catch (error) {
    return recordFailure(deps, feed, error, now, next, base);
  }
  stage("pull", t0);

  const encryptedCredentials = pulled.credentials ? deps.keyring().encrypt(JSON.stringify(pulled.credentials), credentialAddress(feed.id)) : feed.credentials;
  const success = (rows: number) => ({
    cursor: pulled.cursor, credentials: encryptedCredentials, lastSuccessAt: now, lastError: null, lastErrorAt: null, lastRowsAdded: rows,
    rowsAdded: feed.rowsAdded + rows, staleSince: null, nextRunAt: next, updatedAt: now,
  });
  const out = pulled.output;
  let added = 0;
  let updated = 0;
  let countries: string[] = [];
  t0 = performance.now();
  try {
    if (out.kind === "events") {
      const events = uniqueEvents(out.events);
      const counts = await store.transaction(async (tx) => {
        if ((await new CountryRepository(tx).list()).length < deps.registry.all.length) await syncCountries(tx, deps.registry);
        let c = { inserted: 0, updated: 0 };
        if (events.length) {
          const version = await new DatasetRepository(tx).record({
            dataset: EVENT_DATASETS[out.source], source: `feed:${out.origin}`, sourceCommit: null, fileName: out.fileName, sha256: out.sha256,
            rowCounts: { events: events.length }, warnings: [],
          });
          const events$ = new EventRepository(tx);
          for (let i = 0; i < events.length; i += 5000) {
            const r = await events$.upsert(events.slice(i, i + 5000).map((e) => eventToRow(e, version.id)));
            c = { inserted: c.inserted + r.inserted, updated: c.updated + r.updated };
          }
        }
        await new FeedRepository(tx).finish(feed.id, success(c.inserted));
        if (c.inserted > 0) {
          await recordAudit(tx, { organisationId: feed.organisationId, actor: "system", action: "feed.rows-added", entity: "feed", entityId: feed.id, details: { source: feed.source, inserted: c.inserted, updated: c.updated }, at: now });
        }
        return c;
      });
      added = counts.inserted;
      updated = counts.updated;
      countries = [...new Set(events.map((e) => e.countryIso3).filter((c): c is string => c !== null))].sort();
    } else if (out.kind === "speech") {
      for (let i = 0; i < out.items.length; i += MAX_BATCH_ITEMS) {
        const r = await storeSpeechBatch(store, deps.registry, out.items.slice(i, i + MAX_BATCH_ITEMS), { locate: (j) => `item ${i + j + 1}` });
        added += r.inserted;
      }
      await store.transaction(async (tx) => {
        await new FeedRepository(tx).finish(feed.id, success(added));
        if (added > 0) await recordAudit(tx, { organisationId: feed.organisationId, actor: "system", action: "feed.rows-added", entity: "feed", entityId: feed.id, details: { source: feed.source, inserted: added }, at: now });
      });
    } else if (out.kind === "event-file") {
      try {
        // The file importer validates the whole file before it writes a row (a bad header or
        // record leaves the store unchanged), then writes in resumable batches.
        const r = await importEvents(store, deps.registry, { source: out.source, path: out.path }, { origin: `feed:${out.origin}` });
        added = r.inserted;
        updated = r.updated;
      } finally {
        await rm(out.dir, { recursive: true, force: true });
      }
      await store.transaction(async (tx) => {
        await new FeedRepository(tx).finish(feed.id, success(added));
        await recordAudit(tx, { organisationId: feed.organisationId, actor: "system", action: "feed.rows-added", entity: "feed", entityId: feed.id, details: { source: feed.source, inserted: added, updated }, at: now });
      });
      // A whole release touches every country: recompute them all.
      if (added > 0 || updated > 0) countries = (await new CountryRepository(store.db).list()).map((c) => c.iso3);
    } else if (out.kind === "ewp") {
      try {
        const r = await importEwp(store, deps.registry, { predictors: out.predictors }, { source: out.origin });
        added = r.countryYears?.rows ?? 0;
      } finally {
        await rm(out.dir, { recursive: true, force: true });
      }
      await store.transaction(async (tx) => {
        await new FeedRepository(tx).finish(feed.id, success(added));
        await recordAudit(tx, { organisationId: feed.organisationId, actor: "system", action: "feed.rows-added", entity: "feed", entityId: feed.id, details: { source: feed.source, inserted: added, vintage: out.vintage }, at: now });
      });
    } else {
      await new FeedRepository(store.db).finish(feed.id, success(0));
    }
  } catch (error) {
    // The write refused the data (a speech item or EWP row that does not validate): the source's
    // content no longer fits, so this is a changed schema too.
    const schema = error instanceof Error && /SpeechItemError|ImportError/.test(error.name) ? new FeedSchemaError(`changed format: ${error.message}`, { cause: error }) : error;
    return recordFailure(deps, feed, schema, now, next, base);
  }
  stage("write", t0);

  let levelChanges = 0;
  if (countries.length && (deps.detect ?? true) && (added > 0 || updated > 0)) {
    t0 = performance.now();
    const summary = await computeAlertLevels({ store, now: () => now, onLevelChange: deps.onLevelChange }, { countries });
    levelChanges = summary.changes.length;
    stage("detect", t0);
  }
  return { ...base, status: "ok", rowsAdded: added, rowsUpdated: updated, countries, levelChanges, ...(out.kind === "none" ? { note: out.note } : {}) };
}

async function recordFailure(deps: FeedDeps, feed: FeedRow, error: unknown, now: Date, next: Date, base: Omit<FeedRunResult, "status">): Promise<FeedRunResult> {
  const message = shortError(error);
  const pause = error instanceof FeedSchemaError || error instanceof FeedAuthError || error instanceof FeedConfigError;
  await deps.store.transaction(async (tx) => {
    const row = await new FeedRepository(tx).finish(feed.id, {
      lastError: message, lastErrorAt: now, updatedAt: now, nextRunAt: next,
      ...(pause ? { paused: true, pausedReason: message } : {}),
    });
    if (pause && row) {
      await recordAudit(tx, { organisationId: feed.organisationId, actor: "system", action: "feed.paused", entity: "feed", entityId: feed.id, row, details: { ...auditFacts(row), reason: (error as Error).name }, at: now });
    }
  });
  return { ...base, status: pause ? "paused" : "failed", error: message };
}

/** Outcome of {@link runDueFeeds}. */
export interface DueFeedsSummary {
  runs: FeedRunResult[];
  /** Feeds newly found stale (a `feed.stale` notice was written for each). */
  stale: string[];
}

/**
 * Runs every feed whose schedule is due, one after another (one failing does not stop the
 * others), then raises a `feed.stale` notice for each feed that has newly gone silent longer than
 * its expected rhythm. The job runner calls this every minute; several replicas may call it at
 * once (each feed's run lease keeps a feed to one run).
 */
export async function runDueFeeds(deps: FeedDeps, now: Date = deps.now?.() ?? new Date()): Promise<DueFeedsSummary> {
  const at = { ...deps, now: () => now };
  const runs: FeedRunResult[] = [];
  for (const id of await new FeedRepository(deps.store.db).dueIds(now)) {
    try {
      const r = await runFeed(at, id);
      if (r.status !== "busy") runs.push(r);
    } catch (error) {
      // The feed vanished (removed meanwhile) or the store failed for this one feed: go on.
      runs.push({ feedId: id, name: "", source: "gdelt", status: "failed", rowsAdded: 0, rowsUpdated: 0, countries: [], levelChanges: 0, error: shortError(error) });
    }
  }
  const stale: string[] = [];
  for (const feed of await new FeedRepository(deps.store.db).all()) {
    if (feed.staleSince || !isStale(feed, now)) continue;
    await deps.store.transaction(async (tx) => {
      const row = await new FeedRepository(tx).markStale(feed.id, now);
      await recordAudit(tx, {
        organisationId: feed.organisationId, actor: "system", action: "feed.stale", entity: "feed", entityId: feed.id, row: row ?? undefined,
        details: { name: feed.name, source: feed.source, silentMinutes: Math.floor((now.getTime() - (feed.lastSuccessAt ?? feed.createdAt).getTime()) / MINUTE), expectedRhythmMinutes: feed.expectedRhythmMinutes },
        at: now,
      });
    });
    stale.push(feed.id);
  }
  return { runs, stale };
}
