import assert from "node:assert/strict";
import { test } from "node:test";
import { seededRandom } from "../random.ts";
import { afterFailure, alertHeadline, backoffDelayMs, checkWebhookUrl, emailMessage, matches, signWebhook, verifyWebhook, WebhookUrlError, type RetryPolicy } from "./delivery.ts";

const policy: RetryPolicy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 5 };

test("matching: country list, region, everything; minimum level; a fall from at/above the minimum is delivered", () => {
  const alert = { countryIso3: "SDN", region: "Sub-Saharan Africa", level: "warning" as const, previousLevel: "watch" as const };
  assert.equal(matches({ countries: ["SDN"], region: null, minLevel: "warning" }, alert), true);
  assert.equal(matches({ countries: ["MMR"], region: null, minLevel: "watch" }, alert), false);
  assert.equal(matches({ countries: [], region: "Sub-Saharan Africa", minLevel: "watch" }, alert), true);
  assert.equal(matches({ countries: [], region: "Europe", minLevel: "watch" }, alert), false);
  assert.equal(matches({ countries: [], region: null, minLevel: "emergency" }, alert), false);
  assert.equal(matches({ countries: [], region: null, minLevel: "emergency" }, { ...alert, level: "watch", previousLevel: "emergency" }), true);
  assert.equal(matches({ countries: [], region: null, minLevel: "warning" }, { ...alert, level: "none", previousLevel: "watch" }), false);
});

test("backoff grows exponentially within [d/2, d), is capped, and jitters", () => {
  const rnd = seededRandom(7);
  const delays = [1, 2, 3, 4].map((n) => backoffDelayMs(n, policy, rnd));
  for (const [i, d] of delays.entries()) {
    const full = 1000 * 2 ** i;
    assert.ok(d >= full / 2 && d < full, `attempt ${i + 1}: ${d}`);
  }
  assert.ok(backoffDelayMs(30, policy, () => 0.999) < 60_000 && backoffDelayMs(30, policy, () => 0) === 30_000);
  const spread = new Set(Array.from({ length: 20 }, () => backoffDelayMs(3, policy, rnd)));
  assert.ok(spread.size > 10, "jitter spreads retries");
  assert.throws(() => backoffDelayMs(0, policy, rnd), RangeError);
});

test("after the last attempt a row is dead; before, it is retried later", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const next = afterFailure(1, now, policy, () => 0.5);
  assert.equal(next.status, "pending");
  assert.equal(next.status === "pending" && next.nextAttemptAt.getTime() - now.getTime(), 750);
  assert.deepEqual(afterFailure(5, now, policy, () => 0.5), { status: "dead" });
});

test("a signature verifies; a changed body, timestamp, secret or a stale timestamp fails", () => {
  const body = JSON.stringify({ a: 1 });
  const sig = signWebhook("s3cret", "1700000000", body);
  assert.match(sig, /^sha256=[0-9a-f]{64}$/);
  assert.equal(verifyWebhook("s3cret", { timestamp: "1700000000", signature: sig }, body, 1700000100), true);
  assert.equal(verifyWebhook("s3cret", { timestamp: "1700000000", signature: sig }, JSON.stringify({ a: 2 }), 1700000100), false);
  assert.equal(verifyWebhook("other", { timestamp: "1700000000", signature: sig }, body, 1700000100), false);
  assert.equal(verifyWebhook("s3cret", { timestamp: "1700000001", signature: sig }, body, 1700000100), false);
  assert.equal(verifyWebhook("s3cret", { timestamp: "1700000000", signature: sig }, body, 1700001000), false);
});

test("webhook URLs: http(s) only, no credentials", () => {
  assert.equal(checkWebhookUrl("https://example.org/hook"), "https://example.org/hook");
  for (const bad of ["ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "/relative", "https://u:p@example.org/"]) assert.throws(() => checkWebhookUrl(bad), WebhookUrlError, bad);
});

test("the e-mail names the level, the country and the explanation", () => {
  const m = emailMessage({ alertId: "a1", countryIso3: "SDN", countryName: "Sudan", situation: "", level: "emergency", previousLevel: "warning", explanation: "Killings of civilians tripled.", createdAt: new Date("2026-01-01T00:00:00Z") });
  assert.equal(m.subject, "[Tocsin] Emergency: Sudan (SDN)");
  assert.match(m.text, /Emergency \(raised from Warning\)/);
  assert.match(m.text, /Killings of civilians tripled\./);
});

test("alert e-mails and inbox headlines speak the subscriber's language; the rules' explanation is quoted as written", () => {
  const a = { alertId: "a1", countryIso3: "SDN", countryName: "Soudan", situation: "", level: "emergency" as const, previousLevel: "warning" as const, explanation: "Killings of civilians tripled.", createdAt: new Date("2026-01-01T00:00:00Z") };
  const fr = emailMessage(a, "fr");
  assert.equal(fr.subject, "[Tocsin] Urgence: Soudan (SDN)");
  assert.match(fr.text, /^Niveau d'alerte pour Soudan \(SDN\) : Urgence \(relevé depuis Avertissement\)\./);
  assert.match(fr.text, /Killings of civilians tripled\./);
  assert.equal(alertHeadline({ ...a, level: "watch", previousLevel: "warning" }, "es"), "Nivel de alerta para Soudan (SDN): Vigilancia (reducido desde Advertencia).");
  assert.match(alertHeadline(a, "ar"), /^مستوى التنبيه في Soudan \(SDN\): طوارئ \(رُفع من تحذير\)\.$/);
  assert.equal(emailMessage(a).subject, "[Tocsin] Emergency: Soudan (SDN)", "English stays the default");
});
