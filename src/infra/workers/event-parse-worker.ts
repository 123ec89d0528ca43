/**
 * Runs the parse of an event file in a worker thread for a pipelined first import (see
 * `importEvents`): the worker parses and encodes while the main thread writes into PGlite.
 */
import { Worker } from "node:worker_threads";
import type { Country } from "../../domain/country/country.ts";
import type { EventSource } from "../../domain/events/event.ts";
import type { ColumnMapping } from "../importers/event-source.ts";

/** What the event-parse worker is given (`workerData`). */
export interface ParseWorkerInput {
  source: EventSource;
  path: string;
  /** File name used in error messages. */
  file: string;
  skipInvalid: boolean;
  batchSize: number;
  /** Rejections kept in full (the count covers them all). */
  maxRejections: number;
  /** The country registry's entries (the worker rebuilds the registry from them). */
  countries: readonly Country[];
  /** Column mapping, for sources that need one. */
  mapping?: ColumnMapping;
}

/** What the event-parse worker posts. */
export type ParseWorkerMessage =
  | { type: "batch"; lines: string[]; consumed: number }
  | {
    type: "done"; layout: string; read: number; valid: number; rejectedCount: number; sha256: string;
    rejected: { line: number; field: string; reason: string }[];
  }
  | { type: "error"; message: string; line?: number; field?: string; problem?: string };

/**
 * Parses an event file in a worker thread (TypeScript loaded through tsx, as in the main process)
 * and yields its batches of COPY text lines, then the totals. The worker parses ahead by at most
 * two batches: each batch is acknowledged when the consumer asks for the next message. Ending the
 * iteration early (break, throw) terminates the worker.
 * @param input the file, source, error policy and batch size
 * @returns the worker's messages in order; the last is `done` or `error`
 * @throws {Error} when the worker itself fails (not on bad input: that is an `error` message)
 */
export async function* parseEventsInWorker(input: ParseWorkerInput): AsyncGenerator<ParseWorkerMessage> {
  const worker = new Worker(new URL("./tsx-worker-boot.mjs", import.meta.url), {
    workerData: { entry: new URL("./event-parse.worker.ts", import.meta.url).href, ...input },
  });
  const queue: ParseWorkerMessage[] = [];
  let failure: Error | undefined;
  let notify: (() => void) | undefined;
  worker.on("message", (m: ParseWorkerMessage) => { queue.push(m); notify?.(); });
  worker.on("error", (e) => { failure = e; notify?.(); });
  worker.on("exit", (code) => { failure ??= new Error(`event parse worker exited with code ${code}`); notify?.(); });
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (notify = resolve));
      notify = undefined;
      const m = queue.shift();
      if (!m) throw failure!;
      yield m;
      if (m.type !== "batch") return;
      worker.postMessage("ack");
    }
  } finally {
    await worker.terminate();
  }
}
