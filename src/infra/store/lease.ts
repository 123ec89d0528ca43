/**
 * The lease both durable queues share: outbox deliveries and job runs. A row is claimable when it
 * is pending and due, or held under a lease that has expired (its holder died or stalled); a claim
 * takes rows with `FOR UPDATE SKIP LOCKED`, so concurrent replicas on PostgreSQL each get different
 * rows, and stamps them with a fresh claim token. Only the holder of the current token may record
 * an outcome, so a replica whose lease was taken over cannot overwrite the new holder's result.
 */
import { and, eq, lte, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/** The columns a leased table provides, and the status a claimed row has. */
export interface LeaseColumns {
  id: PgColumn;
  status: PgColumn;
  /** When a pending row becomes due. */
  dueAt: PgColumn;
  leaseUntil: PgColumn;
  claimToken: PgColumn;
  /** The status of a claimed row ("sending", "running"). */
  heldStatus: string;
}

/** Rows a claim may take at `now`: pending and due, or held under an expired lease. */
export function claimable(c: LeaseColumns, now: Date): SQL {
  return or(and(eq(c.status, "pending"), lte(c.dueAt, now)), and(eq(c.status, c.heldStatus), lte(c.leaseUntil, now)))!;
}

/** The one row `id` while the claim `token` still holds it. */
export function heldBy(c: LeaseColumns, id: string, token: string): SQL {
  return and(eq(c.id, id), eq(c.claimToken, token), eq(c.status, c.heldStatus))!;
}
