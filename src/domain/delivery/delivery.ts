/**
 * Alert delivery (issue 7, part 2) as pure rules: which subscriptions an alert reaches, how long to
 * wait before the next attempt, how webhook bodies are signed and verified, what the messages say,
 * and which webhook addresses are acceptable. No I/O: the clock and the random source are passed in.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { atLeast, type AlertLevel } from "../alerts/level.ts";
import { LEVEL_NAMES, type MessageLanguage } from "../i18n/languages.ts";

/** The channels an outbox row can go out on (the in-app inbox is written directly, not queued). */
export const DELIVERY_CHANNELS = ["webhook", "email"] as const;
/** One outbound channel. */
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** The life of an outbox row: pending → sending → sent, or back to pending (retry), or dead. */
export const OUTBOX_STATUSES = ["pending", "sending", "sent", "dead"] as const;
/** One outbox status. */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** What a subscription asks for, as far as matching is concerned. */
export interface SubscriptionScope {
  /** ISO3 codes; empty means "every country" (subject to `region`). */
  countries: readonly string[];
  /** A region name as in the country registry (e.g. "Sub-Saharan Africa"), or null for any. */
  region: string | null;
  minLevel: AlertLevel;
}

/** The alert as matching sees it. */
export interface AlertSubject {
  countryIso3: string;
  /** The country's region from the registry, or null when it has none. */
  region: string | null;
  level: AlertLevel;
  previousLevel: AlertLevel;
}

/**
 * True when the alert should reach the subscription: the country is covered (listed, or in the
 * region, or everything), and the new level is at least the minimum. A fall *below* the minimum
 * is also delivered when the previous level was at or above it, because a subscriber told of an
 * Emergency needs to hear that it ended; a change entirely below the minimum is not.
 */
export function matches(scope: SubscriptionScope, alert: AlertSubject): boolean {
  if (scope.countries.length > 0 && !scope.countries.includes(alert.countryIso3)) return false;
  if (scope.countries.length === 0 && scope.region !== null && scope.region !== alert.region) return false;
  return atLeast(alert.level, scope.minLevel) || atLeast(alert.previousLevel, scope.minLevel);
}

/** Retry policy of the outbox. */
export interface RetryPolicy {
  /** Delay before the second attempt, in milliseconds. */
  baseDelayMs: number;
  /** Upper bound of any delay, in milliseconds. */
  maxDelayMs: number;
  /** Attempts in all (the first one included); after the last failure the row is dead-lettered. */
  maxAttempts: number;
}

/** Defaults: 30 s, 1 min, 2 min … capped at 1 h; 8 attempts span about 1 h 40 min. */
export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 8 };

/**
 * Delay before the next attempt after `attempts` failed ones ("equal jitter"): with
 * d = min(max, base · 2^(attempts−1)), the delay is d/2 + U·d/2 for U uniform in [0, 1), so it
 * lies in [d/2, d). The jitter spreads retries of many rows that failed together (a receiver's
 * outage) instead of hammering it in lock-step; the floor keeps the growth exponential.
 * @param attempts failed attempts so far (≥ 1)
 * @param random a uniform [0, 1) source (seeded in tests)
 * @throws {RangeError} when `attempts` < 1
 */
