/**
 * Use cases around the audit chain: recording a state change (inside the transaction that makes
 * it) and verifying the whole chain and every audited row afterwards (`tocsin audit verify`).
 */
import { createHash } from "node:crypto";
import { canonicalJson, rowHash, verifyChain, type AuditEntry } from "../domain/audit/chain.ts";
import { checkSignature, type DetachedSignature } from "../domain/signing/signature.ts";
import { AuditCoverageRepository } from "../infra/store/audit-coverage.repository.ts";
import { authorize, can, type Actor } from "../domain/identity/permissions.ts";

/** Audit entities whose actor may reveal who reported. */
const REPORT_ENTITIES = new Set(["report", "attachment"]);
import { AlertRepository, alertAuditShape } from "../infra/store/alert.repository.ts";
import { AssessmentRepository } from "../infra/store/assessment.repository.ts";
import { AuditRepository } from "../infra/store/audit.repository.ts";
import type { BlobStore } from "../infra/store/blob-store.ts";
import type { Db, Store } from "../infra/store/database.ts";
import { withOrg } from "../infra/store/org-scope.ts";
import { ReportRepository } from "../infra/store/report.repository.ts";

/** What is being recorded. */
export interface AuditInput {
  organisationId: string | null;
  actor: string;
  action: string;
  entity: "organisation" | "user" | "session" | "token" | "report" | "review" | "attachment" | "keyring" | "assessment" | "assessment_version" | "framework" | "speech_lexicon_entry" | "speech_org_lexicon" | "speech_model"
    | "alert_acknowledgement" | "response_option" | "response_action" | "alert_reassessment"
    | "subscription" | "inbox_item" | "outbox"
    | "alert" | "audit_checkpoint" | "partner_instance" | "exchange_bundle"
    | "feed"
    | "speech_batch" | "speech_spike_confirmation" | "share" | "share_acknowledgement" | "share_response" | "login";
  entityId: string;
  /** The row after the change; its hash is recorded (and re-checked by `verifyAudit`). */
  row?: Record<string, unknown>;
  /** Small non-personal facts. Never names, contacts, places or free text. */
  details?: Record<string, unknown>;
  at: Date;
}

/** Appends an entry in the caller's transaction. */
export function recordAudit(tx: Db, input: AuditInput): Promise<AuditEntry> {
  return new AuditRepository(tx).append({
    at: input.at,
    organisationId: input.organisationId,
    actor: input.actor,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId,
    rowHash: input.row ? rowHash(input.row) : null,
    details: input.details ?? {},
  });
}

/** The actor column for a user. */
export function actorLabel(actor: Actor): string {
  return actor.kind === "user" ? `user:${actor.userId}` : "anonymous";
}

/** Entities whose rows `verifyAudit` recomputes (removed only with a `*.deleted` entry). */
const VERIFIED_ENTITIES = ["speech_batch", "report", "review", "attachment", "framework", "assessment", "assessment_version", "alert", "user", "token", "subscription", "response_action", "response_option", "alert_acknowledgement", "share_response"];

/** The part of a speech item that an ingest vouches for (the analysis may be redone; the text may not change). */
export interface SpeechItemContent {
  organisationId: string | null;
  clientId: string;
  text: string;
  time: string;
  source: string;
  countryIso3: string;
  languageGiven: string | null;
  reach: number | null;
}

/**
 * What of a speech batch is audited: its id, size and a digest of every stored item's content, so
 * an item added, removed or altered around the application breaks `audit verify`.
 */
export function speechBatchAuditRow(batchId: string, items: readonly SpeechItemContent[]): Record<string, unknown> {
  const canonical = items
    .map((i) => [i.organisationId, i.clientId, i.text, new Date(i.time).toISOString(), i.source, i.countryIso3, i.languageGiven, i.reach])
    .sort((a, b) => (String(a[1]) < String(b[1]) ? -1 : String(a[1]) > String(b[1]) ? 1 : 0));
  return { id: batchId, items: items.length, digest: createHash("sha256").update(canonicalJson(canonical)).digest("hex") };
}

/**
 * What of a user is audited: who they are, their organisation, role and whether they may sign in.
 * Login bookkeeping (failed attempts, lock-outs) is left out so signing in does not need an entry.
 */
export function userAuditRow(u: { id: string; organisationId: string; email: string; role: string; disabled: boolean }): Record<string, unknown> {
  return { id: u.id, organisationId: u.organisationId, email: u.email, role: u.role, disabled: u.disabled };
}

/** What of an API token is audited: its owner, secret hash, scopes and lifetime. */
export function tokenAuditRow(t: { id: string; organisationId: string; userId: string; tokenHash: string; scopes: string[]; expiresAt: Date | null; revokedAt: Date | null }): Record<string, unknown> {
  return { id: t.id, organisationId: t.organisationId, userId: t.userId, tokenHash: t.tokenHash, scopes: t.scopes, expiresAt: t.expiresAt, revokedAt: t.revokedAt };
}

