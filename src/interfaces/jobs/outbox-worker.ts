/**
 * The outbox worker: a loop in the server process that runs `runOutboxBatch` until stopped. It
 * polls (every 2 s by default) while the queue is idle and goes straight on while batches come back
 * full. `stop()` lets the send in flight finish, gives unsent claimed rows back, and resolves when
 * the loop has ended, so `npm start` can close the store after it.
 *
 * On PGlite (one connection) run one worker; on PostgreSQL any number of processes may each run one:
 * claims use `FOR UPDATE SKIP LOCKED` and a lease, so no row is sent by two workers at once.
 */
import { DEFAULT_RETRY, type RetryPolicy } from "../../domain/delivery/delivery.ts";
import { runOutboxBatch, type BatchResult, type DeliveryChannels, type DeliveryDeps, type OutboxOptions } from "../../services/delivery.service.ts";
import { smtpSender, smtpSettingsFromEnv } from "../../infra/delivery/smtp.sender.ts";
import { webhookSender } from "../../infra/delivery/webhook.sender.ts";

/** Settings of the loop on top of the batch's. */
export interface OutboxWorkerOptions extends Omit<OutboxOptions, "stopping"> {
  /** Wait between polls of an idle queue (default 2000 ms). */
  pollMs?: number;
  /** Told about a batch that failed as a whole (store unreachable); never given personal data. */
  onError?: (error: Error) => void;
}

/** A running (or stopped) outbox loop. */
export class OutboxWorker {
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Totals since start, for tests and logs. */
  readonly totals: BatchResult = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, lost: 0 };

  constructor(
    private readonly deps: DeliveryDeps,
    private readonly channels: DeliveryChannels,
    private readonly options: OutboxWorkerOptions = {},
  ) {}

  /** Runs one batch now (tests, and `tocsin` commands that drain the queue). */
  async runOnce(): Promise<BatchResult> {
    const r = await runOutboxBatch(this.deps, this.channels, { ...this.options, stopping: () => this.stopped && this.loop !== null });
    for (const k of Object.keys(r) as (keyof BatchResult)[]) this.totals[k] += r[k];
    return r;
  }

  /** Starts the loop in the background (no-op when running). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Stops the loop and waits for the batch in flight; unsent claimed rows go back to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 2000;
    const batchSize = this.options.batchSize ?? 10;
    while (!this.stopped) {
      let full = false;
      try {
        full = (await this.runOnce()).claimed >= batchSize;
      } catch (error) {
        this.options.onError?.(error as Error);
      }
      if (full || this.stopped) continue;
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
      await worker.stop();
      mailer?.close();
    },
  };
}
