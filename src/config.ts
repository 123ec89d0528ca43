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
  };
}
