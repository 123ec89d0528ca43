/**
 * The dashboard's translations: `t(key, values)` formats an ICU message (plurals, selects,
 * placeholders) from the current language's catalogue, falling back to English per key; `fmt*`
 * format numbers, percentages, dates and relative times with `Intl` for the same language.
 *
 * The current language is module state (not a React context) so plain helpers — chart labels,
 * risk bands, error texts — translate too; the app re-mounts its pages when the language changes
 * (web/src/app.tsx), so a component only has to call `t()` while rendering.
 */
import { IntlMessageFormat } from "intl-messageformat";
import en from "./messages/en.json" with { type: "json" };
import { frameworkKey } from "./framework-keys.ts";
import { DEFAULT_LOCALE, directionOf, LOCALES, matchLocale, PSEUDO_LOCALE } from "./locales.ts";

/** One node of a parsed ICU message (the parser's own type, reached through the formatter). */
type MessageFormatElement = ReturnType<IntlMessageFormat["getAst"]>[number];

/** A catalogue key (the English catalogue is the list of keys). */
export type MessageKey = keyof typeof en;
/** Values for an ICU message's placeholders. */
export type MessageValues = Record<string, string | number | Date | null | undefined>;
/** A catalogue: key → ICU message. */
export type Catalogue = Readonly<Record<string, string>>;

/** Where the chosen language is remembered on this device. */
export const LOCALE_STORAGE_KEY = "tocsin-locale";

// Loaders, not imports: a reader downloads only their own language (Vite splits each into a chunk).
const LOADERS: Record<string, () => Promise<{ default: Catalogue }>> = {
  fr: () => import("./messages/fr.json", { with: { type: "json" } }),
  es: () => import("./messages/es.json", { with: { type: "json" } }),
  ar: () => import("./messages/ar.json", { with: { type: "json" } }),
  my: () => import("./messages/my.json", { with: { type: "json" } }),
  am: () => import("./messages/am.json", { with: { type: "json" } }),
};

let locale = DEFAULT_LOCALE;
let catalogue: Catalogue = en;
let compiled = new Map<string, IntlMessageFormat>();
const listeners = new Set<() => void>();

/** The current language code (e.g. `ar`, or `en-XA` for the pseudo-locale). */
export function currentLocale(): string {
  return locale;
}

/** The code `Intl` formats with: the pseudo-locale formats as English. */
function intlLocale(): string {
  return locale === PSEUDO_LOCALE ? "en" : locale;
}

/**
 * Makes `code` the current language with `messages` as its catalogue (tests use this directly).
 * @param code a locale code
 * @param messages its catalogue; missing keys fall back to English
 */
export function useCatalogue(code: string, messages: Catalogue): void {
  locale = code;
  catalogue = code === PSEUDO_LOCALE ? pseudoCatalogue(en) : messages;
  compiled = new Map();
  if (typeof document !== "undefined") {
    // The pseudo-locale keeps its own tag (valid BCP 47), so text marked lang="en" stays distinguishable from it.
    document.documentElement.lang = code;
    document.documentElement.dir = directionOf(code);
  }
  for (const listener of listeners) listener();
}

/**
 * Loads and switches to a language (English and the pseudo-locale need no download).
 * @param code an offered code; anything else selects English
 */
export async function setLocale(code: string): Promise<void> {
  const offered = matchLocale([code]) ?? DEFAULT_LOCALE;
  const loader = LOADERS[offered];
  const messages = loader ? (await loader()).default : en;
  useCatalogue(offered, messages);
}

/**
 * Calls `listener` after every language change.
 * @returns the unsubscribe function
 */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The language to start with: `?lang=` in the address, else the one chosen before on this device,
 * else the browser's preferences (navigator.languages, i.e. Accept-Language), else English.
 */
export function initialLocale(search: string, stored: string | null, preferences: readonly string[]): string {
  const fromLink = new URLSearchParams(search).get("lang");
  return matchLocale([fromLink ?? "", stored ?? "", ...preferences]) ?? DEFAULT_LOCALE;
}

/**
 * A translated message.
 * @param key catalogue key
 * @param values placeholder values (`{count, plural, …}`, `{name}`)
 * @returns the formatted text; the key itself only when no catalogue has it (a test forbids that)
 */
