/**
 * Rebuilding the lexicon a trained model's lexicon features were computed with, from what a store
 * (or a folder) has. A model trained with lexicon features must be classified with the same
 * lexicon, or its feature block silently changes meaning; so the model names its sources
 * (`tocsin-builtin:<hash>`, `hurtlex-1.2:<lang>`) and this module resolves each one, reporting the
 * sources it cannot find instead of guessing.
 */
import { builtinLexicon, builtinLexiconId } from "./builtin-lexicon.ts";
import type { LexiconFeatureSpec } from "./classifier.ts";
import { HURTLEX_SOURCE } from "./hurtlex.ts";
import type { LexiconEntry } from "./lexicon.ts";

/** Outcome of {@link resolveModelLexicon}. */
export interface ModelLexicon {
  /** Entries for the model's lexicon features (empty when the model uses none). */
  readonly entries: LexiconEntry[];
  /** Sources the model names that could not be found (unknown kind, or no entries available). */
  readonly missing: string[];
  /**
   * Warnings that do not block use: the model was trained with another version of the built-in
   * lexicon than this build's, so its built-in features may differ slightly.
   */
  readonly warnings: string[];
}

/**
 * Resolves a model's lexicon sources against available entries.
 * @param spec the model's `lexiconFeatures` (null: the model uses none)
 * @param available run-time entries (e.g. the stored lexicon); HurtLex sources are matched by
 *   `source === "hurtlex-1.2"` and the language named after the colon
 * @returns the entries, the missing sources and warnings
 */
export function resolveModelLexicon(spec: LexiconFeatureSpec | null, available: readonly LexiconEntry[]): ModelLexicon {
  const entries: LexiconEntry[] = [];
  const missing: string[] = [];
  const warnings: string[] = [];
  if (!spec) return { entries, missing, warnings };
  for (const src of spec.sources) {
    if (src.startsWith("tocsin-builtin:")) {
      if (src !== builtinLexiconId()) warnings.push(`model was trained with built-in lexicon ${src}; this build has ${builtinLexiconId()}`);
      entries.push(...builtinLexicon());
    } else if (src.startsWith(`${HURTLEX_SOURCE}:`)) {
      const lang = src.slice(HURTLEX_SOURCE.length + 1);
      const found = available.filter((e) => e.source === HURTLEX_SOURCE && e.language === lang);
      if (found.length === 0) missing.push(src);
      entries.push(...found);
    } else {
      missing.push(src);
    }
  }
  return { entries, missing, warnings };
}
