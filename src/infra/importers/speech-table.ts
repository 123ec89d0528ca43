/**
 * Reads tables of texts for the speech commands: CSV (RFC 4180, header row, comma separator; a
 * `.tsv` file uses tabs) or JSON Lines (one object per line; `.jsonl` or `.ndjson`, or any file
 * whose first non-blank character is `{`). UTF-8 with or without a byte-order mark.
 *
 * Values are returned as strings (JSON numbers and booleans are stringified; null/missing become
 * the empty string). Errors name the file, line and field.
 */
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import { parse } from "csv-parse/sync";

/** Thrown when a speech table cannot be read; the message names file, line and field. */
export class SpeechTableError extends Error {
  override readonly name = "SpeechTableError";
}

/** One data row with the 1-based line of the file it started on. */
export interface SpeechTableRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

/** A table read from disk. */
export interface SpeechTable {
  readonly file: string;
  readonly format: "csv" | "tsv" | "jsonl";
  /** Column names in file order (for JSONL: keys in order of first appearance). */
  readonly columns: readonly string[];
  readonly rows: readonly SpeechTableRow[];
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
}

/**
 * Reads a CSV/TSV/JSONL table.
 *
 * @param file path of the table
 * @returns columns, rows and the file's SHA-256
 * @throws {SpeechTableError} when the file is not valid UTF-8 CSV/JSONL (message: file and line)
 */
export function readSpeechTable(file: string): SpeechTable {
  const bytes = readFileSync(file);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SpeechTableError(`${file}: not valid UTF-8`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const ext = extname(file).toLowerCase();
  const looksJson = text.trimStart().startsWith("{");
  if (ext === ".jsonl" || ext === ".ndjson" || (ext !== ".csv" && ext !== ".tsv" && looksJson)) {
    return { file, format: "jsonl", sha256, ...parseJsonl(file, text) };
  }
  return parseCsvText(file, text, sha256, ext === ".tsv" ? "\t" : ",");
}

/**
 * Parses CSV text received in memory (an upload), named `name` in error messages.
 * @param name what to call the table in messages (e.g. the uploaded file's name)
 * @param text the CSV text (header row first)
 * @returns columns, rows and the SHA-256 of the text's UTF-8 bytes
 * @throws {SpeechTableError} naming the line for malformed CSV
 */
export function parseSpeechCsv(name: string, text: string): SpeechTable {
  const sha256 = createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex");
  return parseCsvText(name, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, sha256, ",");
}

function parseCsvText(file: string, text: string, sha256: string, delimiter: string): SpeechTable {
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: false, skip_empty_lines: true, bom: true }) as string[][];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new SpeechTableError(`${file}:${err.lines ?? "?"}: ${err.message}`);
  }
  if (records.length === 0) throw new SpeechTableError(`${file}:1: empty file (expected a header row)`);
  const header = records[0].map((h) => h.trim());
  const columns = header.map((h, i) => (h === "" ? `_${i}` : h));
  // csv-parse does not report line numbers per record without `info`; count newlines instead.
  const lines = recordStartLines(text);
  const rows = records.slice(1).map((r, i) => ({
    line: lines[i + 1] ?? i + 2,
    values: Object.fromEntries(columns.map((c, j) => [c, r[j] ?? ""])),
  }));
  return { file, format: delimiter === "\t" ? "tsv" : "csv", columns, rows, sha256 };
}

function parseJsonl(file: string, text: string): { columns: string[]; rows: SpeechTableRow[] } {
  const columns: string[] = [];
  const seen = new Set<string>();
  const rows: SpeechTableRow[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === "") return;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch (e) {
      throw new SpeechTableError(`${file}:${i + 1}: invalid JSON (${(e as Error).message})`);
    }
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      throw new SpeechTableError(`${file}:${i + 1}: expected a JSON object per line`);
    }
    const values: Record<string, string> = {};
    for (const [key, v] of Object.entries(obj)) {
      if (!seen.has(key)) { seen.add(key); columns.push(key); }
      if (v !== null && typeof v === "object") {
        throw new SpeechTableError(`${file}:${i + 1}: field "${key}" must be a string, number or boolean`);
      }
      values[key] = v === null || v === undefined ? "" : String(v);
    }
    rows.push({ line: i + 1, values });
  });
  return { columns, rows };
}

/** 1-based line on which each CSV record starts (quotes may span lines). */
function recordStartLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atRecordStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (atRecordStart) {
      if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) { if (c === "\n") line++; continue; }
      starts.push(line);
      atRecordStart = false;
    }
    if (c === '"') inQuotes = !inQuotes;
    else if (c === "\n") {
      line++;
      if (!inQuotes) atRecordStart = true;
    }
  }
  return starts;
}

/**
 * Picks one column's values, checking it exists.
 *
 * @param table a table from {@link readSpeechTable}
 * @param column column name (a 0-based index is also accepted when no column has that name)
 * @param role what the column is for, used in the error message (e.g. "text column")
 * @param allowEmpty when false (default), an empty value is an error naming file, line and field
 * @returns one value per row
 * @throws {SpeechTableError} when the column is missing or a value is empty
 */
export function columnValues(table: SpeechTable, column: string, role: string, allowEmpty = false): string[] {
  let name = column;
  if (!table.columns.includes(column)) {
    const idx = /^\d+$/.test(column) ? Number(column) : -1;
    if (idx >= 0 && idx < table.columns.length) name = table.columns[idx];
    else {
      throw new SpeechTableError(
        `${basename(table.file)}: ${role} "${column}" not found; columns are: ${table.columns.join(", ")}`,
      );
    }
  }
  return table.rows.map((r) => {
    const v = r.values[name];
    if (v === undefined || (!allowEmpty && v.trim() === "")) {
      throw new SpeechTableError(`${table.file}:${r.line}: field "${name}" (${role}) is empty`);
    }
    return v ?? "";
  });
}
