/**
 * Shared streaming machinery of the event parsers (GED, ACLED, GDELT): reading delimited records
 * one at a time from a file or stream, and typed field readers whose errors name file, line and
 * field. Nothing here holds a whole file in memory.
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import type { Event } from "../../domain/events/event.ts";
import type { CountryResolver } from "../../domain/events/event.ts";

/** A bad record or field in an input file. `line` is 1-based; `field` names the column. */
export class EventParseError extends Error {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  constructor(file: string, line: number, field: string, message: string) {
    super(`${file}:${line}: field ${field}: ${message}`);
    this.name = "EventParseError";
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

/** Input of a parser: a file path, or a readable byte/string stream (then give `fileName`). */
export type EventInput = string | Readable;

/** Options shared by all event parsers. */
export interface EventParserOptions {
  /** Name used in error messages (default: the path's base name, or "<stream>"). */
  fileName?: string;
  /** Maps the source's country to ISO3 (e.g. the country registry); unresolved countries stay `null`. */
  resolveCountry?: CountryResolver;
  /**
   * What a record with a bad field does: `throw` (default) stops parsing with an
   * {@link EventParseError}; `skip` passes the error to `onReject` and goes on. Structural
   * damage (too few columns, an unterminated quote) always throws: the rest of the file cannot be trusted.
   */
  onInvalid?: "throw" | "skip";
  /** Called with each rejected record's error in `skip` mode. */
  onReject?: (error: EventParseError) => void;
  /**
   * Data records (after any header) to pass over without mapping, to resume an interrupted
   * import after its last committed batch (default 0). Skipped records are still read.
   */
  skipRecords?: number;
}

/** One raw record with the line it starts on. */
export interface RawRecord {
  line: number;
  values: string[];
}

/**
 * Streams delimited records (RFC 4180: quoted fields may hold delimiters, doubled quotes and
 * newlines) from a file or stream, one record at a time and without look-ahead beyond the current
 * chunk. A small hand-written tokenizer rather than csv-parse: it is several times faster on GED's
 * long text fields, yields each record as soon as its newline is read, and knows the line a broken
 * record started on. Lenient where real files are sloppy: `\r` outside quotes is ignored, a quote
 * inside an unquoted field is literal text, empty lines are skipped.
 * @param input path or stream (bytes as UTF-8, or strings); a leading BOM is dropped
 * @param fileName label for errors
 * @param delimiter field separator (one character)
 * @param quote quote character, or `false` for formats without quoting (GDELT)
 * @param columnNames names of the columns, for naming the field of a structural error; a function
 *   because a header-based format learns them from its first record
 * @returns an async iterable of records (header included, if any)
 * @throws {EventParseError} on a quoted field still open at the end of the input (truncated file)
 */
export async function* readRecords(
  input: EventInput,
  fileName: string,
  delimiter: string,
  quote: string | false,
  columnNames?: () => readonly string[] | undefined,
): AsyncGenerator<RawRecord> {
  if (delimiter.length !== 1) throw new RangeError(`delimiter must be one character, got ${JSON.stringify(delimiter)}`);
  const stream = typeof input === "string" ? createReadStream(input, { highWaterMark: 1 << 20 }) : input;
  const decoder = new TextDecoder("utf-8");
  const D = delimiter.charCodeAt(0);
  const Q = quote === false ? -1 : quote.charCodeAt(0);
  const q = quote === false ? "" : quote;
  const NL = 10;
  const CR = 13;
  let values: string[] = [];
  let field = "";
  let quoted = false; // the current field started with a quote
  let inQuotes = false;
  let quotePending = false; // a quote ended the previous chunk inside a quoted field
  let line = 1;
  let recordLine = 1;
  let first = true;
  const out: RawRecord[] = [];

  const endRecord = (): void => {
    values.push(field);
    if (!(values.length === 1 && values[0] === "" && !quoted)) out.push({ line: recordLine, values });
    values = [];
    field = "";
    quoted = false;
  };

  const feed = (s: string): void => {
    let i = 0;
    const n = s.length;
    if (quotePending) {
      quotePending = false;
      if (n > 0 && s.charCodeAt(0) === Q) {
        field += q;
        i = 1;
      } else inQuotes = false;
    }
    while (i < n) {
      if (inQuotes) {
        const j = s.indexOf(q, i);
        const stop = j === -1 ? n : j;
        const piece = s.slice(i, stop);
        for (let k = piece.indexOf("\n"); k !== -1; k = piece.indexOf("\n", k + 1)) line++;
        field += piece;
        if (j === -1) return;
        if (j + 1 === n) {
          quotePending = true;
          return;
        }
        if (s.charCodeAt(j + 1) === Q) {
          field += q;
          i = j + 2;
        } else {
          inQuotes = false;
          i = j + 1;
        }
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === D) {
        values.push(field);
        field = "";
        quoted = false;
        i++;
      } else if (c === NL) {
        endRecord();
        line++;
        recordLine = line;
        i++;
      } else if (c === CR) {
        i++;
      } else if (c === Q && field === "" && !quoted) {
        inQuotes = true;
        quoted = true;
        i++;
      } else {
        // Plain run up to the next special character.
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === D || d === NL || d === CR || d === Q) break;
          j++;
        }
        if (j < n && s.charCodeAt(j) === Q && !(field === "" && !quoted && j === i)) {
          j++; // a quote inside an unquoted field is literal
        }
        field += s.slice(i, j);
        i = j;
      }
    }
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      feed(text);
      if (out.length) {
        for (const r of out) yield r;
        out.length = 0;
      }
    }
    feed(decoder.decode());
    if (inQuotes && !quotePending) {
      const col = values.length;
      const names = columnNames?.();
      const fieldName = names && col < names.length ? names[col] : `column ${col + 1}`;
      throw new EventParseError(fileName, recordLine, fieldName, "unterminated quoted field (file truncated?)");
    }
    if (field !== "" || values.length > 0 || quoted) endRecord();
    for (const r of out) yield r;
  } finally {
    if (typeof input === "string") (stream as ReturnType<typeof createReadStream>).destroy();
  }
}

