/**
 * The outbox's batch runner. It no longer has a loop of its own: the job runner runs the "outbox"
 * job every few seconds (see registry.ts), and that job calls `drain()`, which runs
 * `runOutboxBatch` until a batch comes back short or the job is stopped. Unsent claimed rows are
 * given back on stop.
 *
 * Any number of replicas may drain at once on PostgreSQL: claims use `FOR UPDATE SKIP LOCKED` and
 * a lease (the same lease as the job runs, see infra/store/lease.ts), so no row is sent by two
 * workers at once.
 */
import { DEFAULT_RETRY, type RetryPolicy } from "../../domain/delivery/delivery.ts";
import { runOutboxBatch, type BatchResult, type DeliveryChannels, type DeliveryDeps, type OutboxOptions } from "../../services/delivery.service.ts";
import { smtpSender, smtpSettingsFromEnv } from "../../infra/delivery/smtp.sender.ts";
import { webhookSender } from "../../infra/delivery/webhook.sender.ts";

/** Settings of the batches, and who hears about a failed one. */
export interface OutboxWorkerOptions extends Omit<OutboxOptions, "stopping"> {
  /** Told about a batch that failed as a whole (store unreachable); never given personal data. */
  onError?: (error: Error) => void;
}

/** Runs outbox batches for the "outbox" job (and for tests, one at a time). */
export class OutboxWorker {
  private stopping: AbortSignal | null = null;
  /** Totals since start, for tests and logs. */
  readonly totals: BatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, lost: 0 };

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly channels: DeliveryChannels,
    private readonly options: OutboxWorkerOptions = {},
  ) {}

  /** Runs one batch now (tests, and `tocsin` commands that drain the queue). */
  async runOnce(): Promise<BatchResult> {
    const r = await runOutboxBatch(this.deps, this.channels, { ...this.options, stopping: () => Boolean(this.stopping?.aborted) });
    for (const k of Object.keys(r) as (keyof BatchResult)[]) this.totals[k] += r[k];
    return r;
  }

  /** Runs batches until one comes back short (the queue is drained) or `signal` aborts. */
  async drain(signal: AbortSignal): Promise<BatchResult> {
    const sum: BatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, lost: 0 };
    const batchSize = this.options.batchSize ?? 10;
    this.stopping = signal;
    try {
      while (!signal.aborted) {
        const r = await this.runOnce();
        for (const k of Object.keys(r) as (keyof BatchResult)[]) sum[k] += r[k];
        if (r.claimed < batchSize) break;
      }
    } finally {
      this.stopping = null;
    }
    return sum;
  }
}

/**
 * The worker `npm start` runs: webhooks always, e-mail when `TOCSIN_SMTP_URL` is set.
 * @returns the worker and a `close` that stops it and the SMTP pool
 * @throws {RangeError} for a malformed `TOCSIN_SMTP_URL`
 */
export function outboxWorkerFromEnv(deps: DeliveryDeps, env: NodeJS.ProcessEnv = process.env, options: OutboxWorkerOptions = {}): { worker: OutboxWorker; email: boolean; close: () => Promise<void> } {
  const smtp = smtpSettingsFromEnv(env);
  const mailer = smtp ? smtpSender(smtp) : null;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...(env.TOCSIN_DELIVERY_MAX_ATTEMPTS ? { maxAttempts: Number(env.TOCSIN_DELIVERY_MAX_ATTEMPTS) } : {}) };
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) throw new RangeError(`TOCSIN_DELIVERY_MAX_ATTEMPTS must be a whole number ≥ 1, got "${env.TOCSIN_DELIVERY_MAX_ATTEMPTS}"`);
  const worker = new OutboxWorker(deps, { webhook: webhookSender(), email: mailer ? mailer.send : null }, { retry, ...options });
  return {
    worker,
    email: mailer !== null,
    async close() {
      mailer?.close();
    },
  };
}
