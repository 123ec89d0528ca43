/**
 * Use case: import an event file (any source of the event-source registry: UCDP GED, ACLED, GDELT,
 * a CSV with a column mapping …) into the store, streaming, in batches,
 * resumable, and all-or-nothing with respect to bad input.
 *
 * How it keeps both promises — "a bad file leaves the store unchanged" and "an interrupted import
 * resumes after its last committed batch" — without holding the file in memory:
 * 1. **Validate** (the one streaming parse): hash the bytes (sha256, from the same read) and parse
 *    every record. With the default policy the first bad field (wrong type, bad date …) aborts
 *    with an {@link ImportError} naming file, line and field; with `skipInvalid` bad records are
 *    collected as rejections instead. Structural damage (a truncated file, a record with the wrong
 *    number of columns, an unterminated quote) always aborts: the rest of the file cannot be
 *    trusted. Each valid event is appended, already encoded for the database (COPY text format,
 *    see `eventToCopyLine`), to a spool file in a private temporary directory. Nothing has been
 *    written to the store yet, so an abort leaves it exactly as it was.
 * 2. **Write** (reading the spool back line by line): batches of `batchSize` events (default
 *    10,000), one transaction per batch that upserts the events on (source, source_id) and
 *    advances the import's `event_imports` record. A crash or kill between batches leaves every
 *    committed batch and a `running` record; re-running the same file (same sha256) skips the
 *    records already committed. Re-running a file whose import finished upserts everything again
 *    (idempotent: the rows are updated, not duplicated).
 * 3. **Pipelined first import** (instead of 1–2, for a file of at least 16 MB whose source has no
 *    stored events yet): a worker thread parses and encodes the file while this thread writes each
 *    batch, all in ONE transaction (setup, every batch, the finished record). Parsing costs about
 *    as much CPU as PGlite's inserts, and PGlite runs on this thread, so overlapping them was what
 *    lifted a 100,000-event first import above 20,000 events/s wall clock on a loaded 2-core machine
 *    (the set-wise foreign-key check and plain INSERT alone gave ~23,000 per CPU-second but ~14,000/s
 *    wall). Bad input raises inside the transaction, so the store is still unchanged; the price is
 *    that an interrupted first import keeps nothing (the re-run starts over, still pipelined, as the
 *    source is still empty) and the store is busy for the whole parse, not batch by batch. Re-imports
 *    and resumed imports always take the batched path.
 * Why a spool rather than parsing twice or keeping the events: the file is parsed and validated
 * once (the second parse was about a tenth of an import's CPU time), memory stays flat
 * whatever the file size, and the write pass only joins ready-made lines. The spool (about the
 * size of the events' text) is deleted when the import ends, however it ends.
 *
 * Provenance: each file is a dataset version (`ucdp-ged`, `acled`, `gdelt-events` + sha256) via
 * `DatasetRepository.record`; every event row points at the version that last wrote it.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { createInterface } from "node:readline";
import { pipeline, Transform } from "node:stream";
import type { CountryRegistry } from "../domain/country/registry.ts";
import type { EventSource } from "../domain/events/event.ts";
import { registryCountryResolver } from "../infra/importers/event-country.ts";
import { EventParseError } from "../infra/importers/event-parse.ts";
import type { ColumnMapping, EventSourceEntry } from "../infra/importers/event-source.ts";
import { EVENT_SOURCES, eventSource } from "../infra/importers/event-sources.ts";
import { ImportError } from "../infra/importers/import-error.ts";
import type { Store } from "../infra/store/database.ts";
import { CountryRepository } from "../infra/store/country.repository.ts";
import { DatasetRepository } from "../infra/store/dataset.repository.ts";
import { copyLineSourceId, EventRepository, eventToCopyLine } from "../infra/store/event.repository.ts";
import { parseEventsInWorker } from "../infra/workers/event-parse-worker.ts";
import { syncCountries } from "./country.service.ts";

/** Dataset names under which each source's files are recorded as versions (from the event-source registry). */
export const EVENT_DATASETS: Readonly<Record<EventSource, string>> = Object.fromEntries(EVENT_SOURCES.map((s) => [s.id, s.dataset]));

