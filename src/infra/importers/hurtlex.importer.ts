/**
 * Reads HurtLex 1.2 lexicon files (`hurtlex_<LANG>.tsv`, columns
 * `id pos category stereotype lemma level`) from an operator-supplied folder. HurtLex is
 * CC BY-NC-SA 4.0: Tocsin reads it at run time and never bundles or redistributes it.
 * Parsing is strict: any malformed row is an error naming the file, line and field.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { basename, join } from "node:path";
import { HURTLEX_CATEGORIES, hurtlexToEntries, type HurtlexRow } from "../../domain/speech/hurtlex.ts";
import type { LexiconEntry } from "../../domain/speech/lexicon.ts";

/** Thrown for a malformed HurtLex file; the message names file, line and field. */
export class HurtlexFormatError extends Error {
  override readonly name = "HurtlexFormatError";
}

const HEADER = ["id", "pos", "category", "stereotype", "lemma", "level"];

/**
 * Parses the text of one HurtLex TSV file.
 *
 * @param text file contents (UTF-8 decoded; a BOM is ignored)
 * @param file file name used in error messages
 * @returns the rows
 * @throws {HurtlexFormatError} on a wrong header, a wrong number of fields, an unknown category,
 *   a stereotype other than yes/no, a level other than conservative/inclusive, or an empty lemma
 */
export function parseHurtlexTsv(text: string, file: string): HurtlexRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "").split("\t").map((h) => h.trim());
  if (header.join("\t") !== HEADER.join("\t")) {
    throw new HurtlexFormatError(`${file}:1: header must be "${HEADER.join("\\t")}", got "${lines[0] ?? ""}"`);
  }
  const rows: HurtlexRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "") continue;
    const f = raw.split("\t");
    const at = `${file}:${i + 1}`;
    if (f.length !== 6) throw new HurtlexFormatError(`${at}: expected 6 tab-separated fields, got ${f.length}`);
    const [id, pos, category, stereotype, lemma, level] = f.map((x) => x.trim());
    if (!id) throw new HurtlexFormatError(`${at}: field "id" is empty`);
    if (!(category in HURTLEX_CATEGORIES)) {
      throw new HurtlexFormatError(`${at}: field "category" has unknown code "${category}" (expected one of ${Object.keys(HURTLEX_CATEGORIES).join(", ")})`);
    }
    if (stereotype !== "yes" && stereotype !== "no") throw new HurtlexFormatError(`${at}: field "stereotype" must be yes or no, got "${stereotype}"`);
    if (!lemma) throw new HurtlexFormatError(`${at}: field "lemma" is empty`);
    if (level !== "conservative" && level !== "inclusive") {
      throw new HurtlexFormatError(`${at}: field "level" must be conservative or inclusive, got "${level}"`);
    }
    rows.push({ id, pos, category, stereotype: stereotype === "yes", lemma, level });
  }
  return rows;
}

/** One imported language file. */
export interface HurtlexFile {
  readonly file: string;
  /** ISO 639-1 code (lower case), from the file name. */
  readonly language: string;
  readonly rows: number;
  readonly entries: LexiconEntry[];
}

/**
 * Reads `hurtlex_<LANG>.tsv` files from a folder and converts them to lexicon entries.
 * `hurtlex_SIMPLE.tsv` (a simplified-English variant) is skipped unless asked for by name.
 *
 * @param dir folder holding the TSV files
 * @param languages ISO 639-1 codes to import (case-insensitive); default every file found
 * @returns one record per file read
 * @throws {HurtlexFormatError} when the folder has no HurtLex files, a requested language is
 *   missing, or a file is malformed
 */
export function readHurtlexDir(dir: string, languages?: readonly string[]): HurtlexFile[] {
  if (!existsSync(dir)) throw new HurtlexFormatError(`${dir}: folder not found`);
  const files = readdirSync(dir).filter((f) => /^hurtlex_[A-Za-z]+\.tsv$/.test(f)).sort();
  if (files.length === 0) throw new HurtlexFormatError(`${dir}: no hurtlex_<LANG>.tsv files`);
  const wanted = languages?.map((l) => l.toUpperCase());
  const out: HurtlexFile[] = [];
  for (const f of files) {
    const code = f.slice("hurtlex_".length, -".tsv".length).toUpperCase();
    if (wanted ? !wanted.includes(code) : code === "SIMPLE") continue;
    const path = join(dir, f);
    const rows = parseHurtlexTsv(readFileSync(path, "utf8"), basename(path));
    const language = code === "SIMPLE" ? "en" : code.toLowerCase();
    out.push({ file: path, language, rows: rows.length, entries: hurtlexToEntries(rows, language) });
  }
  for (const w of wanted ?? []) {
    if (!files.includes(`hurtlex_${w}.tsv`)) throw new HurtlexFormatError(`${dir}: no file hurtlex_${w}.tsv for language ${w.toLowerCase()}`);
  }
  return out;
}