export function t(key: MessageKey, values?: MessageValues): string {
  let format = compiled.get(key);
  if (!format) {
    const source = catalogue[key] ?? (en as Catalogue)[key];
    if (source === undefined) return key;
    format = compile(key, source);
    compiled.set(key, format);
  }
  return String(format.format(values as Record<string, string | number | Date>));
}

/**
 * A message looked up by a key computed at run time (an API error code, a level name): `fallback`
 * when the catalogue has no such key.
 */
export function tDynamic(key: string, fallback: string, values?: MessageValues): string {
  return key in en ? t(key as MessageKey, values) : fallback;
}

/** Attributes for a text shown as the server sent it, in English (none when it is translated). */
export type UntranslatedAttrs = { lang?: "en"; translate?: "no" };

/**
 * A text of a built-in assessment framework (factor name, indicator, guidance…) in the current
 * language, from the `framework.<key>.…` catalogue entries (web/src/i18n/framework-keys.ts).
 * `english` is what the server sent: when the English catalogue does not hold exactly that text (an
 * organisation's own framework, a changed version) or the current language lacks the key (Burmese,
 * Amharic), the server's English is returned with `lang="en"` and `translate="no"` to put on its element.
 * @param key the framework's key (`un-framework-2014`)
 * @param part `name`, `description`, `f3.name`, `f3.description`, `indicator.3.2.text`, `indicator.3.2.guidance`
 */
export function frameworkText(key: string, part: string, english: string): { text: string; attrs: UntranslatedAttrs } {
  const id = frameworkKey(key, part);
  if ((en as Catalogue)[id] !== english || catalogue[id] === undefined) return { text: english, attrs: { lang: "en", translate: "no" } };
  return { text: t(id as MessageKey), attrs: {} };
}

/** A number in the current language's digits and separators. */
export function fmtNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(intlLocale(), options).format(value);
}

/**
 * A probability (0–1) as a percentage with sensible precision (one decimal below 10 %).
 * @example fmtPercent(0.042) → "4.2 %" (en), "4,2 %" (fr), "٤٫٢٪" (ar)
 */
