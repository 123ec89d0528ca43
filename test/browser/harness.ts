/**
 * What the browser tests and `bench/web.ts` share: a real Tocsin server on loopback holding the full
 * EWP data and a quick forecast run, the built dashboard, and a headless Debian Chromium driven by
 * playwright-core with the flags CI uses.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { chromium, type BrowserContext } from "playwright-core";
import { createServer, createTocsin, type Tocsin } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { EWP_IMPORT_FILES } from "../../src/infra/importers/ewp-source.ts";
import { resolveMirror } from "../../src/infra/importers/mirror.ts";
import type { PGlite } from "@electric-sql/pglite";
import { openStore } from "../../src/infra/store/database.ts";
import { openTestStore } from "../../src/infra/store/testing.ts";
import { cached, cachedSync, treeHash } from "../cache.ts";
import { importEwp } from "../../src/services/ewp-import.service.ts";
import { runForecast } from "../../src/services/forecast.service.ts";

/** The repository root (two folders up from this file). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Debian's Chromium; the tests skip when it is missing. */
export const CHROMIUM = process.env.TOCSIN_CHROMIUM || "/usr/bin/chromium";
/** Where screenshots and other artifacts of a test run go (gitignored). */
export const ARTIFACTS = join(REPO_ROOT, "test-artifacts");

/**
 * Why the browser suite cannot run here, or `false` when it can.
 * @returns a skip message naming what is missing, or false
 */
export function browserSkipReason(): string | false {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (install Debian's chromium or set TOCSIN_CHROMIUM)`;
  const mirror = resolveMirror();
  if (!mirror || !existsSync(join(mirror, EWP_IMPORT_FILES.predictors))) return "no data mirror with the EWP files (set TOCSIN_MIRROR)";
  return false;
}

/** Where this process's `buildWeb()` put the dashboard (undefined before it ran). */
let builtWebDir: string | undefined;

/**
 * Builds the dashboard with `npm run build:web` (≈ 5–10 s) once per version of its sources: the
 * output is a cache entry named by a hash of `web/`, the domain it imports and the lockfile, shared
 * by every test file of a run (and later runs). An entry is never rewritten, so test files running
 * in parallel never replace each other's hashed assets under a live server.
 * @returns the folder
 * @throws {Error} with vite's output when the build fails
 */
export function buildWeb(): string {
  const key = treeHash([join(REPO_ROOT, "web"), join(REPO_ROOT, "src", "domain"), join(REPO_ROOT, "package-lock.json")]);
  builtWebDir = cachedSync(`web-${key}`, (outDir) => {
    const result = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build:web", "--silent", "--", "--outDir", outDir, "--emptyOutDir"], { cwd: REPO_ROOT, encoding: "utf8" });
    if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
  });
  return builtWebDir;
}

/**
 * A PGlite image holding the migrated schema, the full EWP table and episode list from the mirror
 * and (unless `forecast` is false) one `ewp-glmnet` forecast run: made once per version of the
 * sources, the mirror files and the options, then loaded by every test server (each its own copy).
 */
async function seededImage(mirror: string, options: { forecast?: boolean; resamples?: number }): Promise<Blob> {
  const files = [EWP_IMPORT_FILES.predictors, EWP_IMPORT_FILES.episodes].map((f) => join(mirror, f));
  const key = treeHash([join(REPO_ROOT, "src"), ...files], [JSON.stringify({ forecast: options.forecast !== false, resamples: options.resamples ?? 5 })]);
  const path = await cached(`seeded-store-${key}.tar`, async (partial) => {
    const tocsin = await createTocsin({ ...loadConfig({}) }, { store: await openTestStore("pglite") });
    await importEwp(tocsin.store, tocsin.registry, { predictors: files[0]!, episodes: files[1]! });
    if (options.forecast !== false) await runForecast(tocsin.store, { modelId: "ewp-glmnet", resamples: options.resamples ?? 5 });
    const image = await (tocsin.store.db as unknown as { $client: PGlite }).$client.dumpDataDir("none");
    await tocsin.close();
    writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
  });
  return new Blob([readFileSync(path)]);
}

/** A running Tocsin with EWP data and one forecast run, and its address. */
export interface TestServer {
  tocsin: Tocsin;
  app: FastifyInstance;
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts Tocsin on 127.0.0.1 (a free port) with an in-memory PGlite store, the full EWP table and
 * episode list from the mirror, and an `ewp-glmnet` forecast with `resamples` bootstrap refits.
 * @param options.port port to listen on (default: a free one)
 * @param options.forecast false to skip the forecast run (the world view then says none is computed)
 */
export async function startTestServer(options: { forecast?: boolean; resamples?: number; port?: number } = {}): Promise<TestServer> {
  const mirror = resolveMirror();
  if (!mirror) throw new Error("no data mirror");
  const config = { ...loadConfig({}), webDir: builtWebDir ?? join(REPO_ROOT, "web", "dist") };
  const store = await openStore({ dataDir: "memory://", loadDataDir: await seededImage(mirror, options) });
  const tocsin = await createTocsin(config, { store });
  const app = await createServer(tocsin, { logLevel: false });
  await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("server has no TCP address");
  return {
    tocsin,
    app,
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await tocsin.close();
    },
  };
}

/** A headless Chromium with a fresh, empty profile; `close()` removes the profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium headless with the CI flags and a new empty `--user-data-dir`
 * (a persistent context, so the profile is exactly that folder).
 * @param options.viewport page size, default 1280×900
 */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "tocsin-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The artifacts folder, created when missing.
 * @returns its absolute path
 */
export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
