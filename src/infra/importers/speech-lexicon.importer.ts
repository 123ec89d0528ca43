/**
 * Reads and writes lexicon files in Tocsin's documented lexicon format (see
 * `src/domain/speech/lexicon.ts`): CSV or JSONL with columns `term,language,category,weight,target,source`
 * (`target` and `source` optional). Errors name the file, line and field.
 */
import { writeFileSync } from "node:fs";
import { validateLexiconEntry, type LexiconEntry } from "../../domain/speech/lexicon.ts";
import { readSpeechTable, SpeechTableError } from "./speech-table.ts";

const REQUIRED = ["term", "language", "category", "weight"] as const;

/**
 * Reads a lexicon file.
 *
 * @param file CSV or JSONL path
 * @returns validated entries (a missing `source` becomes the file's base name)
 * @throws {SpeechTableError} for a missing column or an invalid entry (message: file, line, field)
 */
export function readLexiconFile(file: string): LexiconEntry[] {
  const table = readSpeechTable(file);
  for (const c of REQUIRED) {
    if (!table.columns.includes(c)) throw new SpeechTableError(`${file}: column "${c}" is missing; a lexicon needs ${REQUIRED.join(", ")} (target, source optional)`);
  }
  const fallbackSource = file.split(/[\\/]/).pop() ?? "file";
  return table.rows.map((r) => {
    try {
      return validateLexiconEntry({
        term: r.values.term ?? "",
        language: r.values.language ?? "",
        category: r.values.category ?? "",
        weight: r.values.weight === undefined || r.values.weight === "" ? Number.NaN : Number(r.values.weight),
        target: r.values.target ?? null,
        source: r.values.source || fallbackSource,
      });
    } catch (e) {
      throw new SpeechTableError(`${file}:${r.line}: ${(e as Error).message}`);
    }
  });
}

/**
 * Writes entries as JSON Lines in the lexicon format.
 * @param file output path
 * @param entries entries to write
 */
export function writeLexiconJsonl(file: string, entries: readonly LexiconEntry[]): void {
  writeFileSync(file, entries.map((e) => JSON.stringify({
    term: e.term, language: e.language, category: e.category, weight: e.weight, target: e.target, source: e.source,
  })).join("\n") + (entries.length ? "\n" : ""));
}
