/**
 * The job runner: the one background loop of a Tocsin process. Every `pollMs` it makes sure the
 * due slots of the scheduled jobs have their rows, claims what is due (up to `concurrency` runs in
 * flight, one per job), and runs them under renewed leases (see services/job.service.ts for the
 * guarantees). Any number of processes may run one against the same PostgreSQL; on PGlite there is
 * one process.
 *
 * `stop()` aborts the runs in flight (each is given back to the queue unless it finished) and
 * resolves when they have ended, so the caller can close the store after it.
 */
import { randomUUID } from "node:crypto";
import type { Store } from "../../infra/store/database.ts";
import { claimRuns, executeRun, scheduleDueSlots, type JobDefinition, type JobEvent } from "../../services/job.service.ts";

export interface JobRunnerOptions {
  /** Wait between passes (default 1000 ms). */
  pollMs?: number;
  /** Runs in flight at once in this process (default 4: a long forecast must not hold up deliveries). */
  concurrency?: number;
  now?: () => Date;
  onEvent?: (event: JobEvent) => void;
  /** A pass failed as a whole (store unreachable); the loop goes on. */
  onError?: (error: Error) => void;
}

export class JobRunner<D> {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly stopping = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly jobs: readonly JobDefinition<D>[],
    private readonly deps: D,
    private readonly options: JobRunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const job of jobs) {
      if (names.has(job.name)) throw new Error(`job "${job.name}" is registered twice`);
      names.add(job.name);
    }
  }

  /** Starts the loop (no-op when running). */
  start(): void {
    if (this.loop || this.stopping.signal.aborted) return;
    this.loop = this.run();
  }

  /** Wakes the loop now (after enqueueing a one-off run). */
  poke(): void {
    this.wake?.();
  }

  /** Names of the registered jobs. */
  jobNames(): string[] {
    return this.jobs.map((j) => j.name);
  }

  /** Names of the jobs running in this process now. */
  running(): string[] {
    return [...this.inFlight.keys()];
  }

  /** Stops claiming, aborts the runs in flight and waits for them to be recorded or given back. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error("shutting down"));
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async pass(): Promise<void> {
    const clock = this.options.now ?? (() => new Date());
    await scheduleDueSlots(this.store, this.jobs, clock());
    const free = (this.options.concurrency ?? 4) - this.inFlight.size;
    if (free < 1 || this.stopping.signal.aborted) return;
    const token = randomUUID();
    const runs = await claimRuns(this.store, this.jobs, { now: clock(), token, limit: free, exclude: new Set(this.inFlight.keys()) });
    for (const run of runs) {
      const job = this.jobs.find((j) => j.name === run.name)!;
      const done = executeRun(this.store, job, run, token, this.deps, { stopping: this.stopping.signal, now: this.options.now, onEvent: this.options.onEvent })
        .catch((error: Error) => this.options.onError?.(error))
        .finally(() => {
          this.inFlight.delete(job.name);
          // A finished run frees a place: look again without waiting for the poll.
          this.wake?.();
        });
      this.inFlight.set(job.name, done);
    }
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000;
    while (!this.stopping.signal.aborted) {
      try {
        await this.pass();
      } catch (error) {
        if (!this.stopping.signal.aborted) this.options.onError?.(error as Error);
      }
      if (this.stopping.signal.aborted) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
