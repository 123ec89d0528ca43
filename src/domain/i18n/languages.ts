/**
 * The languages Tocsin's own texts outside the dashboard (situation briefs, alert e-mails and inbox
 * messages) are written in, and the domain's words shared by all of them. The dashboard has its own
 * catalogues (web/src/i18n/messages); the domain terms are fixed in docs/glossary.md for both.
 */
import type { AlertLevel } from "../alerts/level.ts";

/** Languages of briefs and alert messages. */
export const MESSAGE_LANGUAGES = ["en", "fr", "es", "ar"] as const;
/** One of {@link MESSAGE_LANGUAGES}. */
export type MessageLanguage = (typeof MESSAGE_LANGUAGES)[number];

/**
 * The message language for a requested or stored locale: its primary subtag when offered (`fr-CA` →
 * `fr`), else English (a dashboard-only language such as `my` falls back to English here).
 */
export function messageLanguage(locale: string | null | undefined): MessageLanguage {
  const primary = (locale ?? "").trim().toLowerCase().split("-")[0];
  return (MESSAGE_LANGUAGES as readonly string[]).includes(primary) ? (primary as MessageLanguage) : "en";
}

/** Whether a language is written right to left. */
export function isRightToLeft(lang: MessageLanguage): boolean {
  return lang === "ar";
}

/** Alert level names per language (the glossary's fixed terms). */
export const LEVEL_NAMES: Readonly<Record<MessageLanguage, Readonly<Record<AlertLevel, string>>>> = {
  en: { none: "No alert", watch: "Watch", warning: "Warning", emergency: "Emergency" },
  fr: { none: "Pas d'alerte", watch: "Veille", warning: "Avertissement", emergency: "Urgence" },
  es: { none: "Sin alerta", watch: "Vigilancia", warning: "Advertencia", emergency: "Emergencia" },
  ar: { none: "لا تنبيه", watch: "مراقبة", warning: "تحذير", emergency: "طوارئ" },
};

/**
 * A number written for a language (grouping and decimal marks; Arabic keeps Western digits, as
 * briefs quote data tables).
 */
export function formatNumberIn(lang: MessageLanguage, n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(lang === "ar" ? "ar-u-nu-latn" : lang === "en" ? "en-GB" : lang, options).format(n);
}

/** The dashboard's languages (web/src/i18n/locales.ts offers the same; a test keeps them equal). */
export const DASHBOARD_LOCALES = ["en", "fr", "es", "ar", "my", "am"] as const;
/** One of {@link DASHBOARD_LOCALES}. */
export type DashboardLocale = (typeof DASHBOARD_LOCALES)[number];