export function fmtPercent(probability: number, options?: { maximumFractionDigits?: number }): string {
  if (!Number.isFinite(probability)) return "—";
  const pct = probability * 100;
  const digits = options?.maximumFractionDigits ?? (pct >= 10 || Number.isInteger(pct) ? 0 : 1);
  return new Intl.NumberFormat(intlLocale(), { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(probability);
}

/**
 * A list in the current language: "a, b and c", "a, b et c", "a وb وc".
 * @param type `unit` for counts without a conjunction: "1 admin, 2 monitors"
 */
export function fmtList(items: readonly string[], type: "conjunction" | "unit" = "conjunction"): string {
  const parts = new Intl.ListFormat(intlLocale(), { type, style: type === "unit" ? "short" : "long" }).formatToParts(items);
  // The pseudo-locale marks the conjunctions too, so they count as translated text.
  return parts.map((p) => (p.type === "literal" && locale === PSEUDO_LOCALE ? `⟦${pseudoText(p.value)}⟧` : p.value)).join("");
}

/**
 * Output of a locale formatter in the pseudo-locale: accented and bracketed like catalogue text, so
 * the pseudo-locale test tells a date formatted for the reader ("⟦Ðéç 1, 2026⟧") from English typed
 * into a page ("Dec 1, 2026"). Other languages get the text as it is.
 */
function formatted(text: string): string {
  return locale === PSEUDO_LOCALE ? `⟦${pseudoText(text)}⟧` : text;
}

function dateText(value: string | number | Date, options: Intl.DateTimeFormatOptions): string | null {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(intlLocale(), options).format(date);
}

/** A date (ISO string, timestamp or Date) in the current language; `options` default to the date only, in UTC. */
export function fmtDate(value: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeZone: "UTC" }): string {
  const text = dateText(value, options);
  return text === null ? "—" : formatted(text);
}

/** A date and time in UTC, e.g. "7 Dec 2026, 20:15 UTC". */
export function fmtDateTime(value: string | number | Date): string {
  const text = dateText(value, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return text === null ? "—" : formatted(`${text} UTC`);
}

/**
 * How long ago (or in how long) `value` is from `now`, in the largest whole unit: "3 days ago", "il y a 3 jours".
 */
export function fmtRelative(value: string | number | Date, now: number = Date.now()): string {
  const ms = (value instanceof Date ? value.getTime() : new Date(value).getTime()) - now;
  if (Number.isNaN(ms)) return "—";
  const units: [Intl.RelativeTimeFormatUnit, number][] = [["year", 31_536_000_000], ["month", 2_592_000_000], ["day", 86_400_000], ["hour", 3_600_000], ["minute", 60_000]];
  const rtf = new Intl.RelativeTimeFormat(intlLocale(), { numeric: "auto" });
  for (const [unit, size] of units) if (Math.abs(ms) >= size) return formatted(rtf.format(Math.round(ms / size), unit));
  return formatted(rtf.format(0, "minute"));
}

/** The offered languages for the switcher. */
export const AVAILABLE_LOCALES = LOCALES;

// ---------------------------------------------------------------- pseudo-locale

const ACCENTS: Record<string, string> = {
  a: "á", b: "ƀ", c: "ç", d: "ð", e: "é", f: "ƒ", g: "ĝ", h: "ĥ", i: "í", j: "ĵ", k: "ķ", l: "ĺ", m: "ɱ", n: "ñ", o: "ó", p: "þ", q: "ǫ", r: "ŕ", s: "š", t: "ŧ", u: "ú", v: "ṽ", w: "ŵ", x: "ẋ", y: "ý", z: "ž",
  A: "Á", B: "Ɓ", C: "Ç", D: "Ð", E: "É", F: "Ƒ", G: "Ĝ", H: "Ĥ", I: "Í", J: "Ĵ", K: "Ķ", L: "Ĺ", M: "Ṁ", N: "Ñ", O: "Ó", P: "Þ", Q: "Ǫ", R: "Ŕ", S: "Š", T: "Ŧ", U: "Ú", V: "Ṽ", W: "Ŵ", X: "Ẋ", Y: "Ý", Z: "Ž",
};

/** Accents every Latin letter of a text and lengthens it by about a third (German and Finnish run long). */
export function pseudoText(text: string): string {
  const accented = text.replace(/[A-Za-z]/g, (c) => ACCENTS[c] ?? c);
  const vowels = accented.match(/[áéíóúÁÉÍÓÚ]/g)?.length ?? 0;
  return accented + "·".repeat(Math.ceil(vowels / 3));
}

function pseudoElements(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((el) => {
    // 0 = literal; plural (6) and select (5) hold nested messages per option.
    if (el.type === 0) return { ...el, value: pseudoText(el.value) };
    if (el.type === 5 || el.type === 6) {
      const options = Object.fromEntries(Object.entries(el.options).map(([k, o]) => {
        const option = o as { value: MessageFormatElement[] };
        return [k, { ...option, value: pseudoElements(option.value) }];
      }));
      return { ...el, options } as MessageFormatElement;
    }
    return el;
  });
}

/**
 * The pseudo-locale catalogue: each English message accented, lengthened and wrapped in ⟦ ⟧, with its
 * ICU structure (placeholders, plurals) intact. Serialised back to ICU text is not needed: `t()` reads
 * this map, so each message is kept as its own source and rebuilt from the transformed syntax tree.
 */
function pseudoCatalogue(source: Catalogue): Catalogue {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(source)) {
    const ast = new IntlMessageFormat(message, "en").getAst();
    pseudoAsts.set(key, [{ type: 0, value: "⟦" } as MessageFormatElement, ...pseudoElements(ast), { type: 0, value: "⟧" } as MessageFormatElement]);
    out[key] = message;
  }
  return out;
}
const pseudoAsts = new Map<string, MessageFormatElement[]>();

/** The pseudo-locale formats its transformed trees, every other locale its catalogue text. */
function compile(key: string, source: string): IntlMessageFormat {
  const ast = locale === PSEUDO_LOCALE ? pseudoAsts.get(key) : undefined;
  return new IntlMessageFormat(ast ?? source, intlLocale());
}
