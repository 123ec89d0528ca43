/**
 * Reads the Early Warning Project's country-year modelling table (`prepared*predictors*.csv`).
 * The header drives everything, so any vintage works: columns in any order, more or fewer
 * predictors, more or fewer years. `NA` and empty cells are missing values (`null`).
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import type { EwpCountryYear } from "../../domain/ewp/predictors.ts";
import { ImportError } from "./import-error.ts";

/** Columns every vintage must have. */
export const EWP_TABLE_REQUIRED = ["ewp_name", "year", "ccode"] as const;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Parses the table.
 * @param text the file's contents (UTF-8, BOM allowed)
 * @param file the name used in error messages
 * @returns one entry per data row, in file order
 * @throws {ImportError} naming file, line and column for a missing required column, a malformed or
 *   truncated record, a non-numeric value, or a non-integer year or ccode
 */
export function parseEwpTable(text: string, file: string): EwpCountryYear[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true });
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new ImportError(file, e.lines, undefined, `malformed CSV (${e.message.replace(/^.*?: /, "")}); the file may be truncated`, { cause: error });
  }
  const [header, ...rows] = records;
  if (!header) throw new ImportError(file, 1, undefined, "the file is empty");
  const names = header.map((h) => h.trim());
  for (const required of EWP_TABLE_REQUIRED) {
    if (!names.includes(required)) throw new ImportError(file, 1, required, `required column is missing (header has ${names.length} columns)`);
  }
  const iName = names.indexOf("ewp_name");
  const iYear = names.indexOf("year");
  const iCcode = names.indexOf("ccode");
  const numeric = names.map((n, i) => ({ n, i })).filter(({ i }) => i !== iName && hasName(names[i]));
  return rows.map((row, r) => {
    const line = r + 2;
    const values: Record<string, number | null> = {};
    for (const { n, i } of numeric) {
      const raw = row[i].trim();
      if (raw === "" || raw === "NA") values[n] = null;
      else if (NUMBER.test(raw) && Number.isFinite(Number(raw))) values[n] = Number(raw);
      else throw new ImportError(file, line, n, `expected a number or NA, found "${raw}"`);
    }
    const whole = (col: number, name: string) => {
      const v = values[name];
      if (v === null || !Number.isInteger(v)) throw new ImportError(file, line, name, `expected a whole number, found "${row[col]}"`);
      // The store keeps it in an integer column: refuse here what the INSERT would refuse.
      if (Math.abs(v) > 2_147_483_647) throw new ImportError(file, line, name, `expected a whole number within ±2147483647, found "${row[col]}"`);
      return v;
    };
    const ewpName = row[iName].trim();
    if (!ewpName) throw new ImportError(file, line, "ewp_name", "value is required but empty");
    if (ewpName.includes("\u0000")) throw new ImportError(file, line, "ewp_name", "contains a NUL character");
    return { ewpName, ccode: whole(iCcode, "ccode"), year: whole(iYear, "year"), values };
  });
}

/** Unnamed columns (R's row-name column `""`) carry no data. */
function hasName(name: string): boolean {
  return name !== "";
}

/** Reads and parses the table from disk. */
export async function readEwpTable(path: string): Promise<EwpCountryYear[]> {
  return parseEwpTable(await readFile(path, "utf8"), basename(path));
}