export function backoffDelayMs(attempts: number, policy: RetryPolicy, random: () => number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a whole number ≥ 1, got ${attempts}`);
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempts - 1, 40));
  return Math.floor(d / 2 + random() * (d / 2));
}

/** What happens to a row after a failed attempt: retry at a time, or give up. */
export type FailureOutcome = { status: "pending"; nextAttemptAt: Date } | { status: "dead" };

/** Decides the next step after attempt number `attempts` failed at `now`. */
export function afterFailure(attempts: number, now: Date, policy: RetryPolicy, random: () => number): FailureOutcome {
  if (attempts >= policy.maxAttempts) return { status: "dead" };
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + backoffDelayMs(attempts, policy, random)) };
}

/**
 * The webhook signature: `sha256=` + hex HMAC-SHA256(secret, timestamp + "." + body), where
 * `timestamp` is the `Tocsin-Timestamp` header (Unix seconds) and `body` the exact request bytes.
 * Binding the timestamp lets receivers refuse replays older than a few minutes.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * What a receiver runs: recomputes the signature in constant time and checks the timestamp is
 * within `toleranceSeconds` of `nowSeconds`.
 * @returns true only for an authentic, fresh request
 */
export function verifyWebhook(secret: string, headers: { timestamp: string; signature: string }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!/^\d{1,12}$/.test(headers.timestamp)) return false;
  if (Math.abs(nowSeconds - Number(headers.timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, headers.timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Why a webhook address is refused. */
export class WebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookUrlError";
  }
}

/**
 * Checks a webhook address: absolute http(s) only, no credentials in it (they would sit in the
 * database in clear; the signing secret authenticates instead).
 * @returns the normalised URL string
 * @throws {WebhookUrlError} for anything else
 */
export function checkWebhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookUrlError("webhook URL is not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookUrlError(`webhook URL must be http or https, not ${url.protocol.replace(/:$/, "")}`);
  if (url.username || url.password) throw new WebhookUrlError("webhook URL must not contain a user name or password");
  return url.toString();
}

/** The alert fields every message carries (public data: levels are computed from public signals). */
export interface AlertMessageInput {
  alertId: string;
  countryIso3: string;
  countryName: string;
  situation: string;
  level: AlertLevel;
  previousLevel: AlertLevel;
  explanation: string;
  createdAt: Date;
}

/** The JSON body a webhook receives (its `deliveryId` equals the `Tocsin-Delivery-Id` header). */
export interface WebhookPayload {
  type: "alert.level_changed";
  deliveryId: string;
  alert: {
    id: string;
    country: { iso3: string; name: string };
    situation: string | null;
    level: AlertLevel;
    previousLevel: AlertLevel;
    explanation: string;
    createdAt: string;
  };
}

/** Builds the webhook body for one delivery. */
export function webhookPayload(deliveryId: string, a: AlertMessageInput): WebhookPayload {
  return {
    type: "alert.level_changed",
    deliveryId,
    alert: {
      id: a.alertId, country: { iso3: a.countryIso3, name: a.countryName }, situation: a.situation || null,
      level: a.level, previousLevel: a.previousLevel, explanation: a.explanation, createdAt: a.createdAt.toISOString(),
    },
  };
}

/** The fixed words of alert messages (e-mail and inbox) per language; translations await native review (docs/glossary.md). */
const MESSAGE_WORDS: Readonly<Record<MessageLanguage, {
  headline: (where: string, level: string, rose: boolean, previous: string) => string;
  why: string;
  changed: (at: string, id: string) => string;
  because: string;
}>> = {
  en: {
    headline: (w, l, r, p) => `Alert level for ${w}: ${l} (${r ? "raised" : "lowered"} from ${p}).`,
    why: "Why:",
    changed: (at, id) => `Changed at ${at}. Alert ${id}.`,
    because: "You receive this because of a Tocsin alert subscription; change or remove it in Tocsin.",
  },
  fr: {
    headline: (w, l, r, p) => `Niveau d'alerte pour ${w} : ${l} (${r ? "relevé" : "abaissé"} depuis ${p}).`,
    why: "Pourquoi (explication des règles, en anglais) :",
    changed: (at, id) => `Changé le ${at}. Alerte ${id}.`,
    because: "Vous recevez ce message en raison d'un abonnement aux alertes Tocsin ; modifiez-le ou supprimez-le dans Tocsin.",
  },
  es: {
    headline: (w, l, r, p) => `Nivel de alerta para ${w}: ${l} (${r ? "elevado" : "reducido"} desde ${p}).`,
    why: "Por qué (explicación de las reglas, en inglés):",
    changed: (at, id) => `Cambiado el ${at}. Alerta ${id}.`,
    because: "Recibe este mensaje por una suscripción a alertas de Tocsin; modifíquela o elimínela en Tocsin.",
  },
  ar: {
    headline: (w, l, r, p) => `مستوى التنبيه في ${w}: ${l} (${r ? "رُفع" : "خُفض"} من ${p}).`,
    why: "السبب (شرح القواعد، بالإنجليزية):",
    changed: (at, id) => `تغيّر في ${at}. التنبيه ${id}.`,
    because: "تتلقى هذه الرسالة بسبب اشتراك في تنبيهات توكسين؛ غيّره أو احذفه في توكسين.",
  },
};

/** Where an alert applies, e.g. `Sudan (SDN), Darfur`. */
function whereOf(a: AlertMessageInput): string {
  return a.situation ? `${a.countryName} (${a.countryIso3}), ${a.situation}` : `${a.countryName} (${a.countryIso3})`;
}

/**
 * The one-line summary of a level change in the reader's language (the inbox shows it, the e-mail starts with it).
 * @param lang the subscriber's language (default English)
 */
export function alertHeadline(a: AlertMessageInput, lang: MessageLanguage = "en"): string {
  const names = LEVEL_NAMES[lang];
  return MESSAGE_WORDS[lang].headline(whereOf(a), names[a.level], atLeast(a.level, a.previousLevel), names[a.previousLevel]);
}

/**
 * Subject and plain-text body of an alert e-mail in the subscriber's language. The rules'
 * explanation is quoted as written (English), and said to be so.
 */
export function emailMessage(a: AlertMessageInput, lang: MessageLanguage = "en"): { subject: string; text: string } {
  const w = MESSAGE_WORDS[lang];
  return {
    subject: `[Tocsin] ${LEVEL_NAMES[lang][a.level]}: ${whereOf(a)}`,
    text: [
      alertHeadline(a, lang),
      "",
      w.why,
      a.explanation,
      "",
      w.changed(a.createdAt.toISOString(), a.alertId),
      w.because,
    ].join("\n"),
  };
}

/** The outcome of one send; `reason` is short and holds no addresses or contents. */
export type SendResult = { ok: true } | { ok: false; reason: string };

/** A signed webhook request, ready to POST. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** An e-mail, ready to send. */
export interface EmailRequest {
  to: string;
  subject: string;
  text: string;
  deliveryId: string;
}
