import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Durable jobs (issue 15, part 1). One row per run of a job: a scheduled slot (`slot` = the slot's
 * ISO instant) or a one-off request (`slot` = a key the caller chooses). The unique (name, slot)
 * makes every replica's "make sure this slot runs" the same row, so a slot runs once. Rows stay as
 * the run history until pruned. Not organisation-scoped: jobs are the system's own work.
 */
export type JobRunStatus = "pending" | "running" | "succeeded" | "dead";

export const jobRuns = pgTable(
  "job_runs",
  {
    id: uuid("id").primaryKey(),
    name: text("name").notNull(),
    slot: text("slot").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status").$type<JobRunStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    /** Not before this instant (the slot, or the backoff after a failure). */
    runAfter: timestamp("run_after", { withTimezone: true }).notNull(),
    /** While `running`: the claim holds until then; a replica that stops renewing it loses the run. */
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    claimToken: uuid("claim_token"),
    /** Which process holds or last held the run (host:pid), for the history. */
    claimedBy: text("claimed_by"),
    lastError: text("last_error"),
    /** A small summary the job returned (counts), shown in the history. */
    result: jsonb("result").$type<unknown>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("job_runs_name_slot").on(t.name, t.slot), index("job_runs_due").on(t.status, t.runAfter), index("job_runs_name_created").on(t.name, t.createdAt)],
);

export type JobRunRow = typeof jobRuns.$inferSelect;
export type NewJobRunRow = typeof jobRuns.$inferInsert;
