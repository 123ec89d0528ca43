/**
 * The kinds of signal a response can answer. They mirror the inputs of the alert levels: structural
 * risk (and its rise), escalation in event data, dangerous-speech spikes, verified incident reports
 * and analyst assessments. Kept on their own so the alert signal-kind registry
 * (`domain/alerts/signal-kinds.ts`) can map onto them without importing the whole catalogue.
 */
export const RESPONSE_SIGNAL_KINDS = ["structural-risk", "risk-rise", "escalation", "speech-spike", "verified-incident", "analyst-assessment"] as const;
/** One kind of signal. */
export type ResponseSignalKind = (typeof RESPONSE_SIGNAL_KINDS)[number];

/** True when `value` is a response signal kind. */
export function isResponseSignalKind(value: unknown): value is ResponseSignalKind {
  return typeof value === "string" && (RESPONSE_SIGNAL_KINDS as readonly string[]).includes(value);
}
