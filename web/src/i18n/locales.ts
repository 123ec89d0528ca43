/**
 * The dashboard's languages: which exist, their script direction and how complete each must be.
 * Adding a language is one row here plus `messages/<code>.json` (see CONTRIBUTING.md, "A new language").
 */

/** One dashboard language. */
export interface LocaleInfo {
  /** BCP 47 code, also the catalogue's file name and the `?lang=` value. */
  code: string;
  /** The language's own name, shown in the header's switcher. */
  name: string;
  dir: "ltr" | "rtl";
  /**
   * `all`: every catalogue key must be translated (the completeness test fails otherwise).
   * `field`: the keys of the field-monitor and public pages (`FIELD_PREFIXES`); other keys fall back to English.
   */
  coverage: "all" | "field";
}

/** The languages offered, English first (the default and the fallback of every missing key). */
export const LOCALES: readonly LocaleInfo[] = [
  { code: "en", name: "English", dir: "ltr", coverage: "all" },
  { code: "fr", name: "Français", dir: "ltr", coverage: "all" },
  { code: "es", name: "Español", dir: "ltr", coverage: "all" },
  { code: "ar", name: "العربية", dir: "rtl", coverage: "all" },
  { code: "my", name: "မြန်မာ", dir: "ltr", coverage: "field" },
  { code: "am", name: "አማርኛ", dir: "ltr", coverage: "field" },
];

/**
 * The pseudo-locale: English with accented, lengthened, bracketed text. Not offered in the switcher;
 * `?lang=en-XA` selects it so a test (or a person) sees at once any text that bypasses the catalogue.
 */
export const PSEUDO_LOCALE = "en-XA";

/**
 * Key prefixes of the pages a field monitor and the public use (shell, sign-in, report form, public
 * world and country pages, shared formats): a `field` language must translate all of them.
 */
export const FIELD_PREFIXES: readonly string[] = ["app.", "common.", "errors.", "signin.", "report.", "world.", "risk.", "level.", "country.", "panels.", "chart."];

/** The default language. */
export const DEFAULT_LOCALE = "en";

/**
 * The best offered language for a list of preferences (navigator.languages or `Accept-Language` order):
 * exact code first, then the primary subtag (`fr-CA` → `fr`).
 * @returns an offered code, or undefined when none matches
 */
export function matchLocale(preferences: readonly string[]): string | undefined {
  for (const raw of preferences) {
    const tag = raw.trim().toLowerCase();
    if (!tag) continue;
    if (tag === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE;
    const exact = LOCALES.find((l) => l.code === tag);
    if (exact) return exact.code;
    const primary = LOCALES.find((l) => l.code === tag.split("-")[0]);
    if (primary) return primary.code;
  }
  return undefined;
}

/**
 * The direction of a locale's script.
 * @param code a locale code
 */
export function directionOf(code: string): "ltr" | "rtl" {
  return LOCALES.find((l) => l.code === code)?.dir ?? "ltr";
}
