import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { AuditEntry } from "../../domain/audit/chain.ts";
import { GENESIS_HASH, entryHash } from "../../domain/audit/chain.ts";
import type { Db } from "./database.ts";
import { auditLog, type AuditRow } from "./schema/mod.ts";

/** Arbitrary constant naming the advisory lock that serialises appends to the chain. */
const AUDIT_LOCK = 7_746_001;

/** SQL for the append-only audit chain. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /**
   * Appends one entry, linked to the current head. Must run inside a transaction: the advisory
   * lock (held to commit) makes concurrent appends take turns, so the chain never forks.
   */
  async append(entry: Omit<AuditEntry, "seq" | "prevHash" | "hash">): Promise<AuditEntry> {
    await this.db.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [head] = await this.db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const r = await this.db.execute(sql`select nextval('audit_log_seq_seq')::bigint as seq`);
    const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { seq: string | number }[];
    const seq = Number(rows[0].seq);
    const partial = { ...entry, seq, prevHash: head?.hash ?? GENESIS_HASH };
    const full: AuditEntry = { ...partial, hash: entryHash(partial) };
    await this.db.insert(auditLog).values(full);
    return full;
  }

  /** Every entry in chain order. */
  async all(): Promise<AuditEntry[]> {
    return (await this.db.select().from(auditLog).orderBy(asc(auditLog.seq))).map(toEntry);
  }

  /** Entries about the given entities of one organisation, in chain order. */
  async forEntities(organisationId: string, entityIds: string[]): Promise<AuditEntry[]> {
    if (entityIds.length === 0) return [];
    const rows = await this.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organisationId, organisationId), inArray(auditLog.entityId, entityIds)))
      .orderBy(asc(auditLog.seq));
    return rows.map(toEntry);
  }

  /** One organisation's entries, newest first. */
  async forOrganisation(organisationId: string, limit = 200): Promise<AuditEntry[]> {
    return (await this.db.select().from(auditLog).where(eq(auditLog.organisationId, organisationId)).orderBy(desc(auditLog.seq)).limit(limit)).map(toEntry);
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return { ...r, at: new Date(r.at) };
}
