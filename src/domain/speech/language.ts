/**
 * Language identification for texts that arrive without a language. Offline, weights shipped in
 * the packages (no downloads). eld (Nito-ELD, Apache-2.0, 60 languages, "medium" database) was
 * the most accurate of franc, eld, tinyld and cld3-asm on the mirror's tweets cut to 40, 80 and
 * 140 characters (`bench/langid.ts`, table in docs/speech.md), so it decides whenever it can;
 * franc (trigram profiles, ~100 languages listed here) decides when eld does not know the script
 * (Burmese, Tigrinya…) or when the caller's candidate languages include one eld does not know
 * (Kinyarwanda, Swahili, Somali, Hausa…: eld would name its nearest Latin-script language).
 * Results are ISO 639-1 codes where one exists (`en`, `fr`, `ar`, `am`, `my`, `rw`), else franc's
 * ISO 639-3 code, else `und`.
 */
import { franc } from "franc";
import { eld } from "eld/medium";

/** ISO 639-3 → ISO 639-1 for the languages franc knows that have a two-letter code. */
const ISO3_TO_1: Readonly<Record<string, string>> = {
  afr: "af", amh: "am", arb: "ar", ary: "ar", arz: "ar", apc: "ar", ajp: "ar", acm: "ar", azj: "az", bel: "be",
  ben: "bn", bos: "bs", bul: "bg", cat: "ca", ces: "cs", cym: "cy", dan: "da", deu: "de", ell: "el",
  eng: "en", epo: "eo", est: "et", ekk: "et", eus: "eu", pes: "fa", fin: "fi", fra: "fr", gle: "ga", glg: "gl",
  guj: "gu", hau: "ha", heb: "he", hin: "hi", hrv: "hr", hun: "hu", hye: "hy", ibo: "ig", ind: "id",
  isl: "is", ita: "it", jpn: "ja", kat: "ka", kaz: "kk", khm: "km", kan: "kn", kor: "ko", kin: "rw",
  kir: "ky", lao: "lo", lit: "lt", lvs: "lv", lav: "lv", mkd: "mk", mal: "ml", khk: "mn", mar: "mr", zlm: "ms",
  zsm: "ms", mlt: "mt", mya: "my", npi: "ne", nld: "nl", nob: "no", nno: "nn", ori: "or", pan: "pa", pol: "pl",
  pbu: "ps", por: "pt", ron: "ro", rus: "ru", run: "rn", sin: "si", slk: "sk", slv: "sl", som: "so",
  sna: "sn", sqi: "sq", als: "sq", srp: "sr", swe: "sv", swh: "sw", swa: "sw", tam: "ta", tel: "te", tgk: "tg",
  tha: "th", tir: "ti", tgl: "tl", tur: "tr", ukr: "uk", urd: "ur", uzn: "uz", vie: "vi", xho: "xh",
  yor: "yo", cmn: "zh", zul: "zu", lin: "ln", lug: "lg", orm: "om", gaz: "om", nya: "ny", kmr: "ku",
  ckb: "ku", fuv: "ff", wol: "wo", tuk: "tk", uig: "ug", yid: "yi", bod: "bo", snd: "sd",
};

/** franc is restricted to languages with an ISO 639-1 code, which avoids rare-language false hits on short texts. */
const CANDIDATES = Object.keys(ISO3_TO_1);

/** The 60 languages of eld's medium database. */
const ELD_LANGUAGES: ReadonlySet<string> = new Set(Object.values((eld.info() as { Languages: Record<string, string> }).Languages));

/**
 * Detects the language of a text.
 *
 * @param text raw or normalised text
 * @param minLength texts shorter than this many characters (after trimming) return `und`
 *   (default 20: trigram statistics are unreliable below that)
 * @param candidates ISO 639-1 (or 639-3) codes to choose among, e.g. the languages spoken where
 *   the texts come from; default every language listed here. Restricting helps a lot on short,
 *   informal texts.
 * @returns ISO 639-1 code (or 639-3 when there is no two-letter code), `und` when undetermined
 */
export function detectLanguage(text: string, minLength = 20, candidates?: readonly string[]): string {
  // Links, handles and hashtags are not language evidence.
  const clean = text.replace(/https?:\/\/\S+|[@#][\p{L}\p{N}_]+/gu, " ").trim();
  if (clean.length < minLength) return "und";
  const wanted = candidates?.length ? candidates.map((c) => ISO3_TO_1[c] ?? c) : undefined;
  if (!wanted || wanted.every((c) => ELD_LANGUAGES.has(c))) {
    const r = eld.detect(clean);
    if (r.language) {
      if (!wanted || wanted.includes(r.language)) return r.language;
      const scores = r.getScores() as Record<string, number>;
      let best = "und";
      for (const c of wanted) if ((scores[c] ?? 0) > (scores[best] ?? 0)) best = c;
      if (best !== "und") return best;
    }
  }
  return detectWithFranc(clean, minLength, candidates);
}

/**
 * franc alone, restricted to the ~100 languages listed here (or to `candidates`): Tocsin's detector
 * before eld, kept as the fallback and for the comparison in `bench/langid.ts`.
 * @param clean text (handles, links and hashtags best removed)
 * @param minLength below this many characters franc returns `und`
 * @param candidates ISO 639-1 (or 639-3) codes to choose among
 * @returns ISO 639-1 code (or 639-3), `und` when undetermined
 */
export function detectWithFranc(clean: string, minLength = 20, candidates?: readonly string[]): string {
  const only = candidates?.length
    ? Object.keys(ISO3_TO_1).filter((k) => candidates.includes(ISO3_TO_1[k])).concat(candidates.filter((c) => c.length === 3))
    : CANDIDATES;
  const code = franc(clean, { minLength, only });
  if (code === "und") return "und";
  return ISO3_TO_1[code] ?? code;
}

/**
 * Turns a caller-supplied language tag into the form used here: lower case, region dropped
 * (`en-GB` → `en`), ISO 639-3 mapped to 639-1 where possible.
 *
 * @param tag a BCP 47 or ISO 639 tag
 * @returns the normalised code, or `und` for an empty tag
 */
export function normaliseLanguageTag(tag: string | null | undefined): string {
  const base = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0];
  if (!base) return "und";
  return ISO3_TO_1[base] ?? base;
}
