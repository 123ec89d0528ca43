/**
 * Worker-thread entry: the parse of an event file (any registered event source) for a pipelined first
 * import (see `parseEventsInWorker`). Parsing and encoding cost about as much CPU as writing the
 * rows into PGlite, and PGlite runs on the main thread, so parsing here lets the two overlap.
 * Posts batches of COPY text lines (a source id repeated within a batch keeps its last record),
 * waits for the main thread's acknowledgement when two batches are unconsumed (memory stays
 * bounded), then posts the totals — or the first error.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { pipeline, Transform } from "node:stream";
import { parentPort, workerData } from "node:worker_threads";
import type { Country } from "../../domain/country/country.ts";
import { CountryRegistry } from "../../domain/country/registry.ts";
import { registryCountryResolver } from "../importers/event-country.ts";
import { EventParseError } from "../importers/event-parse.ts";
import { eventSource } from "../importers/event-sources.ts";
import { copyLineSourceId, eventToCopyLine } from "../store/event.repository.ts";
import type { ParseWorkerInput, ParseWorkerMessage } from "./event-parse-worker.ts";

const input = workerData as ParseWorkerInput;
const port = parentPort!;
const post = (m: ParseWorkerMessage) => port.postMessage(m);
let unacknowledged = 0;
let wake: (() => void) | undefined;
port.on("message", () => {
  unacknowledged--;
  wake?.();
});

const { source, path, file, skipInvalid, batchSize, maxRejections, mapping } = input;
const entry = eventSource(source);
const registry = new CountryRegistry(input.countries as Country[]);
let layout = entry.defaultLayout;
const rejected: { line: number; field: string; reason: string }[] = [];
let rejectedCount = 0;
let valid = 0;
// The sha256 of the bytes this parse reads, so the caller can tell whether they are the bytes it hashed.
const hash = createHash("sha256");
const stream = pipeline(
  createReadStream(path, { highWaterMark: 1 << 20 }),
  new Transform({ transform: (chunk: Buffer, _enc, done) => { hash.update(chunk); done(null, chunk); } }),
  () => {}, // errors reach the parser through the destroyed stream
);
try {
  let batch = new Map<string, string>();
  const flush = async () => {
    post({ type: "batch", lines: [...batch.values()], consumed: valid + rejectedCount });
    batch = new Map();
    if (++unacknowledged >= 2) await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  };
  for await (const event of entry.parse(stream, {
    fileName: file,
    mapping,
    resolveCountry: registryCountryResolver(registry),
    onInvalid: skipInvalid ? "skip" : "throw",
    onLayout: (l) => (layout = l.name),
    onReject: (e) => {
      rejectedCount++;
      if (rejected.length < maxRejections) rejected.push({ line: e.line, field: e.field, reason: e.message.replace(/^.*?: field [^:]+: /, "") });
    },
  })) {
    valid++;
    const line = eventToCopyLine(event);
    const key = copyLineSourceId(line);
    batch.delete(key); // re-inserted at the end, so the batch keeps file order
    batch.set(key, line);
    if (batch.size >= batchSize) await flush();
  }
  if (batch.size) await flush();
  post({ type: "done", layout, read: valid + rejectedCount, valid, rejected, rejectedCount, sha256: hash.digest("hex") });
} catch (error) {
  post(
    error instanceof EventParseError
      ? { type: "error", message: error.message, line: error.line, field: error.field, problem: error.message.replace(/^.*?: field [^:]+: /, "") }
      : { type: "error", message: (error as Error).message },
  );
} finally {
  stream.destroy();
  port.close(); // nothing more to say: lets the thread end
}
