/**
 * Durable jobs (issue 15, part 1): scheduled and one-off work stored in `job_runs`, run under a
 * lease by whichever replica claims it, retried with backoff, kept as history.
 *
 * Guarantees, stated plainly:
 * - At most one run per schedule slot: every replica inserts the slot's row with ON CONFLICT DO
 *   NOTHING on (name, slot), and only one claim can hold a row.
 * - At most one run of a job at a time across replicas: claims take a transaction-scoped advisory
 *   lock and skip jobs that have a run under a live lease.
 * - At-least-once execution of a claimed run: a replica that dies stops renewing its lease; when
 *   the lease expires another replica claims the run again (a new attempt). So a job must be
 *   idempotent or transactional — every Tocsin job writes its rows in transactions and skips work
 *   already done.
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterFailure, type RetryPolicy } from "../domain/delivery/delivery.ts";
import { DEFAULT_JOB_RETRY, latestSlot, slotKey, type JobSchedule } from "../domain/jobs/schedule.ts";
import type { Store } from "../infra/store/database.ts";
import { JobRepository } from "../infra/store/job.repository.ts";
import type { JobRunRow } from "../infra/store/schema/mod.ts";

/** What a job's `run` receives. */
export interface JobContext<D> {
  deps: D;
  /** Aborted on shutdown and when the lease is lost: stop soon, leave nothing half-written. */
  signal: AbortSignal;
  payload: Record<string, unknown>;
  /** The slot's ISO instant, or the one-off key. */
  slot: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** One job, as data: the registry is a list of these. */
export interface JobDefinition<D> {
  name: string;
  /** When absent the job runs only when enqueued (one-off). */
  schedule?: JobSchedule;
  /** Attempts and backoff (default 3 attempts, see DEFAULT_JOB_RETRY). */
  retry?: RetryPolicy;
  /** Lease per renewal (default 60 s; renewed every third of it while the run lasts). */
  leaseMs?: number;
  /** Does the work; may return a small summary (counts) kept in the history. Throw to fail. */
  run(context: JobContext<D>): Promise<Record<string, unknown> | void>;
}

/** Counts of one pass. */
export interface JobPassResult {
  scheduled: number;
  claimed: number;
  succeeded: number;
  retried: number;
  dead: number;
  released: number;
  /** Runs whose lease another replica took over before this one recorded the outcome. */
  lost: number;
}

/** What a job reports to the process's log (names and counts only, never payloads). */
export type JobEvent =
  | { kind: "succeeded"; name: string; slot: string; ms: number; result?: Record<string, unknown> }
  | { kind: "failed"; name: string; slot: string; attempt: number; error: string; willRetry: boolean }
  | { kind: "lost"; name: string; slot: string };

/** A replica's name in the history: host and process id. */
export const REPLICA_NAME = `${hostname()}:${process.pid}`;

/**
 * Makes sure the latest slot of every scheduled job has its row (one per slot across replicas).
 * @returns how many rows this call created
 */
export async function scheduleDueSlots<D>(store: Store, jobs: readonly JobDefinition<D>[], now: Date): Promise<number> {
  const repo = new JobRepository(store.db);
  let created = 0;
  for (const job of jobs) {
    if (!job.schedule) continue;
    const slot = latestSlot(job.schedule, now);
    if (await repo.ensureRun(newRun(job, slotKey(slot), {}, slot, now))) created += 1;
  }
  return created;
}

/**
 * Enqueues a one-off run of `job` under `key` (a second enqueue with the same key is a no-op).
 * @returns true when this call created the run
 */
export async function enqueueJob<D>(store: Store, job: JobDefinition<D>, options: { key: string; payload?: Record<string, unknown>; runAfter?: Date; now?: Date }): Promise<boolean> {
  const now = options.now ?? new Date();
  return new JobRepository(store.db).ensureRun(newRun(job, options.key, options.payload ?? {}, options.runAfter ?? now, now));
}

function newRun<D>(job: JobDefinition<D>, slot: string, payload: Record<string, unknown>, runAfter: Date, now: Date) {
  return { id: randomUUID(), name: job.name, slot, payload, status: "pending" as const, maxAttempts: (job.retry ?? DEFAULT_JOB_RETRY).maxAttempts, runAfter, createdAt: now };
}

/** Key of the claim lock: all claims across replicas take it in turn (a claim is a short transaction). */
const CLAIM_LOCK = 0x70c5_1a0b;

/**
 * Claims up to `limit` due runs of the given jobs, skipping jobs with a run under a live lease.
 * @returns the claimed runs (status running, attempt counted)
 */
export async function claimRuns<D>(store: Store, jobs: readonly JobDefinition<D>[], options: { now: Date; token: string; limit: number; claimedBy?: string; exclude?: ReadonlySet<string> }): Promise<JobRunRow[]> {
  const names = jobs.map((j) => j.name).filter((n) => !options.exclude?.has(n));
  if (!names.length || options.limit < 1) return [];
  const leaseMs = Math.min(...jobs.map((j) => j.leaseMs ?? 60_000));
  return store.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
    const busy = await tx.execute<{ name: string }>(sql`select distinct name from job_runs where status = 'running' and lease_until > ${options.now.toISOString()}::timestamptz`);
    const held = new Set(rowsOf<{ name: string }>(busy).map((r) => r.name));
    const free = names.filter((n) => !held.has(n));
    const claimed: JobRunRow[] = [];
    const repo = new JobRepository(tx);
    // One run per job per claim: two slots of one job never run side by side.
    for (const name of free) {
      if (claimed.length >= options.limit) break;
      const job = jobs.find((j) => j.name === name)!;
      const leaseUntil = new Date(options.now.getTime() + (job.leaseMs ?? leaseMs));
      claimed.push(...(await repo.claimDue([name], options.now, leaseUntil, options.token, options.claimedBy ?? REPLICA_NAME, 1)));
    }
    return claimed;
  });
}

