/**
 * The dashboard's message catalogues (web/src/i18n/messages), read by the server for the words it
 * shares with the dashboard (region and predictor names in briefs), so a term is translated once.
 */
import ar from "../../web/src/i18n/messages/ar.json" with { type: "json" };
import en from "../../web/src/i18n/messages/en.json" with { type: "json" };
import es from "../../web/src/i18n/messages/es.json" with { type: "json" };
import fr from "../../web/src/i18n/messages/fr.json" with { type: "json" };
import type { MessageLanguage } from "../domain/i18n/languages.ts";

const CATALOGUES: Readonly<Record<MessageLanguage, Readonly<Record<string, string>>>> = { en, fr, es, ar };

/** The dashboard catalogue of a message language (every key of English exists in each: a test checks). */
export function catalogueFor(lang: MessageLanguage): Readonly<Record<string, string>> {
  return CATALOGUES[lang];
}