/**
 * Default number of events per batch (and per transaction): large enough that the fixed costs of
 * a batch (transaction, staging table, progress update) are spread thin, small enough that a batch
 * (about 6 MB of GED text) is cheap to redo after a crash.
 */
export const DEFAULT_EVENT_BATCH = 10_000;

/**
 * Smallest file that takes the pipelined first-import path. Below it the worker thread's start-up
 * (loading the parser's TypeScript, a few hundred ms) costs more than the overlap saves.
 */
const PIPELINE_MIN_BYTES = 16 << 20;

/** Rejections kept in the summary and the import record; the count covers them all. */
const MAX_REJECTIONS = 1000;

/** What to import. */
export interface EventImportInput {
  source: EventSource;
  /** Path of the file. */
  path: string;
  /** Column mapping, for sources that need one (the `csv` source; see `csv-mapped.parser.ts`). */
  mapping?: ColumnMapping;
}

/** Progress of an event import, for a progress bar. */
export interface EventImportProgress {
  /** `validate`: first pass (records read so far); `write`: records committed so far; `done`. */
  phase: "validate" | "write" | "done";
  file: string;
  done: number;
  /** Records in the file (known once validation has finished). */
  total?: number;
}

/** Options of {@link importEvents}. */
export interface EventImportOptions {
  /**
   * Import the valid records and report the invalid ones (default `false`: the first invalid
   * record aborts and nothing is stored). Structural damage aborts in either mode.
   */
  skipInvalid?: boolean;
  /** Events per batch and transaction (default 10,000). */
  batchSize?: number;
  /** Where the file came from, recorded with the version (default `file:<name>`). */
  origin?: string;
  /**
   * Files at least this large (bytes) that are the first import of their source go through the
   * pipelined path (default 16 MB, about 25,000 GED events; see {@link importEvents}).
   */
  pipelineMinBytes?: number;
  /**
   * Called after validation progress and after each committed batch. An exception thrown here
   * stops the import like a crash would: committed batches stay and a re-run resumes after them.
   */
  onProgress?: (p: EventImportProgress) => void;
}

/** A record that was not imported. */
export interface EventRejection {
  /** 1-based line where the record starts. */
  line: number;
  /** The column at fault. */
  field: string;
  reason: string;
}

/** Summary of an import. */
export interface EventImportSummary {
  source: EventSource;
  file: string;
  sha256: string;
  /** Detected layout: `ged-49`, `ged-legacy`, `acled`, `gdelt-2.0`, `csv-mapped` … */
  layout: string;
  /** Data records read from the file (valid and rejected). */
  read: number;
  /** Events new to the store (over all runs of an interrupted import). */
  inserted: number;
  /** Events that replaced a stored event with the same (source, source_id). */
  updated: number;
  /** Rejected records (the first 1,000); always empty without `skipInvalid`. */
  rejected: EventRejection[];
  /** Number of rejected records. */
  rejectedCount: number;
  /** Records skipped because an interrupted import of this file had already committed them. */
  resumedAfter: number;
  importId: number;
  datasetVersionId: number;
  /** Wall time of this run in seconds. */
  seconds: number;
}

function toImportError(error: unknown, file: string): unknown {
  if (error instanceof EventParseError) {
    return new ImportError(file, error.line, error.field, error.message.replace(/^.*?: field [^:]+: /, ""), { cause: error });
  }
  return error;
}

