/**
 * Language identification on short texts: `npx tsx bench/langid.ts` (`--per-set N`, default 600).
 * Texts whose language is known from the mirror (Davidson en, MLMA en / fr / ar), handles, links
 * and hashtags removed (no detector sees them as language evidence), then cut to 40, 80 and 140
 * characters; a text enters a length only when it has at least that many characters, so each
 * column measures that length. N texts per set and length, seeded sample. Every detector chooses
 * among all the languages it knows (no candidate restriction). Prints one markdown table:
 * accuracy per detector and length, and microseconds per text.
 */
import { join } from "node:path";
import { createRequire } from "node:module";
import { franc } from "franc";
import { eld } from "eld/medium";
import { detect as tinyld } from "tinyld";
import { requireMirror } from "../src/infra/importers/mirror.ts";
import { columnValues, readSpeechTable } from "../src/infra/importers/speech-table.ts";
import { detectLanguage, detectWithFranc } from "../src/domain/speech/language.ts";
import { seededRandom } from "../src/domain/speech/metrics.ts";

const require = createRequire(import.meta.url);
const { loadModule } = require("cld3-asm") as { loadModule: () => Promise<{ create: (min: number, max: number) => { findLanguage: (t: string) => { language: string } } }> };
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const perSet = Number(arg("--per-set") ?? 600);
const mirror = requireMirror();
const clean = (t: string): string => t.replace(/&amp;/g, "&").replace(/https?:\/\/\S+|\burl\b|[@#][\p{L}\p{N}_]+|\bRT\b/gu, " ").replace(/\s+/g, " ").trim();
const sets: { name: string; lang: string; texts: string[] }[] = [
  { name: "Davidson", lang: "en", texts: columnValues(readSpeechTable(join(mirror, "speech/davidson/labeled_data.csv")), "tweet", "text", true) },
  ...["en", "fr", "ar"].map((l) => ({ name: `MLMA ${l}`, lang: l, texts: columnValues(readSpeechTable(join(mirror, `speech/mlma/${l}_dataset.csv`)), "tweet", "text", true) })),
].map((s) => ({ ...s, texts: s.texts.map(clean) }));

const cld = (await loadModule()).create(0, 1000);
const ISO3: Record<string, string> = { eng: "en", fra: "fr", arb: "ar" };
const detectors: Record<string, (t: string) => string> = {
  "franc 6 (~100 languages, Tocsin's detector before)": (t) => detectWithFranc(t, 1),
  "franc 6 (all 187 languages)": (t) => { const c = franc(t, { minLength: 1 }); return ISO3[c] ?? c; },
  "eld 2.1.0 (medium)": (t) => eld.detect(t).language,
  "tinyld 1.3.4": (t) => tinyld(t),
  "cld3-asm 4.0.0": (t) => cld.findLanguage(t).language,
  "Tocsin now: detectLanguage (eld, franc fallback)": (t) => detectLanguage(t, 1),
  "Tocsin now, candidates en/fr/ar given": (t) => detectLanguage(t, 1, ["en", "fr", "ar"]),
};
const lengths = [40, 80, 140];
const rows: string[] = [];
const samples = new Map<number, { text: string; lang: string; set: string }[]>();
for (const len of lengths) {
  const out: { text: string; lang: string; set: string }[] = [];
  for (const s of sets) {
    const rnd = seededRandom(len);
    const pool = s.texts.filter((t) => t.length >= len);
    for (let i = pool.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [pool[i], pool[j]] = [pool[j], pool[i]]; }
    for (const t of pool.slice(0, perSet)) out.push({ text: t.slice(0, len), lang: s.lang, set: s.name });
  }
  samples.set(len, out);
}
for (const [name, f] of Object.entries(detectors)) {
  const cells: string[] = [];
  let time = 0;
  let count = 0;
  const perSetAcc: string[] = [];
  for (const len of lengths) {
    const xs = samples.get(len)!;
    const t0 = performance.now();
    const ok = xs.map((x) => f(x.text) === x.lang);
    time += performance.now() - t0;
    count += xs.length;
    cells.push((ok.filter(Boolean).length / xs.length).toFixed(3));
    if (len === 40) for (const s of sets) {
      const idx = xs.map((x, i) => (x.set === s.name ? i : -1)).filter((i) => i >= 0);
      perSetAcc.push((idx.filter((i) => ok[i]).length / idx.length).toFixed(2));
    }
  }
  rows.push(`| ${name} | ${cells.join(" | ")} | ${perSetAcc.join(" / ")} | ${((time * 1000) / count).toFixed(0)} |`);
  process.stderr.write(`${name} done\n`);
}
const n = lengths.map((l) => samples.get(l)!.length).join(" / ");
process.stdout.write(`\n| detector | accuracy at 40 chars | 80 chars | 140 chars | at 40: ${sets.map((s) => s.name).join(" / ")} | µs per text |\n|---|---|---|---|---|---|\n${rows.join("\n")}\n\nTexts per length (40 / 80 / 140): ${n}; Node ${process.version}.\n`);