/** The display name of an input. */
export function inputName(input: EventInput, fileName?: string): string {
  if (fileName) return fileName;
  return typeof input === "string" ? basename(input) : "<stream>";
}

/** The range of a PostgreSQL `integer` column. */
export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;

/** Typed access to one record's fields by column name, raising {@link EventParseError}. */
export class FieldReader {
  private values: string[] = [];
  line = 0;
  constructor(
    readonly file: string,
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  /** Points the reader at a record. */
  at(record: RawRecord): this {
    this.values = record.values;
    this.line = record.line;
    return this;
  }

  /** Whether the layout has the column. */
  has(name: string): boolean {
    return this.index.has(name);
  }

  /**
   * Raw trimmed text, `""` when the column is absent.
   * @throws {EventParseError} when the text holds a NUL character, which PostgreSQL text cannot
   *   store: refused here, naming file, line and field, before any batch is written
   */
  text(name: string): string {
    const i = this.index.get(name);
    if (i === undefined) return "";
    const v = (this.values[i] ?? "").trim();
    if (v.includes("\u0000")) throw this.error(name, "contains a NUL character");
    return v;
  }

  /** Text or `null` when empty (or `NA`, R's missing-value marker). */
  optText(name: string): string | null {
    const v = this.text(name);
    return v === "" || v === "NA" ? null : v;
  }

  /** An error about a field of the current record. */
  error(name: string, message: string): EventParseError {
    return new EventParseError(this.file, this.line, name, message);
  }

  /** A required non-empty string. */
  required(name: string): string {
    const v = this.optText(name);
    if (v === null) throw this.error(name, "is empty");
    return v;
  }

  /** A finite number, or `null` when empty. */
  optNumber(name: string): number | null {
    const v = this.optText(name);
    if (v === null) return null;
    const n = Number(v);
    if (!Number.isFinite(n)) throw this.error(name, `expected a number, got ${JSON.stringify(v)}`);
    return n;
  }

  /** A required finite number. */
  number(name: string): number {
    const n = this.optNumber(name);
    if (n === null) throw this.error(name, "is empty (expected a number)");
    return n;
  }

  /**
   * An integer (optionally within [min, max]), or `null` when empty. The bounds default to the
   * database's `integer` range, so `1e20` is refused here rather than by the INSERT of a batch.
   */
  optInt(name: string, min = INT32_MIN, max = INT32_MAX): number | null {
    const n = this.optNumber(name);
    if (n === null) return null;
    if (!Number.isInteger(n)) throw this.error(name, `expected an integer, got ${JSON.stringify(this.text(name))}`);
    if (n < min || n > max) throw this.error(name, `expected an integer in [${min}, ${max}], got ${n}`);
    return n;
  }

  /** A required integer (optionally within [min, max]; default the database's `integer` range). */
  int(name: string, min = INT32_MIN, max = INT32_MAX): number {
    const n = this.optInt(name, min, max);
    if (n === null) throw this.error(name, "is empty (expected an integer)");
    return n;
  }

  /** A latitude/longitude, range-checked. */
  optCoord(name: string, limit: number): number | null {
    const n = this.optNumber(name);
    if (n !== null && Math.abs(n) > limit) throw this.error(name, `coordinate out of range: ${n}`);
    return n;
  }
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/**
 * Normalises a date to `YYYY-MM-DD`. Accepts `YYYY-MM-DD` (optionally followed by a time, as in
 * some GED releases), `YYYYMMDD` (GDELT) and `D Month YYYY` / `D-Mon-YYYY` (ACLED exports).
 * @returns the ISO date, or `null` when the text is not a valid calendar date
 */
export function normaliseDate(text: string): string | null {
  // Event files repeat the same few thousand dates: remember them (bounded, so a file of
  // distinct garbage cannot grow the cache without limit).
  const hit = DATE_CACHE.get(text);
  if (hit !== undefined) return hit;
  const iso = parseDate(text);
  if (DATE_CACHE.size >= 100_000) DATE_CACHE.clear();
  DATE_CACHE.set(text, iso);
  return iso;
}
const DATE_CACHE = new Map<string, string | null>();

function parseDate(text: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+Z?)?$/.exec(text);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(text))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$/.exec(text))) {
    const mm = MONTHS[match[2].slice(0, 3).toLowerCase()];
    if (!mm) return null;
    [y, m, d] = [Number(match[3]), mm, Number(match[1])];
  } else {
    return null;
  }
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const back = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
  return back === iso ? iso : null;
}