/**
 * Imports an event file into the store (see the module comment for the two passes and the
 * pipelined first import).
 * @param store the store
 * @param registry the country registry (resolves each event's country to an ISO3 key)
 * @param input source format and file path
 * @param options error policy, batch size, progress
 * @returns the summary: records read, events inserted and updated, rejections
 * @throws {ImportError} when the file cannot be read, is structurally damaged, or (without
 *   `skipInvalid`) has an invalid field; the message names file, line and field and the store
 *   is unchanged
 * @throws {RangeError} on a bad batch size
 * @example
 * const s = await importEvents(store, registry, { source: "ged", path: "ged241.csv" });
 * console.log(s.inserted, s.updated);
 */
export async function importEvents(
  store: Store,
  registry: CountryRegistry,
  input: EventImportInput,
  options: EventImportOptions = {},
): Promise<EventImportSummary> {
  const { source, path, mapping } = input;
  const { skipInvalid = false, batchSize = DEFAULT_EVENT_BATCH, onProgress = () => {} } = options;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const entry = eventSource(source);
  if (entry.needsMapping && !mapping) throw new RangeError(`the ${source} source needs a column mapping`);
  const file = basename(path);
  const t0 = performance.now();

  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a file");
    size = info.size;
  } catch (error) {
    throw new ImportError(file, undefined, undefined, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }

  const { pipelineMinBytes = PIPELINE_MIN_BYTES } = options;
  if (size >= pipelineMinBytes && !(await new EventRepository(store.db).hasSource(source))) {
    const summary = await pipelinedFirstImport(store, registry, entry, path, file, { skipInvalid, batchSize, onProgress, origin: options.origin, mapping }, t0);
    if (summary) return summary;
  }

  const spoolDir = await mkdtemp(join(tmpdir(), "tocsin-import-"));
  try {
    return await validateAndWrite(store, registry, entry, path, file, join(spoolDir, "events.copy"), { skipInvalid, batchSize, onProgress, origin: options.origin, mapping }, t0);
  } finally {
    await rm(spoolDir, { recursive: true, force: true });
  }
}

/** The sha256 of a file's bytes. */
async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/**
 * The pipelined first import (see the module comment): a worker thread parses while this thread
 * writes, all in one transaction. Returns undefined, having written nothing, when an unfinished
 * import of the same file is recorded (its progress belongs to the batched path).
 */
