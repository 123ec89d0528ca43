/**
 * Use case: import an event file (UCDP GED, ACLED or GDELT) into the store, streaming, in batches,
 * resumable, and all-or-nothing with respect to bad input.
 *
 * How it keeps both promises — "a bad file leaves the store unchanged" and "an interrupted import
 * resumes after its last committed batch" — without holding the file in memory:
 * 1. **Validate** (first streaming pass): hash the bytes (sha256) and parse every record. With the
 *    default policy the first bad field (wrong type, bad date …) aborts with an {@link ImportError}
 *    naming file, line and field; with `skipInvalid` bad records are collected as rejections
 *    instead. Structural damage (a truncated file, a record with the wrong number of columns, an
 *    unterminated quote) always aborts: the rest of the file cannot be trusted. Nothing has been
 *    written yet, so an abort leaves the store exactly as it was.
 * 2. **Write** (second pass: the events kept from pass 1 for files up to `keepParsed` records,
 *    else a second streaming parse): batches of `batchSize` events (default 2,000), one
 *    transaction per batch that upserts the events on (source, source_id) and advances the
 *    import's `event_imports` record. A crash or kill between batches leaves every committed batch
 *    and a `running` record; re-running the same file (same sha256) skips the records already
 *    committed. Re-running a file whose import finished upserts everything again (idempotent:
 *    the rows are updated, not duplicated).
 * For large files the cost of the two passes is one extra parse, several times faster than the writes.
 *
 * Provenance: each file is a dataset version (`ucdp-ged`, `acled`, `gdelt-events` + sha256) via
 * `DatasetRepository.record`; every event row points at the version that last wrote it.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { CountryRegistry } from "../domain/country/registry.ts";
import type { Event, EventSource } from "../domain/events/event.ts";
import { parseAcled } from "../adapters/importers/acled.parser.ts";
import { registryCountryResolver } from "../adapters/importers/event-country.ts";
import { EventParseError, type EventParserOptions } from "../adapters/importers/event-parse.ts";
import { parseGdelt } from "../adapters/importers/gdelt.parser.ts";
import { parseGed } from "../adapters/importers/ged.parser.ts";
import { ImportError } from "../adapters/importers/import-error.ts";
import type { Store } from "../adapters/store/database.ts";
import { CountryRepository } from "../adapters/store/country.repository.ts";
import { DatasetRepository } from "../adapters/store/dataset.repository.ts";
import { EventRepository, eventToRow } from "../adapters/store/event.repository.ts";
import type { NewEventRow } from "../adapters/store/schema/mod.ts";
import { syncCountries } from "./country.service.ts";

/** Dataset names under which each source's files are recorded as versions. */
export const EVENT_DATASETS: Readonly<Record<EventSource, string>> = { ged: "ucdp-ged", acled: "acled", gdelt: "gdelt-events" };

/** Default number of events per batch (and per transaction). */
export const DEFAULT_EVENT_BATCH = 2000;

/** Default of {@link EventImportOptions.keepParsed}. */
export const DEFAULT_KEEP_PARSED = 25_000;

/** Rejections kept in the summary and the import record; the count covers them all. */
const MAX_REJECTIONS = 1000;

