/**
 * Mapping of HurtLex (Bassignana, Basile & Patti 2018; version 1.2, CC BY-NC-SA 4.0) rows to
 * Tocsin lexicon entries. HurtLex is non-commercial, so Tocsin never bundles it: operators import
 * it at run time from their own copy (`tocsin speech lexicon import-hurtlex DIR`).
 *
 * HurtLex category codes and the Tocsin category each becomes (weight factor in brackets; the
 * entry's weight is that factor × 1 for "conservative" rows, × 0.5 for "inclusive" ones, which
 * are automatic translations):
 * - `an` animals → `dehumanisation.animal` (0.5: many entries are ordinary insults)
 * - `or` plants → `dehumanisation.other` (0.3)
 * - `ps` negative stereotypes, ethnic slurs → `slur` (1)
 * - `om` homosexuality → `slur`, target `lgbtq` (1)
 * - `ddf` physical / `ddp` cognitive disabilities → `slur`, target `disabled` (0.8)
 * - `re` felonies, crime → `criminalisation` (0.6)
 * - `asm`, `asf` genitalia, `pr` prostitution → `sexual` (0.6)
 * - `rci` locations and demonyms, `pa` professions, `dmc` moral defects, `is` socio-economic
 *   disadvantage, `qas` negative connotations, `cds` derogatory words, `svp` seven deadly sins →
 *   `derogatory` (0.5)
 */
import type { LexiconEntry } from "./lexicon.ts";

/** One row of a HurtLex TSV file (`id pos category stereotype lemma level`). */
export interface HurtlexRow {
  readonly id: string;
  readonly pos: string;
  readonly category: string;
  readonly stereotype: boolean;
  readonly lemma: string;
  readonly level: "conservative" | "inclusive";
}

/** HurtLex category code → Tocsin category, weight factor and target group. */
export const HURTLEX_CATEGORIES: Readonly<Record<string, { category: string; factor: number; target: string | null; label: string }>> = {
  an: { category: "dehumanisation.animal", factor: 0.5, target: null, label: "animals" },
  or: { category: "dehumanisation.other", factor: 0.3, target: null, label: "plants" },
  ps: { category: "slur", factor: 1, target: null, label: "negative stereotypes, ethnic slurs" },
  om: { category: "slur", factor: 1, target: "lgbtq", label: "homosexuality" },
  ddf: { category: "slur", factor: 0.8, target: "disabled", label: "physical disabilities and diversity" },
  ddp: { category: "slur", factor: 0.8, target: "disabled", label: "cognitive disabilities and diversity" },
  re: { category: "criminalisation", factor: 0.6, target: null, label: "felonies, crime and immoral behaviour" },
  asm: { category: "sexual", factor: 0.6, target: null, label: "male genitalia" },
  asf: { category: "sexual", factor: 0.6, target: null, label: "female genitalia" },
  pr: { category: "sexual", factor: 0.6, target: null, label: "prostitution" },
  rci: { category: "derogatory", factor: 0.5, target: null, label: "locations and demonyms" },
  pa: { category: "derogatory", factor: 0.5, target: null, label: "professions and occupations" },
  dmc: { category: "derogatory", factor: 0.5, target: null, label: "moral and behavioural defects" },
  is: { category: "derogatory", factor: 0.5, target: null, label: "words related to social and economic disadvantage" },
  qas: { category: "derogatory", factor: 0.5, target: null, label: "words with potential negative connotations" },
  cds: { category: "derogatory", factor: 0.5, target: null, label: "derogatory words" },
  svp: { category: "derogatory", factor: 0.5, target: null, label: "words related to the seven deadly sins" },
};

/** Source tag written on imported entries. */
export const HURTLEX_SOURCE = "hurtlex-1.2";

/**
 * Converts HurtLex rows of one language to lexicon entries (see the module summary for the
 * mapping). Duplicate (lemma, category) pairs keep the highest weight.
 *
 * @param rows parsed rows
 * @param language ISO 639-1 code of the file (`EN` file → `en`)
 * @returns lexicon entries with source {@link HURTLEX_SOURCE}
 * @throws {RangeError} for a category code not in {@link HURTLEX_CATEGORIES}
 */
export function hurtlexToEntries(rows: readonly HurtlexRow[], language: string): LexiconEntry[] {
  const byKey = new Map<string, LexiconEntry>();
  for (const r of rows) {
    const map = HURTLEX_CATEGORIES[r.category];
    if (!map) throw new RangeError(`unknown HurtLex category "${r.category}" (row ${r.id})`);
    const weight = map.factor * (r.level === "conservative" ? 1 : 0.5);
    const key = `${r.lemma.toLowerCase()}\u0000${map.category}`;
    const prev = byKey.get(key);
    if (prev && prev.weight >= weight) continue;
    byKey.set(key, { term: r.lemma, language, category: map.category, weight, target: map.target, source: HURTLEX_SOURCE });
  }
  return [...byKey.values()];
}
