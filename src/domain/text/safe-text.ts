/**
 * Text that is shown or opened elsewhere, made safe: bidirectional control characters removed
 * from names, and CSV cells that a spreadsheet would run as a formula neutralised.
 */

/**
 * Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
 * (U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). A right-to-left override turns
 * `photo\u202Egpj.exe` into what reads as `photoexe.jpg`.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** `text` without bidirectional control characters. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

/** True when `text` holds a bidirectional control character. */
export function hasBidiControls(text: string): boolean {
  return new RegExp(BIDI_CONTROLS.source).test(text);
}

/**
 * One CSV cell (RFC 4180 quoting). A text cell starting with `=`, `+`, `-`, `@`, tab or carriage
 * return is prefixed with `'` so spreadsheets show it instead of evaluating it (CSV injection);
 * numbers, and text that is a plain number such as `-1.5`, are left as they are.
 * @example
 * csvCell("=HYPERLINK(\"http://x\")"); // "\"'=HYPERLINK(\"\"http://x\"\")\""
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let s = value;
  if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) s = `'${s}`;
  return /[",\n\r\t']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