/** What to import. */
export interface EventImportInput {
  source: EventSource;
  /** Path of the file. */
  path: string;
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
  /** Events per batch and transaction (default 2,000). */
  batchSize?: number;
  /**
   * Files with at most this many valid records are parsed once: the validation pass keeps the
   * events for the write pass (default 25,000, some tens of MB). Larger files are parsed again
   * while writing, so memory stays flat whatever the file size. 0 always parses twice.
   */
  keepParsed?: number;
  /** Where the file came from, recorded with the version (default `file:<name>`). */
  origin?: string;
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
  /** Detected layout: `ged-49`, `ged-legacy`, `acled` or `gdelt-2.0`. */
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

function parse(source: EventSource, path: string, options: EventParserOptions & { onLayout?: (l: { name: string }) => void }): AsyncIterable<Event> {
  if (source === "ged") return parseGed(path, options);
  if (source === "acled") return parseAcled(path, options);
  return parseGdelt(path, options);
}

function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

function toImportError(error: unknown, file: string): unknown {
  if (error instanceof EventParseError) {
    return new ImportError(file, error.line, error.field, error.message.replace(/^.*?: field [^:]+: /, ""), { cause: error });
  }
  return error;
}

/**
 * Imports an event file into the store (see the module comment for the two passes).
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
  const { source, path } = input;
  const { skipInvalid = false, batchSize = DEFAULT_EVENT_BATCH, keepParsed = DEFAULT_KEEP_PARSED, onProgress = () => {} } = options;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (source !== "ged" && source !== "acled" && source !== "gdelt") throw new RangeError(`unknown event source ${JSON.stringify(source)}`);
  const file = basename(path);
  const t0 = performance.now();

  try {
    if (!(await stat(path)).isFile()) throw new Error("not a file");
  } catch (error) {
    throw new ImportError(file, undefined, undefined, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }

  // Pass 1: hash and validate. Small files keep their parsed events (with their record numbers)
  // so that pass 2 does not parse them again; larger ones are parsed again, keeping memory flat.
  const sha256 = await sha256Of(path);
  const resolveCountry = registryCountryResolver(registry);
  let layout = source === "acled" ? "acled" : source === "gdelt" ? "gdelt-2.0" : "ged";
  const rejected: EventRejection[] = [];
  let rejectedCount = 0;
  let valid = 0;
  let kept: { event: Event; record: number }[] | null = [];
  try {
    for await (const event of parse(source, path, {
      fileName: file,
      resolveCountry,
      onInvalid: skipInvalid ? "skip" : "throw",
      onLayout: (l) => (layout = l.name),
      onReject: (e) => {
        rejectedCount++;
        if (rejected.length < MAX_REJECTIONS) rejected.push({ line: e.line, field: e.field, reason: e.message.replace(/^.*?: field [^:]+: /, "") });
      },
    })) {
      valid++;
      if (kept) {
        if (kept.length < keepParsed) kept.push({ event, record: valid + rejectedCount });
        else kept = null;
      }
      if (valid % 20000 === 0) onProgress({ phase: "validate", file, done: valid + rejectedCount });
    }
  } catch (error) {
    throw toImportError(error, file);
  }
  const read = valid + rejectedCount;
  onProgress({ phase: "validate", file, done: read, total: read });

  // Setup: countries (for the foreign key), the dataset version and the import record.
  const { importRecord, versionId } = await store.transaction(async (tx) => {
    // Events reference countries; createTocsin copies the registry in, a bare store may lack it.
    if ((await new CountryRepository(tx).list()).length < registry.all.length) await syncCountries(tx, registry);
    const version = await new DatasetRepository(tx).record({
      dataset: EVENT_DATASETS[source], source: options.origin ?? `file:${file}`, sourceCommit: null,
      fileName: file, sha256, rowCounts: { records: read, events: valid, rejected: rejectedCount }, warnings: [],
    });
    const importRecord = await new EventRepository(tx).beginImport({ source, fileName: file, sha256, layout, datasetVersionId: version.id });
    return { importRecord, versionId: version.id };
  });
  const resumedAfter = importRecord.recordsDone;
  let inserted = importRecord.inserted;
  let updated = importRecord.updated;

  // Pass 2: write in batches, one transaction each, skipping what an interrupted run committed.
  let recordsDone = resumedAfter;
  const write = async (batch: Map<string, NewEventRow>, consumed: number): Promise<void> => {
    const rows = [...batch.values()];
    const counts = await store.transaction(async (tx) => {
      const repo = new EventRepository(tx);
      const c = await repo.upsert(rows);
      await repo.advanceImport(importRecord.id, { recordsDone: consumed, ...c });
      return c;
    });
    inserted += counts.inserted;
    updated += counts.updated;
    recordsDone = consumed;
    onProgress({ phase: "write", file, done: recordsDone, total: read });
  };
  let recordsRead = resumedAfter; // records read by pass 2, committed ones included
  /** The events after the committed records, each with the number of records read up to it. */
  async function* remaining(): AsyncGenerator<{ event: Event; record: number }> {
    if (kept) {
      for (const k of kept) if (k.record > resumedAfter) yield k;
      recordsRead = read;
      return;
    }
    const events = parse(source, path, {
      fileName: file,
      resolveCountry,
      skipRecords: resumedAfter,
      onInvalid: skipInvalid ? "skip" : "throw",
      onReject: () => void recordsRead++,
    });
    for await (const event of events) yield { event, record: ++recordsRead };
  }
  try {
    // Keyed by source id: a repeated id within a batch keeps its last record, as a later batch would.
    let batch = new Map<string, NewEventRow>();
    let consumed = resumedAfter;
    for await (const { event, record } of remaining()) {
      consumed = record;
      batch.set(event.sourceId, eventToRow(event, versionId));
      if (batch.size >= batchSize) {
        await write(batch, consumed);
        batch = new Map();
      }
    }
    if (batch.size) await write(batch, consumed);
  } catch (error) {
    // Best effort: a store that just failed may not take this write either.
    await new EventRepository(store.db).finishImport(importRecord.id, { status: "failed" }).catch(() => {});
    if (error instanceof EventParseError) {
      throw new Error(`${file} changed while it was being imported (${error.message}); ${recordsDone} records were committed — re-run to resume`, { cause: error });
    }
    throw error;
  }
  if (recordsRead !== read) {
    await new EventRepository(store.db).finishImport(importRecord.id, { status: "failed" });
    throw new Error(`${file} changed while it was being imported (${recordsRead} records now, ${read} when validated); re-run to import it again`);
  }

  await store.transaction(async (tx) => {
    await new EventRepository(tx).finishImport(importRecord.id, { status: "done", rejected: rejectedCount, rejections: rejected });
    await new DatasetRepository(tx).record({
      dataset: EVENT_DATASETS[source], source: options.origin ?? `file:${file}`, sourceCommit: null, fileName: file, sha256,
      rowCounts: { records: read, events: valid, inserted, updated, rejected: rejectedCount }, warnings: [],
    });
  });
  onProgress({ phase: "done", file, done: read, total: read });
  return {
    source, file, sha256, layout, read, inserted, updated, rejected, rejectedCount, resumedAfter,
    importId: importRecord.id, datasetVersionId: versionId, seconds: (performance.now() - t0) / 1000,
  };
}
