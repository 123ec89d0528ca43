/**
 * HXL-tagged tables (Humanitarian Exchange Language, https://hxlstandard.org/standard/1-1final/):
 * a CSV whose second row holds one hashtag per column (`#country+code`, `#affected+killed` …),
 * so humanitarian tools (HDX, HXL Proxy, Ushahidi) read the columns by meaning, whatever their
 * headers say. A table is described once as columns; rows are written one at a time (streaming).
 */
import { csvLine } from "./csv-cell.ts";

/** One exported column: its header, its HXL hashtag (with attributes) and how to read it from a row. */
export interface HxlColumn<T> {
  header: string;
  /** e.g. `#geo+lat`; must start with `#` and hold only HXL's characters. */
  tag: string;
  value(row: T): string | number | boolean | null;
}

const TAG = /^#[a-z][a-z0-9_]*(\s*\+[a-z][a-z0-9_]*)*$/;

/**
 * The two header lines of an HXL CSV: the headers, then the hashtag row.
 * @param columns the table's columns
 * @throws {RangeError} naming a column whose tag is not a valid HXL hashtag
 */
export function hxlHeader<T>(columns: readonly HxlColumn<T>[]): string {
  for (const c of columns) if (!TAG.test(c.tag)) throw new RangeError(`column ${c.header}: ${JSON.stringify(c.tag)} is not an HXL hashtag`);
  return csvLine(columns.map((c) => c.header)) + csvLine(columns.map((c) => c.tag));
}

/**
 * One data line of an HXL CSV (formula-safe, see `csvCell`).
 * @param columns the table's columns
 * @param row the row
 */
export function hxlRow<T>(columns: readonly HxlColumn<T>[], row: T): string {
  return csvLine(columns.map((c) => c.value(row)));
}
