/**
 * The offline outbox for incident reports: every submission is written to IndexedDB first, with a
 * client-made Idempotency-Key, then sent; it is deleted as soon as the server confirms (201, or 200
 * for a replay of the same key). A lost answer leaves it queued, and the retry with the same key
 * cannot create a second report. Retries run on `online`, on page load, each minute while online,
 * and on demand.
 *
 * Only what is needed to send is kept, and only until the server has it: no copy after success.
 * What is kept is sealed to the server's queue key (`sealed-report.ts`): a device seized with
 * reports waiting holds ciphertext only, and the browser cannot open it again either.
 */
import { client, type ReportSubmission } from "../api.ts";
import { queuePublicKey, sealReport, type SealedReport } from "./sealed-report.ts";

/** One queued report. */
export interface QueuedReport {
  /** The Idempotency-Key, also the IndexedDB key. */
  key: string;
  queuedAt: string;
  /** The report, sealed to the server's key (nothing readable is stored). */
  sealed: SealedReport;
  /** `queued`: waiting to send; `rejected`: the server refused it (the message says why). */
  state: "queued" | "rejected";
  error?: string;
  attempts: number;
}

const DB = "tocsin-outbox";
const STORE = "reports";
/** Fired on `window` whenever the queue changes, so lists can re-read it. */
export const QUEUE_EVENT = "tocsin-outbox-changed";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "key" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const changed = () => window.dispatchEvent(new Event(QUEUE_EVENT));

/** Every queued report, oldest first. */
export async function listQueued(): Promise<QueuedReport[]> {
  const all = await run("readonly", (s) => s.getAll() as IDBRequest<QueuedReport[]>);
  return all.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

/** The browser has never fetched the server's queue key, so it cannot queue a report safely. */
export class NoQueueKeyError extends Error {
  constructor() {
    super("This device has not yet fetched the server's encryption key; connect once, then reports can be queued offline.");
    this.name = "NoQueueKeyError";
  }
}

/**
 * Seals a report to the server's key and saves it in the outbox (before any attempt to send it).
 * @param key the Idempotency-Key
 * @param body the API body
 * @throws {NoQueueKeyError} when no server key is known (never stored in clear instead)
 */
export async function enqueue(key: string, body: ReportSubmission, now = new Date()): Promise<void> {
  const server = await queuePublicKey();
  if (!server) throw new NoQueueKeyError();
  const sealed = await sealReport(body, key, server);
  await run("readwrite", (s) => s.put({ key, queuedAt: now.toISOString(), sealed, state: "queued", attempts: 0 } satisfies QueuedReport));
  changed();
}

/** Deletes a report from the outbox (after the server confirmed it, or when the monitor discards it). */
export async function remove(key: string): Promise<void> {
  await run("readwrite", (s) => s.delete(key));
  changed();
}

async function update(item: QueuedReport): Promise<void> {
  await run("readwrite", (s) => s.put(item));
  changed();
}

/** What one send attempt ended with. */
export type SendOutcome = "sent" | "offline" | "signed-out" | "rejected";

/**
 * Sends one queued report with its own Idempotency-Key.
 * @returns `sent` (deleted from the outbox), `offline` (no answer: stays queued), `signed-out`
 *   (401/403: stays queued until the monitor signs in again) or `rejected` (kept, marked, with the reason)
 */
export async function sendOne(item: QueuedReport): Promise<SendOutcome> {
  let response: Response;
  let error: unknown;
  try {
    ({ response, error } = await client.POST("/api/reports/sealed", { params: { header: { "idempotency-key": item.key } }, body: { sealed: item.sealed } }));
  } catch {
    // A network failure, or an answer lost on the way back: the server may hold the report already,
    // which is why the retry reuses the key.
    await update({ ...item, attempts: item.attempts + 1 });
    return "offline";
  }
  if (response.ok) {
    await remove(item.key);
    return "sent";
  }
  if (response.status === 401 || response.status === 403) return "signed-out";
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    await update({ ...item, attempts: item.attempts + 1 });
    return "offline";
  }
  const message = (error as { error?: { message?: string } } | undefined)?.error?.message ?? `HTTP ${response.status}`;
  await update({ ...item, state: "rejected", error: message, attempts: item.attempts + 1 });
  return "rejected";
}

let chain: Promise<unknown> = Promise.resolve();

async function flushOnce(): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  for (const item of await listQueued()) {
    // Entries from before sealing (a plain body) are not sent by this version; the page offers to discard them.
    if (item.state !== "queued" || !item.sealed) continue;
    const outcome = await sendOne(item);
    outcomes.push(outcome);
    if (outcome === "offline" || outcome === "signed-out") break;
  }
  return outcomes;
}

/**
 * Sends every queued (not rejected) report, one at a time. Calls run one after another, never
 * together, so a report added during a pass is picked up by the next call's pass and no report is
 * posted twice at once.
 * @returns the outcome per report this pass tried
 */
export function flushQueue(): Promise<SendOutcome[]> {
  const pass = chain.then(flushOnce, flushOnce);
  chain = pass.catch(() => undefined);
  return pass;
}

let started = false;

/** Starts sending the outbox now and whenever the browser comes back online (idempotent). */
export function startQueueSync(): void {
  if (started || typeof indexedDB === "undefined") return;
  started = true;
  // Fetch (and cache) the server's queue key while online, so reports can be sealed offline later.
  void queuePublicKey().catch(() => undefined);
  const flush = () => void flushQueue().catch(() => undefined);
  window.addEventListener("online", flush);
  // A server that answered 5xx, or a connection that never fired `online`, gets another try each minute.
  window.setInterval(() => { if (navigator.onLine) flush(); }, 60_000);
  flush();
}
