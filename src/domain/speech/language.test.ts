import { test } from "node:test";
import assert from "node:assert/strict";
import { detectLanguage, detectWithFranc, normaliseLanguageTag } from "./language.ts";

test("short informal texts in languages eld knows", () => {
  assert.equal(detectLanguage("ngl this is trash, you know it"), "en");
  assert.equal(detectLanguage("bah oui t'as raison l'autre c'est nul"), "fr");
  assert.equal(detectLanguage("صراحة نفسي اشوف اللي قالوا مدرب اجنبي"), "ar");
});

test("scripts eld does not know fall back to franc", () => {
  assert.equal(detectLanguage("ငါတို့ မြို့ကို ကာကွယ်ရမယ် ဒီနေ့ သတင်း"), "my");
});

test("candidate languages eld does not know go to franc, restricted", () => {
  const rw = "Abantu bose bavuka ari bwigenge kandi bangana mu cyubahiro no mu burenganzira";
  assert.notEqual(detectLanguage(rw), "rw", "eld alone names its nearest language");
  assert.equal(detectLanguage(rw, 20, ["rw", "fr", "en"]), "rw");
  assert.equal(detectWithFranc(rw, 20, ["rw", "en"]), "rw");
});

test("candidates eld knows restrict its answer", () => {
  assert.equal(detectLanguage("Les gens du quartier disent que", 20, ["en", "fr"]), "fr");
  assert.ok(["en", "ar"].includes(detectLanguage("Les gens du quartier disent que", 20, ["en", "ar"])));
});

test("too short, handles only, and tags", () => {
  assert.equal(detectLanguage("@user @user #tag"), "und");
  assert.equal(detectLanguage("hi"), "und");
  assert.equal(normaliseLanguageTag("en-GB"), "en");
  assert.equal(normaliseLanguageTag("fra"), "fr");
});
