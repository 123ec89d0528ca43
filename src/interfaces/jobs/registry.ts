/**
 * The job registry, as data: every background job of a Tocsin server, one entry each. Adding a
 * job is one entry here (a name, a schedule, what it runs); `startTocsin()` in the composition root
 * runs them all through the one job runner. An entry returns null when the settings switch it off.
 */
import type { JobDefinition } from "../../services/job.service.ts";
import { pruneJobHistory } from "../../services/job.service.ts";
import { pruneLoginAttempts } from "../../services/auth.service.ts";
import { ensureForecasts, importMirror, recomputeAlerts, type BackgroundDeps } from "../../services/first-run.service.ts";
import { runDueFeeds } from "../../services/feed.service.ts";
import type { Keyring } from "../../infra/secrets/keyring.ts";

/** What the jobs receive: the background use cases' needs, the outbox, and one-off enqueueing. */
export interface RuntimeDeps extends BackgroundDeps {
  /** Sends due deliveries until the outbox is drained or `signal` aborts; null without a keyring. */
  drainOutbox: ((signal: AbortSignal) => Promise<Record<string, number>>) | null;
  /** Opens feed credentials; null without a keyring (feeds then do not run). */
  keyring: (() => Keyring) | null;
  /** Enqueues a one-off run of a registered job (a repeated key is a no-op). */
  enqueue: (name: string, key: string) => Promise<void>;
}

/** Switches and periods from the configuration and the `start` flags. */
export interface JobSettings {
  /** Alert clock period (0 = off). */
  alertIntervalMinutes: number;
  /** Import the mirror's public data (first start, then hourly for new files). */
  import: boolean;
  /** Compute missing forecasts in the background. */
  forecast: boolean;
}

type Entry = (settings: JobSettings) => JobDefinition<RuntimeDeps> | null;

export const JOB_REGISTRY: readonly Entry[] = [
  // Alert deliveries (webhooks, e-mail): each run drains the outbox; failed sends are retried by the
  // outbox's own per-row backoff, so the run itself is not retried (the next slot comes in 5 s).
  () => ({ name: "outbox", schedule: { everyMs: 5_000 }, retry: { maxAttempts: 1, baseDelayMs: 1_000, maxDelayMs: 1_000 }, run: async ({ deps, signal }) => (deps.drainOutbox ? deps.drainOutbox(signal) : { skipped: 1 }) }),
  // The alert clock: levels recomputed from the stored signals.
  (s) => (s.alertIntervalMinutes > 0 ? { name: "alert-levels", schedule: { everyMs: s.alertIntervalMinutes * 60_000 }, run: ({ deps, signal }) => recomputeAlerts(deps, signal) } : null),
  // The mirror's public data: on the first start (the current slot has not run), then hourly for new files.
  (s) => (s.import ? { name: "import-mirror", schedule: { cron: "0 * * * *" }, leaseMs: 120_000, run: async ({ deps, slot }) => {
    const r = await importMirror(deps);
    if (s.forecast) await deps.enqueue("forecasts", `after-import:${slot}`);
    else if (s.alertIntervalMinutes > 0) await deps.enqueue("alert-levels", `after-import:${slot}`);
    return { ewp: r.ewp, ...Object.fromEntries(r.events.map((e) => [e.file, e.status])) };
  } } : null),
  // Forecasts for the current EWP data (daily check, and after each import), then the levels they move.
  (s) => (s.forecast ? { name: "forecasts", schedule: { cron: "20 3 * * *" }, leaseMs: 120_000, run: async ({ deps, signal }) => {
    const computed = await ensureForecasts(deps, signal);
    return { computed, ...(await recomputeAlerts(deps, signal)) };
  } } : null),
  // Live feeds: every minute, each feed whose own schedule is due runs (one failing does not stop the others).
  () => ({ name: "feeds", schedule: { everyMs: 60_000 }, leaseMs: 120_000, run: async ({ deps }) => {
    if (!deps.keyring) return { skipped: 1 };
    const r = await runDueFeeds({ store: deps.store, registry: deps.registry, keyring: deps.keyring, onLevelChange: deps.onLevelChange });
    // Counts only in the run history: feed names and errors stay in the feeds table.
    return { feeds: r.runs.length, stale: r.stale.length };
  } }),
  // Run history kept a day (succeeded) or 30 days (dead).
  () => ({ name: "prune-job-history", schedule: { cron: "45 * * * *" }, run: async ({ deps }) => ({ deleted: await pruneJobHistory(deps.store, new Date()) }) }),
  // Sign-in failure counters of any e-mail (sprayed addresses included) are forgotten a day after their last failure.
  () => ({ name: "prune-login-attempts", schedule: { cron: "50 * * * *" }, run: async ({ deps }) => ({ deleted: await pruneLoginAttempts(deps.store, new Date()) }) }),
];

/** The jobs these settings switch on. */
export function tocsinJobs(settings: JobSettings): JobDefinition<RuntimeDeps>[] {
  return JOB_REGISTRY.map((entry) => entry(settings)).filter((j): j is JobDefinition<RuntimeDeps> => j !== null);
}