async function pipelinedFirstImport(
  store: Store,
  registry: CountryRegistry,
  entry: EventSourceEntry,
  path: string,
  file: string,
  options: Required<Pick<EventImportOptions, "skipInvalid" | "batchSize" | "onProgress">> & { origin?: string; mapping?: ColumnMapping },
  t0: number,
): Promise<EventImportSummary | undefined> {
  const { skipInvalid, batchSize, onProgress, mapping } = options;
  const source = entry.id;
  const messages = parseEventsInWorker({ source, path, file, skipInvalid, batchSize, maxRejections: MAX_REJECTIONS, countries: registry.all, mapping });
  try {
    // The first message starts the worker; the version record needs the sha256 before the first
    // row is written, so this thread hashes the file meanwhile (the worker hashes what it parses,
    // and the two must agree).
    const first = messages.next();
    first.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    const sha256 = await sha256File(path);
    const earlier = await new EventRepository(store.db).findImport(source, sha256);
    if (earlier && earlier.status !== "done" && earlier.recordsDone > 0) return undefined;
    return await store.transaction(async (tx) => {
      if ((await new CountryRepository(tx).list()).length < registry.all.length) await syncCountries(tx, registry);
      const datasets = new DatasetRepository(tx);
      const versionId = (await datasets.record({
        dataset: entry.dataset, source: options.origin ?? `file:${file}`, sourceCommit: null, fileName: file, sha256, rowCounts: {}, warnings: [],
      })).id;
      const repo = new EventRepository(tx);
      let importRecord = await repo.beginImport({ source, fileName: file, sha256, layout: null, datasetVersionId: versionId });
      let inserted = 0;
      let updated = 0;
      let insertOnly = true;
      for (let next = first; ; next = messages.next()) {
        const { value: m, done } = await next;
        if (done) throw new Error("the event parse worker stopped without a result");
        if (m.type === "error") {
          throw new ImportError(file, m.line, m.field, m.problem ?? m.message);
        }
        if (m.type === "batch") {
          const c = await repo.upsertSpooled(m.lines, versionId, store.kind, { insertOnly });
          if (c.updated > 0) insertOnly = false;
          await repo.advanceImport(importRecord.id, { recordsDone: m.consumed, ...c });
          inserted += c.inserted;
          updated += c.updated;
          onProgress({ phase: "validate", file, done: m.consumed });
          continue;
        }
        if (m.sha256 !== sha256) throw new ImportError(file, undefined, undefined, "the file changed while it was being imported");
        onProgress({ phase: "validate", file, done: m.read, total: m.read });
        importRecord = await repo.finishImport(importRecord.id, { status: "done", rejected: m.rejectedCount, rejections: m.rejected, layout: m.layout });
        await datasets.record({
          dataset: entry.dataset, source: options.origin ?? `file:${file}`, sourceCommit: null, fileName: file, sha256,
          rowCounts: { records: m.read, events: m.valid, inserted, updated, rejected: m.rejectedCount }, warnings: [],
        });
        onProgress({ phase: "write", file, done: m.read, total: m.read });
        onProgress({ phase: "done", file, done: m.read, total: m.read });
        return {
          source, file, sha256, layout: m.layout, read: m.read, inserted, updated, rejected: m.rejected, rejectedCount: m.rejectedCount,
          resumedAfter: 0, importId: importRecord.id, datasetVersionId: versionId, seconds: (performance.now() - t0) / 1000,
        };
      }
    });
  } finally {
    await messages.return(undefined);
  }
}