/** Reads a required date field via {@link normaliseDate}. */
export function readDate(r: FieldReader, name: string): string {
  const v = r.required(name);
  const iso = normaliseDate(v);
  if (!iso) throw r.error(name, `expected a date (YYYY-MM-DD), got ${JSON.stringify(v)}`);
  return iso;
}

/**
 * Drives a parser's per-record mapping with the `onInvalid` policy.
 * @param records raw records (header already consumed)
 * @param map builds an event from a record or throws {@link EventParseError}
 * @param options the parser options
 */
export async function* mapRecords(
  records: AsyncIterable<RawRecord>,
  map: (record: RawRecord) => Event,
  options: EventParserOptions,
): AsyncGenerator<Event> {
  let skip = options.skipRecords ?? 0;
  if (!(Number.isInteger(skip) && skip >= 0)) throw new RangeError(`skipRecords must be a non-negative integer, got ${skip}`);
  for await (const rec of records) {
    if (skip > 0) {
      skip--;
      continue;
    }
    try {
      yield map(rec);
    } catch (err) {
      if (err instanceof EventParseError && options.onInvalid === "skip" && !isStructural(err)) {
        options.onReject?.(err);
        continue;
      }
      throw err;
    }
  }
}

const STRUCTURAL = new WeakSet<EventParseError>();
/** Marks an error as structural (never skippable). */
export function structural(err: EventParseError): EventParseError {
  STRUCTURAL.add(err);
  return err;
}
function isStructural(err: EventParseError): boolean {
  return STRUCTURAL.has(err);
}

/**
 * Groups a stream of events into arrays of at most `size`, for batched storage (one transaction
 * per batch).
 * @param events the events
 * @param size batch size (≥ 1)
 * @throws {RangeError} when size < 1
 */
export async function* batches<T>(events: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  let buf: T[] = [];
  for await (const e of events) {
    buf.push(e);
    if (buf.length >= size) {
      yield buf;
      buf = [];
    }
  }
  if (buf.length) yield buf;
}
