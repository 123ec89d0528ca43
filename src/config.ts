/**
 * Runtime configuration, read once from the environment. Every setting has a default that works on
 * a laptop with no configuration at all.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_ROOT, resolveMirror } from "./infra/importers/mirror.ts";

export interface Config {
  /** Folder for Tocsin's own files (the embedded store lives in `<home>/pglite`). */
  home: string;
  /** PostgreSQL URL; when unset the embedded PGlite store is used. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Public-data mirror (`TOCSIN_MIRROR`, else `../shared/data` when present). */
  mirror: string | undefined;
  logLevel: string;
  version: string;
  /** Built dashboard. */
  webDir: string;
  /**
   * Minutes between recomputations of the alert levels while serving (`TOCSIN_ALERT_INTERVAL_MINUTES`,
   * default 15; 0 turns it off). Signals age (events, reports and speech count only over recent
   * days), overrides expire and de-escalation waits out its dwell, so levels must be recomputed on a
   * clock and not only when new forecasts arrive.
   */
  alertIntervalMinutes: number;
  /** Worker threads that analyse speech texts (`TOCSIN_ANALYSIS_WORKERS`, default cores − 1, 1 to 4). */
  analysisWorkers: number | undefined;
  /** Requests per minute on the heavy endpoints, per credential and per client address (0: no limit). */
  rateLimits: RateLimits;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (`TOCSIN_TRUST_PROXY`: a
   * number of hops, or a comma-separated list of addresses and CIDR ranges; default none, the
   * socket's address). Per-address limits need it behind a reverse proxy, or every client shares
   * the proxy's address.
   */
  trustProxy: number | string[] | false;
}

/** Limits of one heavy endpoint, requests per minute. */
export interface RateLimit {
  perToken: number;
  perAddress: number;
}

/** Rate limits of the heavy endpoints (issue 14 point 9). */
export interface RateLimits {
  /** `POST /api/speech/items` (`TOCSIN_RATE_SPEECH_TOKEN`, default 12; `TOCSIN_RATE_SPEECH_ADDRESS`, default 30). */
  speechIngest: RateLimit;
  /** PDF briefs not in the cache (`TOCSIN_RATE_BRIEF_TOKEN`, default 10; `TOCSIN_RATE_BRIEF_ADDRESS`, default 20). */
  pdfBrief: RateLimit;
}

/** A whole number ≥ 0 from the environment, or the default when unset. */
function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return n;
}

function trustProxyFrom(raw: string | undefined): number | string[] | false {
  if (raw === undefined || raw.trim() === "") return false;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  const list = raw.split(",").map((s) => s.trim()).filter(Boolean);
  // A bare "true" would believe any client's X-Forwarded-For and let it pick its own address.
  if (list.some((s) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(s))) throw new RangeError(`TOCSIN_TRUST_PROXY must be a number of hops or a comma-separated list of addresses or CIDR ranges, got "${raw}"`);
  return list;
}

/**
 * Reads the configuration.
 * @throws {RangeError} when PORT is not a port number
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === "" ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`PORT must be a whole number from 0 to 65535, got "${env.PORT}"`);
  const alertIntervalMinutes = env.TOCSIN_ALERT_INTERVAL_MINUTES === undefined || env.TOCSIN_ALERT_INTERVAL_MINUTES === "" ? 15 : Number(env.TOCSIN_ALERT_INTERVAL_MINUTES);
  if (!Number.isFinite(alertIntervalMinutes) || alertIntervalMinutes < 0) {
    throw new RangeError(`TOCSIN_ALERT_INTERVAL_MINUTES must be a number of minutes ≥ 0, got "${env.TOCSIN_ALERT_INTERVAL_MINUTES}"`);
  }
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  return {
    home: resolve(env.TOCSIN_HOME || ".tocsin"),
    databaseUrl: env.DATABASE_URL || undefined,
    host: env.HOST || "127.0.0.1",
    port,
    mirror: resolveMirror(env),
    logLevel: env.LOG_LEVEL || "info",
    version: pkg.version,
    webDir: join(REPO_ROOT, "web", "dist"),
    alertIntervalMinutes,
    analysisWorkers: env.TOCSIN_ANALYSIS_WORKERS ? Math.max(1, count(env, "TOCSIN_ANALYSIS_WORKERS", 1)) : undefined,
    rateLimits: {
      speechIngest: { perToken: count(env, "TOCSIN_RATE_SPEECH_TOKEN", 12), perAddress: count(env, "TOCSIN_RATE_SPEECH_ADDRESS", 30) },
      pdfBrief: { perToken: count(env, "TOCSIN_RATE_BRIEF_TOKEN", 10), perAddress: count(env, "TOCSIN_RATE_BRIEF_ADDRESS", 20) },
    },
    trustProxy: trustProxyFrom(env.TOCSIN_TRUST_PROXY),
  };
}