async function validateAndWrite(
  store: Store,
  registry: CountryRegistry,
  entry: EventSourceEntry,
  path: string,
  file: string,
  spoolPath: string,
  options: Required<Pick<EventImportOptions, "skipInvalid" | "batchSize" | "onProgress">> & { origin?: string; mapping?: ColumnMapping },
  t0: number,
): Promise<EventImportSummary> {
  const { skipInvalid, batchSize, onProgress, mapping } = options;
  const source = entry.id;
  // Pass 1: hash, validate and spool. The hash is taken from the bytes the parser reads.
  const hash = createHash("sha256");
  const input = pipeline(
    createReadStream(path, { highWaterMark: 1 << 20 }),
    new Transform({ transform: (chunk: Buffer, _enc, done) => { hash.update(chunk); done(null, chunk); } }),
    () => {}, // errors reach the parser through the destroyed stream
  );
  const resolveCountry = registryCountryResolver(registry);
  let layout = entry.defaultLayout;
  const rejected: EventRejection[] = [];
  let rejectedCount = 0;
  let valid = 0;
  const spool = await open(spoolPath, "w");
  try {
    let buffer = "";
    for await (const event of entry.parse(input, {
      fileName: file,
      mapping,
      resolveCountry,
      onInvalid: skipInvalid ? "skip" : "throw",
      onLayout: (l) => (layout = l.name),
      onReject: (e) => {
        rejectedCount++;
        if (rejected.length < MAX_REJECTIONS) rejected.push({ line: e.line, field: e.field, reason: e.message.replace(/^.*?: field [^:]+: /, "") });
      },
    })) {
      valid++;
      // Each line: the record number (valid and rejected records counted, for resuming), a tab,
      // the event in COPY text format.
      buffer += `${valid + rejectedCount}\t${eventToCopyLine(event)}\n`;
      if (buffer.length >= 1 << 20) {
        await spool.write(buffer);
        buffer = "";
      }
      if (valid % 20000 === 0) onProgress({ phase: "validate", file, done: valid + rejectedCount });
    }
    await spool.write(buffer);
  } catch (error) {
    throw toImportError(error, file);
  } finally {
    input.destroy();
    await spool.close();
  }
  const sha256 = hash.digest("hex");
  const read = valid + rejectedCount;
  onProgress({ phase: "validate", file, done: read, total: read });

  // Setup: countries (for the foreign key), the dataset version and the import record.
  const { importRecord, versionId } = await store.transaction(async (tx) => {
    // Events reference countries; createTocsin copies the registry in, a bare store may lack it.
    if ((await new CountryRepository(tx).list()).length < registry.all.length) await syncCountries(tx, registry);
    const version = await new DatasetRepository(tx).record({
      dataset: entry.dataset, source: options.origin ?? `file:${file}`, sourceCommit: null,
      fileName: file, sha256, rowCounts: { records: read, events: valid, rejected: rejectedCount }, warnings: [],
    });
    const importRecord = await new EventRepository(tx).beginImport({ source, fileName: file, sha256, layout, datasetVersionId: version.id });
    return { importRecord, versionId: version.id };
  });
  const resumedAfter = importRecord.recordsDone;
  let inserted = importRecord.inserted;
  let updated = importRecord.updated;

  // Pass 2: write the spool in batches, one transaction each, skipping what an interrupted run committed.
  // While the source has no stored rows (a first import; not a resumed one, whose committed batches
  // are stored), batches are plain INSERTs; the first batch that meets a stored key (an id repeated
  // across batches) falls back to the upsert, and so do all later ones.
  let insertOnly = !(await new EventRepository(store.db).hasSource(source));
  let recordsDone = resumedAfter;
  const write = async (batch: Map<string, string>, consumed: number): Promise<void> => {
    const lines = [...batch.values()];
    const counts = await store.transaction(async (tx) => {
      const repo = new EventRepository(tx);
      const c = await repo.upsertSpooled(lines, versionId, store.kind, { insertOnly });
      if (c.updated > 0) insertOnly = false;
      await repo.advanceImport(importRecord.id, { recordsDone: consumed, ...c });
      return c;
    });
    inserted += counts.inserted;
    updated += counts.updated;
    recordsDone = consumed;
    onProgress({ phase: "write", file, done: recordsDone, total: read });
  };
  try {
    // Keyed by source id: a repeated id within a batch keeps its last record, as a later batch would.
    let batch = new Map<string, string>();
    let consumed = resumedAfter;
    const lines = createInterface({ input: createReadStream(spoolPath, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
    for await (const line of lines) {
      const tab = line.indexOf("\t");
      const record = Number(line.slice(0, tab));
      if (record <= resumedAfter) continue;
      consumed = record;
      const event = line.slice(tab + 1);
      const key = copyLineSourceId(event);
      batch.delete(key); // re-inserted at the end, so the batch keeps file order
      batch.set(key, event);
      if (batch.size >= batchSize) {
        await write(batch, consumed);
        batch = new Map();
      }
    }
    if (batch.size) await write(batch, consumed);
  } catch (error) {
    // Best effort: a store that just failed may not take this write either.
    await new EventRepository(store.db).finishImport(importRecord.id, { status: "failed" }).catch(() => {});
    throw error;
  }

  await store.transaction(async (tx) => {
    await new EventRepository(tx).finishImport(importRecord.id, { status: "done", rejected: rejectedCount, rejections: rejected });
    await new DatasetRepository(tx).record({
      dataset: entry.dataset, source: options.origin ?? `file:${file}`, sourceCommit: null, fileName: file, sha256,
      rowCounts: { records: read, events: valid, inserted, updated, rejected: rejectedCount }, warnings: [],
    });
  });
  onProgress({ phase: "done", file, done: read, total: read });
  return {
    source, file, sha256, layout, read, inserted, updated, rejected, rejectedCount, resumedAfter,
    importId: importRecord.id, datasetVersionId: versionId, seconds: (performance.now() - t0) / 1000,
  };
}
