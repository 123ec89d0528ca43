/**
 * What an analyser is built from, as plain data: the stored lexicon entries and the active model
 * file. Plain data can be posted to a worker thread, which builds the same analyser there (see
 * `infra/workers/speech-analysis-pool.ts`), so texts can be scored off the server's event loop.
 */
import { SpeechAnalyser } from "./analysis.ts";
import { builtinLexicon } from "./builtin-lexicon.ts";
import { SpeechClassifier, type SpeechModelFile } from "./classifier.ts";
import { Lexicon, type LexiconEntry } from "./lexicon.ts";
import { resolveModelLexicon } from "./model-lexicon.ts";

/** The inputs of {@link buildSpeechAnalyser}. */
export interface AnalyserSpec {
  /** Changes whenever the stored lexicon or the active model does: a worker rebuilds only then. */
  readonly fingerprint: string;
  /** Run-time lexicon entries (added to the built-in lexicon). */
  readonly stored: readonly LexiconEntry[];
  /** The active model, or null for lexicon-only analysis. */
  readonly model: SpeechModelFile | null;
}

/**
 * The analyser for a spec: built-in lexicon + stored entries, plus the model (if any) for labels
 * and probabilities.
 * @param spec lexicon entries and model
 * @throws {TypeError} for a model file the classifier cannot read
 */
export function buildSpeechAnalyser(spec: AnalyserSpec): SpeechAnalyser {
  let classifier: SpeechClassifier | undefined;
  if (spec.model) {
    // Missing sources were refused at activation; if entries were deleted since, the model still
    // runs with what is left rather than stop ingestion (the activation check says what it needs).
    const lex = resolveModelLexicon(spec.model.lexiconFeatures, spec.stored);
    classifier = new SpeechClassifier(spec.model, spec.model.lexiconFeatures ? new Lexicon(lex.entries) : undefined);
  }
  return new SpeechAnalyser(new Lexicon([...builtinLexicon(), ...spec.stored]), classifier);
}