function rowsOf<T>(result: unknown): T[] {
  // node-postgres returns { rows }, PGlite too; keep the engines' shapes in one place.
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

/**
 * Runs one claimed run to its end: renews the lease while it lasts, records success, a retry with
 * backoff, or death after the last attempt; gives the run back when `stopping` aborted it.
 */
export async function executeRun<D>(
  store: Store,
  job: JobDefinition<D>,
  run: JobRunRow,
  token: string,
  deps: D,
  options: { stopping?: AbortSignal; now?: () => Date; random?: () => number; onEvent?: (event: JobEvent) => void } = {},
): Promise<keyof Omit<JobPassResult, "scheduled" | "claimed">> {
  const clock = options.now ?? (() => new Date());
  const repo = new JobRepository(store.db);
  const leaseMs = job.leaseMs ?? 60_000;
  const local = new AbortController();
  const stop = () => local.abort(options.stopping?.reason);
  options.stopping?.addEventListener("abort", stop, { once: true });
  let lost = false;
  const renewal = setInterval(() => {
    repo.renew(run.id, token, new Date(clock().getTime() + leaseMs)).then(
      (held) => {
        if (!held && !lost) {
          lost = true;
          local.abort(new Error("lease lost"));
        }
      },
      () => undefined, // a missed renewal is retried at the next tick; the lease has slack for it
    );
  }, Math.max(250, Math.floor(leaseMs / 3)));
  const started = Date.now();
  try {
    const result = await job.run({ deps, signal: local.signal, payload: run.payload, slot: run.slot, attempt: run.attempts });
    clearInterval(renewal);
    if (options.stopping?.aborted && !lost) return (await repo.release(run.id, token)) ? "released" : "lost";
    if (await repo.finish(run.id, token, { status: "succeeded", finishedAt: clock(), lastError: null, result: result ?? null })) {
      options.onEvent?.({ kind: "succeeded", name: job.name, slot: run.slot, ms: Date.now() - started, result: result ?? undefined });
      return "succeeded";
    }
    options.onEvent?.({ kind: "lost", name: job.name, slot: run.slot });
    return "lost";
  } catch (error) {
    clearInterval(renewal);
    if (options.stopping?.aborted && !lost) return (await repo.release(run.id, token)) ? "released" : "lost";
    const at = clock();
    const next = afterFailure(run.attempts, at, { ...(job.retry ?? DEFAULT_JOB_RETRY), maxAttempts: run.maxAttempts }, options.random ?? Math.random);
    const message = errorText(error);
    const recorded = next.status === "dead"
      ? await repo.finish(run.id, token, { status: "dead", finishedAt: at, lastError: message })
      : await repo.finish(run.id, token, { status: "pending", runAfter: next.nextAttemptAt, lastError: message });
    if (!recorded) {
      options.onEvent?.({ kind: "lost", name: job.name, slot: run.slot });
      return "lost";
    }
    options.onEvent?.({ kind: "failed", name: job.name, slot: run.slot, attempt: run.attempts, error: message, willRetry: next.status !== "dead" });
    return next.status === "dead" ? "dead" : "retried";
  } finally {
    options.stopping?.removeEventListener("abort", stop);
  }
}

/** An error's class and message, shortened; job errors never carry personal data by design. */
function errorText(error: unknown): string {
  const e = error instanceof Error ? error : new Error(String(error));
  return `${e.name}: ${e.message}`.slice(0, 300);
}

/**
 * One pass: schedules due slots, claims what it may, and runs the claimed runs side by side to
 * their end (tests and `tocsin jobs run`; the runner's loop does the same continuously).
 */
export async function runJobsOnce<D>(store: Store, jobs: readonly JobDefinition<D>[], deps: D, options: { now?: () => Date; limit?: number; random?: () => number; onEvent?: (event: JobEvent) => void; stopping?: AbortSignal } = {}): Promise<JobPassResult> {
  const clock = options.now ?? (() => new Date());
  const result: JobPassResult = { scheduled: 0, claimed: 0, succeeded: 0, retried: 0, dead: 0, released: 0, lost: 0 };
  result.scheduled = await scheduleDueSlots(store, jobs, clock());
  const token = randomUUID();
  const runs = await claimRuns(store, jobs, { now: clock(), token, limit: options.limit ?? jobs.length });
  result.claimed = runs.length;
  const outcomes = await Promise.all(runs.map((run) => executeRun(store, jobs.find((j) => j.name === run.name)!, run, token, deps, options)));
  for (const o of outcomes) result[o] += 1;
  return result;
}

/** The latest runs as history rows, newest first. */
export async function jobHistory(store: Store, options: { name?: string; limit?: number } = {}): Promise<JobRunRow[]> {
  return new JobRepository(store.db).history({ name: options.name, limit: options.limit ?? 50 });
}

/** Deletes history: succeeded runs after a day, dead ones after 30 days. */
export async function pruneJobHistory(store: Store, now: Date): Promise<number> {
  return new JobRepository(store.db).prune(new Date(now.getTime() - 86_400_000), new Date(now.getTime() - 30 * 86_400_000));
}