/** A signed statement "the audit chain's entry `seq` has hash `headHash`", exportable as JSON. */
export interface AuditCheckpoint {
  format: "tocsin-audit-checkpoint/1";
  seq: number;
  headHash: string;
  at: string;
  signature: DetachedSignature;
}

function checkpointPayload(c: { seq: number; headHash: string; at: string }): Buffer {
  return Buffer.from(canonicalJson({ format: "tocsin-audit-checkpoint/1", seq: c.seq, headHash: c.headHash, at: c.at }));
}

/**
 * Signs the chain's current head with the instance key, stores the checkpoint and returns it for
 * export (keep the exported copy away from the database: it is what a rewrite cannot match).
 * @throws {RangeError} when the chain is empty
 */
export async function createAuditCheckpoint(store: Store, signer: { sign(data: Uint8Array): DetachedSignature }, now = new Date()): Promise<AuditCheckpoint> {
  return store.transaction(async (tx) => {
    const head = (await new AuditRepository(tx).all()).at(-1);
    if (!head) throw new RangeError("the audit chain is empty: nothing to checkpoint");
    const body = { seq: head.seq, headHash: head.hash, at: now.toISOString() };
    const signature = signer.sign(checkpointPayload(body));
    const row = await new AuditCoverageRepository(tx).insertCheckpoint({ seq: body.seq, headHash: body.headHash, at: now, keyFingerprint: signature.keyFingerprint, signature: signature.signature });
    await recordAudit(tx, { organisationId: null, actor: "cli", action: "audit.checkpoint", entity: "audit_checkpoint", entityId: String(row.id), details: { seq: body.seq, headHash: body.headHash }, at: now });
    return { format: "tocsin-audit-checkpoint/1", ...body, signature };
  });
}

/** Outcome of `verifyAudit`. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  rowsChecked: number;
  blobsChecked: number;
  /** Hash of the last entry: publish or note it to anchor the chain against truncation. */
  headHash: string | null;
  /** The first problem, naming the entry (seq) or row. */
  firstBreak: { seq?: number; entity?: string; entityId?: string; reason: string } | null;
}

/**
 * Recomputes the chain, then the hash of every audited row (reports, reviews, attachments) against
 * the last entry recorded for it, and (when `blobs` is given) every attachment's files.
 */
