import assert from "node:assert/strict";
import { test } from "node:test";
import en from "./messages/en.json" with { type: "json" };
import fr from "./messages/fr.json" with { type: "json" };
import ar from "./messages/ar.json" with { type: "json" };
import { fmtDate, fmtDateTime, fmtNumber, fmtPercent, fmtRelative, initialLocale, pseudoText, t, useCatalogue } from "./i18n.ts";
import { directionOf, matchLocale } from "./locales.ts";

test("the language comes from ?lang, then the device's choice, then the browser's preferences", () => {
  assert.equal(initialLocale("?lang=ar", "fr", ["es"]), "ar");
  assert.equal(initialLocale("", "fr", ["es"]), "fr");
  assert.equal(initialLocale("", null, ["de-DE", "es-MX", "en"]), "es");
  assert.equal(initialLocale("?lang=xx", null, ["de"]), "en");
  assert.equal(matchLocale(["fr-CA"]), "fr");
  assert.equal(matchLocale(["en-XA"]), "en-XA");
  assert.equal(directionOf("ar"), "rtl");
  assert.equal(directionOf("my"), "ltr");
});

test("t() formats ICU plurals and placeholders per language and falls back to English per key", () => {
  useCatalogue("en", en);
  assert.equal(t("report.outbox.attempts", { n: 1 }), "1 attempt");
  assert.equal(t("report.outbox.attempts", { n: 3 }), "3 attempts");
  useCatalogue("fr", fr);
  assert.equal(t("report.outbox.attempts", { n: 3 }), "3 tentatives");
  assert.equal(t("world.shown", { shown: 12, total: 1 }), "12 sur 1 pays affiché");
  useCatalogue("ar", ar);
  // Arabic has six plural forms; two is its own.
  assert.match(t("duration.days", { n: 2 }), /يومان/);
  useCatalogue("fr", { "app.skip": "Aller au contenu" });
  assert.equal(t("report.title"), "Report an incident", "a key missing in the catalogue falls back to English");
  useCatalogue("en", en);
});

test("numbers, percentages, dates and relative times follow the language", () => {
  useCatalogue("fr", fr);
  assert.equal(fmtNumber(1234.5), "1\u202f234,5");
  assert.equal(fmtPercent(0.042), "4,2\u00a0%");
  assert.equal(fmtDate("2026-12-07T10:00:00Z"), "7 déc. 2026");
  assert.equal(fmtRelative(Date.UTC(2026, 11, 4), Date.UTC(2026, 11, 7)), "il y a 3 jours");
  useCatalogue("ar", ar);
  assert.match(fmtPercent(0.5), /٥٠|50/);
  useCatalogue("en", en);
  assert.equal(fmtPercent(0.125), "13%");
});

test("the pseudo-locale accents and lengthens text but keeps placeholders", () => {
  assert.equal(pseudoText("Risk"), "Ŕíšķ·");
  useCatalogue("en-XA", en);
  const out = t("report.outbox.attempts", { n: 3 });
  assert.match(out, /^⟦3 áŧŧéɱþŧš·*⟧$/);
  assert.ok(!/[A-Za-z]{3}/.test(t("world.title", { years: "2026–2027" })), "no plain English survives");
  // Dates come out of the locale formatters marked as such, so a hard-coded English date stands out.
  assert.match(fmtDate("2026-12-01"), /^⟦Ðéç 1, 2026·*⟧$/);
  assert.match(fmtDateTime("2026-12-01T10:00:00Z"), /^⟦Ðéç 1, 2026, 10:00\sÁṀ ÚŦÇ·*⟧$/);
  useCatalogue("en", en);
  assert.equal(fmtDate("2026-12-01"), "Dec 1, 2026");
});
