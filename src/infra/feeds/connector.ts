/**
 * The shape every feed connector has: one file per source under `src/infra/feeds/`, registered
 * in `registry.ts`. A connector only talks HTTP and parses: it returns what it found and where the
 * next pull should start, and the feed service writes it (in one transaction with the new cursor).
 * A connector never writes to the store, so a failed pull leaves nothing half-written.
 */
import type { CountryResolver, Event, EventSource } from "../../domain/events/event.ts";
import type { FeedHttp } from "./feed-http.ts";

/** Connector keys (the `feeds.source` column). */
export const FEED_SOURCES = ["gdelt", "rss", "ucdp-ged-api", "ucdp-ged-csv", "acled", "ewp"] as const;
export type FeedSource = (typeof FEED_SOURCES)[number];

/** One text from a news or social feed, in the shape `storeSpeechBatch` accepts. */
export interface FeedSpeechItem {
  /** Stable across pulls: a hash of the feed URL and the item's guid (else link, else text). */
  clientId: string;
  text: string;
  time: string;
  source: string;
  country: string;
  language?: string;
}

/** What a pull found. */
export type FeedOutput =
  | { kind: "none"; note: string }
  | { kind: "events"; source: EventSource; events: Event[]; fileName: string; sha256: string; origin: string }
  | { kind: "speech"; items: FeedSpeechItem[] }
  /** A whole event file saved in `dir` (a yearly release: imported by the file importer, then deleted). */
  | { kind: "event-file"; source: EventSource; dir: string; path: string; sha256: string; origin: string }
  /** EWP files saved in `dir` (deleted by the service after the import). */
  | { kind: "ewp"; dir: string; predictors: string; vintage: number; origin: string };

/** Result of a pull. */
export interface FeedPull {
  output: FeedOutput;
  /** The cursor to store with the written rows (unchanged when nothing was found). */
  cursor: Record<string, unknown> | null;
  /** Credentials to store back, when the pull changed them (a refreshed OAuth token). */
  credentials?: Record<string, string>;
}

/** What a pull is given. */
export interface FeedContext<C> {
  config: C;
  /** Decrypted credentials, or null when the feed has none. */
  credentials: Record<string, string> | null;
  cursor: Record<string, unknown> | null;
  http: FeedHttp;
  resolveCountry: CountryResolver;
  now: Date;
}

/** A source. */
export interface FeedConnector<C = unknown> {
  source: FeedSource;
  /** One line for `tocsin feeds add --help` and the dashboard. */
  description: string;
  defaultSchedule: string;
  /** Silence longer than this raises the "feed stale" notice (default of `expectedRhythmMinutes`). */
  defaultRhythmMinutes: number;
  /** Credential names the source needs (checked when a feed is added). */
  credentialNames: readonly string[];
  /**
   * Validates a feed's configuration.
   * @throws {FeedConfigError} naming the field
   */
  parseConfig(raw: unknown): C;
  pull(ctx: FeedContext<C>): Promise<FeedPull>;
}

/** A feed's configuration is invalid (names the field). */
export class FeedConfigError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = "FeedConfigError";
  }
}

/**
 * Turns a zod schema into a connector's `parseConfig`: the first issue becomes a
 * {@link FeedConfigError} naming `config.<path>`.
 */
export function configParser<C>(schema: { safeParse(raw: unknown): { success: true; data: C } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): (raw: unknown) => C {
  return (raw) => {
    const r = schema.safeParse(raw ?? {});
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    const field = ["config", ...issue.path.map(String)].join(".");
    throw new FeedConfigError(`${field}: ${issue.message}`, field);
  };
}
