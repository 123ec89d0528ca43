import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { claimable, heldBy, type LeaseColumns } from "./lease.ts";
import { jobRuns, type JobRunRow, type NewJobRunRow } from "./schema/mod.ts";

const JOB_LEASE: LeaseColumns = { id: jobRuns.id, status: jobRuns.status, dueAt: jobRuns.runAfter, leaseUntil: jobRuns.leaseUntil, claimToken: jobRuns.claimToken, heldStatus: "running" };

/** SQL for durable job runs (system context: jobs are not organisation-scoped). */
export class JobRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the run unless (name, slot) exists already; true when this call created it. */
  async ensureRun(row: NewJobRunRow): Promise<boolean> {
    const created = await this.db.insert(jobRuns).values(row).onConflictDoNothing({ target: [jobRuns.name, jobRuns.slot] }).returning({ id: jobRuns.id });
    return created.length === 1;
  }

  /**
   * Claims up to `limit` claimable runs of the named jobs (oldest due first) under a lease and a
   * fresh token, counting the attempt. Call inside a transaction (the row locks last until commit).
   */
  async claimDue(names: string[], now: Date, leaseUntil: Date, token: string, claimedBy: string, limit: number): Promise<JobRunRow[]> {
    if (!names.length) return [];
    const due = await this.db
      .select({ id: jobRuns.id })
      .from(jobRuns)
      .where(and(inArray(jobRuns.name, names), claimable(JOB_LEASE, now)))
      .orderBy(asc(jobRuns.runAfter), asc(jobRuns.id))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (!due.length) return [];
    return this.db
      .update(jobRuns)
      .set({ status: "running", leaseUntil, claimToken: token, claimedBy, attempts: sql`${jobRuns.attempts} + 1`, startedAt: now })
      .where(inArray(jobRuns.id, due.map((d) => d.id)))
      .returning();
  }

  /** Extends the lease while the claim holds; false when another replica took the run over. */
  async renew(id: string, token: string, leaseUntil: Date): Promise<boolean> {
    const rows = await this.db.update(jobRuns).set({ leaseUntil }).where(heldBy(JOB_LEASE, id, token)).returning({ id: jobRuns.id });
    return rows.length === 1;
  }

  /** Records the outcome while the claim holds; false when the run was taken over meanwhile. */
  async finish(id: string, token: string, set: Partial<NewJobRunRow>): Promise<boolean> {
    const rows = await this.db.update(jobRuns).set({ ...set, leaseUntil: null, claimToken: null }).where(heldBy(JOB_LEASE, id, token)).returning({ id: jobRuns.id });
    return rows.length === 1;
  }

  /** Gives back a run stopped before its end (graceful shutdown), not counting the attempt. */
  async release(id: string, token: string): Promise<boolean> {
    return this.finish(id, token, { status: "pending", attempts: sql`greatest(${jobRuns.attempts} - 1, 0)` as unknown as number });
  }

  /** The latest runs, newest first, optionally of one job. */
  async history(options: { name?: string; limit: number }): Promise<JobRunRow[]> {
    return this.db
      .select()
      .from(jobRuns)
      .where(options.name ? eq(jobRuns.name, options.name) : undefined)
      .orderBy(desc(jobRuns.createdAt), desc(jobRuns.id))
      .limit(options.limit);
  }

  /** Every run of one job, oldest first (tests and diagnostics). */
  async runsOf(name: string): Promise<JobRunRow[]> {
    return this.db.select().from(jobRuns).where(eq(jobRuns.name, name)).orderBy(asc(jobRuns.createdAt), asc(jobRuns.slot));
  }

  /** Deletes finished runs: succeeded ones before `succeededBefore`, dead ones before `deadBefore`. */
  async prune(succeededBefore: Date, deadBefore: Date): Promise<number> {
    const rows = await this.db
      .delete(jobRuns)
      .where(or(and(eq(jobRuns.status, "succeeded"), lt(jobRuns.finishedAt, succeededBefore)), and(eq(jobRuns.status, "dead"), lt(jobRuns.finishedAt, deadBefore))))
      .returning({ id: jobRuns.id });
    return rows.length;
  }
}
