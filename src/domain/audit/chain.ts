/**
 * The audit log's hash chain, pure. Each entry's hash covers its own fields and the previous
 * entry's hash, so altering, removing or reordering any entry breaks every hash after it; each
 * entry also carries the hash of the audited row as it was written (`rowHash`), so a later change
 * to the row is detectable by recomputing the row's hash.
 *
 * hash = SHA-256( canonicalJson({ seq, at, organisationId, actor, action, entity, entityId, rowHash, details, prevHash }) )
 */
import { createHash } from "node:crypto";

/** The hash before the first entry. */
export const GENESIS_HASH = "0".repeat(64);

/** One audit entry as stored. */
export interface AuditEntry {
  seq: number;
  at: Date;
  organisationId: string | null;
  /** `user:<uuid>`, `token:<uuid>`, `cli` or `system`. */
  actor: string;
  /** e.g. `report.submitted`, `report.verified`, `attachment.stored`. */
  action: string;
  entity: string;
  entityId: string;
  /** SHA-256 of the audited row after the change, or null for events without a row. */
  rowHash: string | null;
  /** Small, non-personal facts (statuses, counts, hashes). Never names, contacts or places. */
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/**
 * JSON with object keys sorted at every level and Dates as ISO strings, so equal content always
 * serialises to the same bytes whichever engine or driver produced it.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = normalise(v);
    }
    return out;
  }
  return value;
}

/** SHA-256 hex of `data`. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The hash of an audited row (its canonical JSON). */
export function rowHash(row: Record<string, unknown>): string {
  let hashed = row;
  for (const column of LATER_COLUMNS) {
    if (hashed[column] === null) {
      const { [column]: _, ...rest } = hashed;
      hashed = rest;
    }
  }
  return sha256Hex(canonicalJson(hashed));
}

/**
 * Columns added to audited tables after rows were first audited: left out of a row's hash while
 * null, so a row audited before the column existed still verifies (and so do evidence bundles).
 */
const LATER_COLUMNS = ["sourcesSecret"];

/** The hash an entry must carry given its fields. */
export function entryHash(e: Omit<AuditEntry, "hash">): string {
  return sha256Hex(
    canonicalJson({
      seq: e.seq, at: e.at, organisationId: e.organisationId, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId,
      rowHash: e.rowHash, details: e.details, prevHash: e.prevHash,
    }),
  );
}

/** The first problem found in a chain. */
export interface ChainBreak {
  seq: number;
  reason: string;
}

/**
 * Checks entries (in seq order) link up from `GENESIS_HASH` and each hash matches its content.
 * @returns the first break, or null when the chain is intact
 */
export function verifyChain(entries: readonly AuditEntry[]): ChainBreak | null {
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  for (const e of entries) {
    if (e.seq <= lastSeq) return { seq: e.seq, reason: `sequence number ${e.seq} is not after ${lastSeq}` };
    if (e.prevHash !== prev) return { seq: e.seq, reason: "previous-hash link does not match the entry before it (an entry was removed, inserted or altered)" };
    if (entryHash(e) !== e.hash) return { seq: e.seq, reason: "entry content does not match its hash (the entry was altered)" };
    prev = e.hash;
    lastSeq = e.seq;
  }
  return null;
}
