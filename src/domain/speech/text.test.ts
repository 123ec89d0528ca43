import { test } from "node:test";
import assert from "node:assert/strict";
import { deobfuscate, matchKey, normaliseText, prepareText, segmentWords } from "./text.ts";

test("NFKC and case folding: full-width, ligatures, ß, final sigma", () => {
  assert.equal(normaliseText("ＫＩＬＬ them"), "kill them");
  assert.equal(normaliseText("ﬁlth"), "filth");
  assert.equal(normaliseText("STRAẞE Straße"), "strasse strasse");
  assert.equal(normaliseText("ΟΔΟΣ"), "οδοσ");
  assert.equal(normaliseText("οδος"), "οδοσ");
});

test("HTML entities, links and handles are normalised", () => {
  assert.equal(normaliseText("a &amp; b &#x41; &lt;3"), "a & b a <3");
  assert.equal(normaliseText("RT @some_user: see https://t.co/xyz"), "rt @user: see url");
  assert.equal(normaliseText("mail me@home"), "mail me@home");
});

test("obfuscation: leetspeak inside words, spacing, repeated letters, homoglyphs", () => {
  assert.equal(deobfuscate("k!ll"), "kill");
  assert.equal(deobfuscate("k1ll3r sh!t"), "killer shit");
  assert.equal(deobfuscate("k i l l the r.a.t.s"), "kill the rats");
  assert.equal(deobfuscate("kiiiiill"), "kiill");
  assert.equal(deobfuscate("k\u0456ll"), "kill"); // Cyrillic і inside a Latin word
  assert.equal(deobfuscate("\u0441\u043e\u0431\u0430\u043a\u0430"), "собака"); // all-Cyrillic word untouched
  // Numbers, handles and prices stay as they are.
  assert.equal(deobfuscate("2024 covid19 @user $5"), "2024 covid19 @user $5");
  assert.equal(deobfuscate("a b"), "a b");
});

test("Amharic (Ethiopic) is segmented on spaces and Ethiopic punctuation", () => {
  assert.deepEqual(segmentWords("ሰላም ለዓለም። ሁሉም ሰዎች"), ["ሰላም", "ለዓለም", "ሁሉም", "ሰዎች"]);
});

test("Burmese without spaces is segmented into several words", () => {
  const words = segmentWords("မြန်မာနိုင်ငံသည်");
  assert.ok(words.length >= 2, JSON.stringify(words));
  assert.equal(words.join(""), "မြန်မာနိုင်ငံသည်");
});

test("Thai without spaces is segmented by dictionary", () => {
  const words = segmentWords("ภาษาไทยเป็นภาษาที่สวยงาม");
  assert.ok(words.length >= 4, JSON.stringify(words));
  assert.ok(words.includes("ภาษา"));
});

test("Arabic words are tokens; matchKey removes harakat, tatweel and unifies alef", () => {
  assert.deepEqual(segmentWords("قتل الصراصير واجب"), ["قتل", "الصراصير", "واجب"]);
  assert.equal(matchKey("الصَّراصِير"), matchKey("الصراصير"));
  assert.equal(matchKey("أبيدوا"), matchKey("ابيدوا"));
  assert.equal(matchKey("قـــتل"), matchKey("قتل"));
});

test("emoji are kept as tokens, skin tones dropped", () => {
  const { tokens } = prepareText("burn them 🔥🔥 👍🏽");
  assert.deepEqual(tokens, ["burn", "them", "🔥", "🔥", "👍"]);
});

test("matchKey squeezes repeats and strips Latin diacritics but keeps Indic vowel signs", () => {
  assert.equal(matchKey("kiill"), matchKey("kill"));
  assert.equal(matchKey("éradiquer"), "eradiquer");
  assert.equal(matchKey("हिंदी"), "हिंदी".normalize("NFC"));
});
