import { test } from "node:test";
import assert from "node:assert/strict";
import { SpeechAnalyser } from "./analysis.ts";
import { builtinLexicon } from "./builtin-lexicon.ts";
import { Lexicon } from "./lexicon.ts";

const analyser = new SpeechAnalyser(new Lexicon(builtinLexicon()));
const kinds = (text: string, language?: string): string[] => analyser.analyse({ text, language }).hallmarks.map((h) => h.kind).sort();
const groups = (text: string, language?: string): string[] => analyser.analyse({ text, language }).targets.map((t) => t.group);

test("dehumanisation and calls to violence in English, with obfuscation", () => {
  assert.deepEqual(kinds("These cockroaches must be exterminated", "en"), ["call_to_violence", "dehumanisation"]);
  assert.deepEqual(kinds("k!ll them all, the r a t s", "en"), ["call_to_violence", "dehumanisation"]);
  const a = analyser.analyse({ text: "The refugees are a plague", language: "en" });
  assert.equal(a.hallmarks[0].subtype, "disease");
  assert.deepEqual(a.targets.map((t) => [t.group, t.attribute]), [["refugees", "origin"]]);
  assert.deepEqual(kinds("I had a lovely day at the park", "en"), []);
});

test("French, Arabic, Amharic, Burmese and Kinyarwanda", () => {
  assert.deepEqual(kinds("Les musulmans sont un cancer, il faut les tuer", "fr"), ["call_to_violence", "dehumanisation"]);
  assert.deepEqual(groups("Les musulmans sont un cancer", "fr"), ["muslims"]);
  assert.deepEqual(kinds("اقتلوا الصراصير", "ar"), ["call_to_violence", "dehumanisation"]);
  assert.deepEqual(groups("هؤلاء اليهود", "ar"), ["jews"]);
  assert.deepEqual(kinds("ትግሬዎች በረሮዎች ናቸው ግደሏቸው", "am"), ["call_to_violence", "dehumanisation"]);
  assert.deepEqual(groups("ကုလားတွေကို သတ်ပစ်ကြ", "my"), ["rohingya"]);
  assert.ok(kinds("ကုလားတွေကို သတ်ပစ်ကြ", "my").includes("call_to_violence"));
  // A Kinyarwanda slur inside an English sentence still names the group (code-switching).
  assert.deepEqual(groups("the inyenzi are back", "en"), ["tutsi"]);
});

test("accusation in a mirror and purity threats", () => {
  assert.ok(kinds("They want to kill us all, the Tutsi are arming", "en").includes("accusation_in_a_mirror"));
  assert.ok(kinds("ils veulent nous tuer", "fr").includes("accusation_in_a_mirror"));
  assert.ok(kinds("the immigrants invasion will pollute our blood", "en").includes("purity_threat"));
});

test("Rabat factors: content and extent by machine, the rest left to an analyst", () => {
  const a = analyser.analyse({ text: "kill the cockroaches", language: "en", reach: 250000 });
  const by = Object.fromEntries(a.rabat.map((f) => [f.factor, f]));
  assert.equal(by.content_form.assessment, "machine");
  assert.match(by.content_form.value ?? "", /call_to_violence/);
  assert.match(by.extent.value ?? "", /250000 \(large\)/);
  for (const f of ["context", "speaker", "intent", "likelihood"]) {
    assert.equal(by[f].assessment, "analyst");
    assert.equal(by[f].value, null);
  }
  assert.equal(analyser.analyse({ text: "x", language: "en" }).rabat.find((f) => f.factor === "extent")?.value, null);
});

test("language is detected when absent and kept when given", () => {
  const a = analyser.analyse({ text: "Les réfugiés sont des cafards et il faut les chasser du pays" });
  assert.equal(a.language, "fr");
  assert.equal(a.languageSource, "detected");
  assert.equal(analyser.analyse({ text: "hello there", language: "en-GB" }).language, "en");
  assert.equal(analyser.analyse({ text: "ሰላም ለዓለም። ሁሉም ሰዎች እኩል ናቸው በዚህ ዓለም" }).language, "am");
});
