/**
 * One CSV cell (RFC 4180) that spreadsheets cannot run: exported files are opened in Excel,
 * LibreOffice and Google Sheets, which treat a cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula (CSV/formula injection, OWASP). Such cells get a leading `'`,
 * which spreadsheets show as text; numbers are written as numbers, so a negative longitude stays a
 * number. Cells holding a comma, quote or line break are quoted.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Formats a value as one CSV cell, safe against formula injection.
 * @param value text, a finite number, a boolean, or null/undefined (an empty cell)
 * @returns the cell text, quoted when needed
 * @example
 * csvCell("=HYPERLINK(\"x\")"); // "\"'=HYPERLINK(\"\"x\"\")\""
 * csvCell(-3.5); // "-3.5"
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV line (with its `\n`) from cells.
 * @param cells the values, in column order
 */
export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(",") + "\n";
}
