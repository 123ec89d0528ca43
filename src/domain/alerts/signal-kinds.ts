/**
 * The signal-kind registry (issue 13 part 2): everything the code needs to know about one kind of
 * alert signal, in one entry per kind. The registry is a `Record<SignalKind, …>`, so adding a kind
 * to `SIGNAL_KINDS` without an entry here — or leaving a field out — is a compile error, and every
 * table that used to be written by hand (families for corroboration, the structural subset for the
 * track record, the response catalogue's mapping) is derived from it instead of guessed.
 *
 * Adding a kind: add it to `SIGNAL_KINDS` (`signal.ts`), write its builder there, add its entry here
 * and its rule in `rules.ts` (`DEFAULT_RULES.kinds` is a `Record` too).
 */
import type { ResponseSignalKind } from "../response/signal-kind.ts";
import { assessmentSignal, escalationSignals, forecastSignals, reportSignals, SIGNAL_KINDS, speechSignals, type SignalKind } from "./signal.ts";

/** Families of independent sources, for corroboration (two families agreeing raise a level). */
export type SignalFamily = "structural" | "events" | "speech" | "reports" | "analysts";

/** What the code knows about one kind of signal. */
export interface SignalKindEntry {
  /** Short human label (dashboard, brief). */
  label: string;
  /** The independent source family it belongs to. */
  family: SignalFamily;
  /** True for the structural forecast kinds: the only ones the track record replays over history. */
  structural: boolean;
  /** The response catalogue's kind it maps to (`domain/response/signal-kind.ts`). */
  response: ResponseSignalKind;
  /** The builder in `signal.ts` that makes signals of this kind. */
  builder: typeof forecastSignals | typeof escalationSignals | typeof speechSignals | typeof reportSignals | typeof assessmentSignal;
  /** Which `AlertRules.recentDays` window bounds it (named here, not imported, to keep `rules.ts` → this file one-way), or null for kinds not bounded by a window. */
  window: "escalation" | "speech" | "reports" | null;
  /**
   * True when one organisation's unreviewed input can make it (speech items fed by a monitor): such a
   * signal moves only the organisation's own view until an analyst confirms it (issue 14 point 8).
   */
  needsConfirmation: boolean;
}

/** The registry: one entry per signal kind, checked complete by the compiler. */
export const SIGNAL_KIND_REGISTRY: Readonly<Record<SignalKind, Readonly<SignalKindEntry>>> = {
  "forecast-risk": { label: "Structural forecast", family: "structural", structural: true, response: "structural-risk", builder: forecastSignals, window: null, needsConfirmation: false },
  "rank-change": { label: "Rise in the risk ranking", family: "structural", structural: true, response: "risk-rise", builder: forecastSignals, window: null, needsConfirmation: false },
  "risk-change": { label: "Rise in structural risk", family: "structural", structural: true, response: "risk-rise", builder: forecastSignals, window: null, needsConfirmation: false },
  escalation: { label: "Escalation in event data", family: "events", structural: false, response: "escalation", builder: escalationSignals, window: "escalation", needsConfirmation: false },
  "speech-spike": { label: "Dangerous-speech spike", family: "speech", structural: false, response: "speech-spike", builder: speechSignals, window: "speech", needsConfirmation: true },
  "verified-report": { label: "Verified incident reports", family: "reports", structural: false, response: "verified-incident", builder: reportSignals, window: "reports", needsConfirmation: false },
  assessment: { label: "Analyst assessment", family: "analysts", structural: false, response: "analyst-assessment", builder: assessmentSignal, window: null, needsConfirmation: false },
};

/** True when `value` is a known signal kind (exact match; untrusted JSON is never guessed at). */
export function isSignalKind(value: unknown): value is SignalKind {
  return typeof value === "string" && Object.hasOwn(SIGNAL_KIND_REGISTRY, value);
}

/** The structural kinds, in `SIGNAL_KINDS` order. */
export const STRUCTURAL_KINDS: readonly SignalKind[] = SIGNAL_KINDS.filter((k) => SIGNAL_KIND_REGISTRY[k].structural);

/** Family of each kind, derived from the registry (corroboration reads it). */
export const SIGNAL_FAMILY: Readonly<Record<SignalKind, SignalFamily>> = Object.fromEntries(SIGNAL_KINDS.map((k) => [k, SIGNAL_KIND_REGISTRY[k].family])) as Record<SignalKind, SignalFamily>;
