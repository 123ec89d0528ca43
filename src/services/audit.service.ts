/**
 * Use cases around the audit chain: recording a state change (inside the transaction that makes
 * it) and verifying the whole chain and every audited row afterwards (`tocsin audit verify`).
 */
import { rowHash, verifyChain, type AuditEntry } from "../domain/audit/chain.ts";
import { authorize, type Actor } from "../domain/identity/permissions.ts";
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
  entity: "organisation" | "user" | "session" | "token" | "report" | "review" | "attachment" | "keyring" | "assessment" | "assessment_version" | "framework" | "speech_lexicon_entry" | "speech_model"
    | "alert_acknowledgement" | "response_option" | "response_action" | "alert_reassessment"
    | "subscription" | "inbox_item" | "outbox"
    | "alert"
    | "speech_batch" | "speech_spike_confirmation" | "share" | "share_acknowledgement";
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

/** Entities whose rows `verifyAudit` recomputes (none of them is ever deleted by the application). */
const VERIFIED_ENTITIES = ["report", "review", "attachment", "framework", "assessment", "assessment_version", "alert"];

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
export async function verifyAudit(store: Store, options: { blobs?: BlobStore } = {}): Promise<AuditVerification> {
  const entries = await new AuditRepository(store.db).all();
  const head = entries.at(-1)?.hash ?? null;
  const base = { entries: entries.length, headHash: head };
  const chainBreak = verifyChain(entries);
  if (chainBreak) return { ok: false, ...base, rowsChecked: 0, blobsChecked: 0, firstBreak: chainBreak };

  const latest = new Map<string, AuditEntry>();
  for (const e of entries) if (e.rowHash) latest.set(`${e.entity}/${e.entityId}`, e);
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
  let rowsChecked = 0;
  const seen = new Set<string>();
  for (const [entity, row] of rows) {
    const key = `${entity}/${row.id}`;
    seen.add(key);
    const entry = latest.get(key);
    rowsChecked += 1;
    if (!entry) return { ok: false, ...base, rowsChecked, blobsChecked: 0, firstBreak: { entity, entityId: row.id, reason: `${entity} ${row.id} has no audit entry (written around the application)` } };
    if (entry.rowHash !== rowHash(row as unknown as Record<string, unknown>)) {
      return { ok: false, ...base, rowsChecked, blobsChecked: 0, firstBreak: { seq: entry.seq, entity, entityId: row.id, reason: `${entity} ${row.id} no longer matches audit entry ${entry.seq} (the row was altered)` } };
    }
  }
  for (const [key, entry] of latest) {
    if (VERIFIED_ENTITIES.includes(entry.entity) && !seen.has(key)) {
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
  return withOrg(store, actor.organisationId, (tx) => new AuditRepository(tx).forOrganisation(actor.organisationId, limit));
}