export async function verifyAudit(
  store: Store,
  options: { blobs?: BlobStore; trustedKeys?: readonly string[]; checkpoints?: readonly AuditCheckpoint[] } = {},
): Promise<AuditVerification> {
  const entries = await new AuditRepository(store.db).all();
  const head = entries.at(-1)?.hash ?? null;
  const base = { entries: entries.length, headHash: head };
  const chainBreak = verifyChain(entries);
  if (chainBreak) return { ok: false, ...base, rowsChecked: 0, blobsChecked: 0, firstBreak: chainBreak };

  // Signed checkpoints: stored ones and exported copies given back. A chain rewritten consistently
  // (every hash recomputed) no longer has the signed hash at the checkpoint's entry.
  const coverage = new AuditCoverageRepository(store.db);
  const stored: AuditCheckpoint[] = (await coverage.checkpoints()).map((c) => ({
    format: "tocsin-audit-checkpoint/1", seq: c.seq, headHash: c.headHash, at: c.at.toISOString(), signature: { algorithm: "Ed25519", keyFingerprint: c.keyFingerprint, signature: c.signature },
  }));
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  for (const c of [...stored, ...(options.checkpoints ?? [])]) {
    if (options.trustedKeys) {
      const sig = checkSignature(options.trustedKeys, checkpointPayload(c), c.signature);
      if (!sig.ok) return { ok: false, ...base, rowsChecked: 0, blobsChecked: 0, firstBreak: { seq: c.seq, reason: `checkpoint at entry ${c.seq}: ${sig.reason}` } };
    }
    const e = bySeq.get(c.seq);
    if (!e || e.hash !== c.headHash) {
      return { ok: false, ...base, rowsChecked: 0, blobsChecked: 0, firstBreak: { seq: c.seq, reason: `checkpoint signed ${c.at} says entry ${c.seq} has hash ${c.headHash}; the chain ${e ? `has ${e.hash}` : "no longer has that entry"} (the chain was rewritten)` } };
    }
  }

  const latest = new Map<string, AuditEntry>();
  const lastAny = new Map<string, AuditEntry>();
  for (const e of entries) {
    if (e.rowHash) latest.set(`${e.entity}/${e.entityId}`, e);
    lastAny.set(`${e.entity}/${e.entityId}`, e);
  }
  const legacy = new Set<string>();
  // Users and tokens audited before their rows were hashed have only hash-less entries: they are
  // counted as such rather than failed; a row with no entry at all still fails.
  for (const [key, e] of lastAny) if ((e.entity === "user" || e.entity === "token") && !latest.has(key)) legacy.add(key);
  const repo = new ReportRepository(store.db);
  const [reports, reviews, attachments] = await Promise.all([repo.all(), repo.allReviews(), repo.allAttachments()]);
  // Assessments are audited with their rows too (analysts' published judgements are evidence as
  // well): an edit made around the application must not pass verification.
  const assessed = await new AssessmentRepository(store.db).allForAudit();
  const rows: [string, { id: string }][] = [
    ...reports.map((r) => ["report", r] as [string, { id: string }]),
    ...reviews.map((r) => ["review", r] as [string, { id: string }]),
    ...attachments.map((r) => ["attachment", r] as [string, { id: string }]),
    ...assessed.frameworks.map((r) => ["framework", r] as [string, { id: string }]),
    ...assessed.assessments.map((r) => ["assessment", r] as [string, { id: string }]),
    ...assessed.versions.map((r) => ["assessment_version", r] as [string, { id: string }]),
    // Alert levels are public judgements too: each row is audited when written and when superseded.
    ...(await new AlertRepository(store.db).all()).map((r) => ["alert", alertAuditShape(r)] as [string, { id: string }]),
  ];
  // Access and response tables: who may sign in with which role, tokens, deliveries' targets,
  // response actions — each row as last audited.
  const more = await coverage.rows();
  rows.push(
    ...more.users.map((r) => ["user", userAuditRow(r)] as [string, { id: string }]),
    ...more.tokens.map((r) => ["token", tokenAuditRow(r)] as [string, { id: string }]),
    ...more.subscriptions.map((r) => ["subscription", r] as [string, { id: string }]),
    ...more.responseActions.map((r) => ["response_action", r] as [string, { id: string }]),
    ...more.responseOptions.map((r) => ["response_option", r] as [string, { id: string }]),
    ...more.acknowledgements.map((r) => ["alert_acknowledgement", r] as [string, { id: string }]),
    ...more.shareResponses.map((r) => ["share_response", r] as [string, { id: string }]),
  );
  // Speech texts, batch by batch (items stored before batches were audited have no batch).
  const byBatch = new Map<string, SpeechItemContent[]>();
  for (const item of await coverage.speechItems()) {
    const list = byBatch.get(item.batchId) ?? [];
    list.push(item);
    byBatch.set(item.batchId, list);
  }
  for (const [batchId, items] of byBatch) rows.push(["speech_batch", speechBatchAuditRow(batchId, items) as { id: string }]);
  let rowsChecked = 0;
  const seen = new Set<string>();
  for (const [entity, row] of rows) {
    const key = `${entity}/${row.id}`;
    seen.add(key);
    const entry = latest.get(key);
    rowsChecked += 1;
    if (!entry && legacy.has(key)) continue;
    if (!entry) return { ok: false, ...base, rowsChecked, blobsChecked: 0, firstBreak: { entity, entityId: row.id, reason: `${entity} ${row.id} has no audit entry (written around the application)` } };
    if (entry.rowHash !== rowHash(row as unknown as Record<string, unknown>)) {
      return { ok: false, ...base, rowsChecked, blobsChecked: 0, firstBreak: { seq: entry.seq, entity, entityId: row.id, reason: `${entity} ${row.id} no longer matches audit entry ${entry.seq} (the row was altered)` } };
    }
  }
  for (const [key, entry] of latest) {
    if (VERIFIED_ENTITIES.includes(entry.entity) && !seen.has(key) && !lastAny.get(key)!.action.endsWith(".deleted")) {
      return { ok: false, ...base, rowsChecked, blobsChecked: 0, firstBreak: { seq: entry.seq, entity: entry.entity, entityId: entry.entityId, reason: `${key} recorded in audit entry ${entry.seq} is missing (the row was deleted)` } };
    }
  }
  let blobsChecked = 0;
  if (options.blobs) {
    for (const a of attachments) {
      for (const sha of [a.storedSha256, a.workingStoredSha256].filter((s): s is string => Boolean(s))) {
        try {
          await options.blobs.get(sha);
        } catch (error) {
          return { ok: false, ...base, rowsChecked, blobsChecked, firstBreak: { entity: "attachment", entityId: a.id, reason: (error as Error).message } };
        }
        blobsChecked += 1;
      }
    }
  }
  return { ok: true, ...base, rowsChecked, blobsChecked, firstBreak: null };
}

/** An organisation's recent audit entries (for `audit:read` holders). */
export async function listAudit(store: Store, actor: Actor, limit = 200): Promise<AuditEntry[]> {
  authorize(actor, "audit:read");
  const entries = await withOrg(store, actor.organisationId, (tx) => new AuditRepository(tx).forOrganisation(actor.organisationId, limit));
  // The actor of a report action can name its author (report.submitted): hidden from those who may
  // not read identities, unless it is themselves. The hash chain still covers the real actor.
  if (can(actor, "report:read-identity")) return entries;
  const self = actor.kind === "user" ? `user:${actor.userId}` : "";
  return entries.map((e) => (REPORT_ENTITIES.has(e.entity) && e.actor !== self && e.actor.startsWith("user:") ? { ...e, actor: "hidden" } : e));
}
