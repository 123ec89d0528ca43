/**
 * The composition root: the one file that chooses implementations and wires them together
 * (store engine, registry, HTTP server). The CLI and the tests start Tocsin through here.
 */
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { countryRegistry, type CountryRegistry } from "./domain/country/registry.ts";
import { buildServer, type ServerOptions } from "./interfaces/http/server.ts";
import type { AppContext } from "./interfaces/http/context.ts";
import { openStore, type Store } from "./infra/store/database.ts";
import { CountryRepository } from "./infra/store/country.repository.ts";
import type { Config } from "./config.ts";
import { syncCountries } from "./services/country.service.ts";
import type { ProtectionContext } from "./interfaces/http/auth.ts";
import { loadKeyring, type Keyring } from "./infra/secrets/keyring.ts";
import { sealClearFields } from "./services/report-keys.service.ts";
import { BlobStore } from "./infra/store/blob-store.ts";
import { SpeechAnalysisPool } from "./infra/workers/speech-analysis-pool.ts";
import { deliverOnLevelChange } from "./services/delivery.service.ts";
import { loadInstanceKey, type InstanceKey } from "./infra/secrets/instance-key.ts";
import { loadQueueKey, type QueueKey } from "./infra/secrets/queue-key.ts";
import { enqueueJob, type JobEvent } from "./services/job.service.ts";
import { JobRunner } from "./interfaces/jobs/job-runner.ts";
import { outboxWorkerFromEnv } from "./interfaces/jobs/outbox-worker.ts";
import { tocsinJobs, type JobSettings, type RuntimeDeps } from "./interfaces/jobs/registry.ts";

export interface Tocsin {
  config: Config;
  store: Store;
  registry: CountryRegistry;
  context: AppContext;
  close(): Promise<void>;
}

/** Longest a health check waits for the store once it has answered before (ms). */
const HEALTH_WAIT_MS = 100;

/** Opens the store named by the configuration (PGlite under `home`, or `DATABASE_URL`). */
export async function openConfiguredStore(config: Config): Promise<Store> {
  return config.databaseUrl ? openStore({ databaseUrl: config.databaseUrl }) : openStore({ dataDir: join(config.home, "pglite") });
}

/**
 * Opens the store, keeps its country table in step with the registry, and assembles what the
 * adapters need.
 */
export async function createTocsin(config: Config, options: { store?: Store; env?: NodeJS.ProcessEnv } = {}): Promise<Tocsin> {
  const store = options.store ?? (await openConfiguredStore(config));
  const registry = countryRegistry();
  await syncCountries(store.db, registry);
  const protection = protectionFor(config, store, options.env ?? process.env);
  // Workers start on first use: a Tocsin that never ingests speech never starts one.
  const speechAnalysis = new SpeechAnalysisPool({ size: config.analysisWorkers });
  let lastCounts: { countries: number; countryYears: number } | undefined;
  let instanceKey: InstanceKey | undefined;
  let queueKey: QueueKey | undefined;
  const context: AppContext = {
    // The signing key is read (or created) on first use: exchange and the public key endpoint.
    instanceKey: () => (instanceKey ??= loadInstanceKey(keyFilePath(config, options.env ?? process.env))),
    // The key browsers seal queued reports to (issue 14 point 14).
    queueKey: () => (queueKey ??= loadQueueKey(keyFilePath(config, options.env ?? process.env))),
    protection,
    store,
    registry,
    version: config.version,
    // Every level change is delivered to its subscribers through the outbox, in the same transaction.
    onLevelChange: deliverOnLevelChange,
    speechAnalysis,
    rateLimits: config.rateLimits,
    async health() {
      // Counts in SQL: the health check is polled and must stay cheap.
      const query = new CountryRepository(store.db).countRows().then((c) => (lastCounts = { countries: c.countries, countryYears: c.countryYears }));
      if (!lastCounts) return query;
      // PGlite runs one transaction at a time: while a long one holds it (the largest speech batch
      // takes seconds to store), health answers with the last counts instead of waiting.
      query.catch(() => undefined);
      const previous = lastCounts;
      let timer: NodeJS.Timeout | undefined;
      const busy = new Promise<typeof previous>((resolve) => (timer = setTimeout(() => resolve(previous), HEALTH_WAIT_MS)));
      try {
        return await Promise.race([query, busy]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return {
    config, store, registry, context,
    async close() {
      await speechAnalysis.close();
      await store.close();
    },
  };
}

/** Where the key file lives: `TOCSIN_KEY_FILE`, else `<home>/secret-keys.json`. */
export function keyFilePath(config: Config, env: NodeJS.ProcessEnv = process.env): string {
  return env.TOCSIN_KEY_FILE || join(config.home, "secret-keys.json");
}

/**
 * The security services: keyring (loaded on first use, so a key file is created only when a
 * protected field is first written or read), content-addressed evidence files under
 * `<home>/evidence`, and cookie settings.
 */
export function protectionFor(config: Config, store: Store, env: NodeJS.ProcessEnv = process.env): ProtectionContext {
  let ring: Keyring | undefined;
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(config.host);
  return {
    store,
    keyring: () => (ring ??= loadKeyring({ envKeys: env.TOCSIN_SECRET_KEY, keyFile: keyFilePath(config, env) })),
    blobs: new BlobStore(join(config.home, "evidence")),
    secureCookies: env.TOCSIN_SECURE_COOKIES ? env.TOCSIN_SECURE_COOKIES === "1" : !loopback,
  };
}

/** Builds the HTTP server for a running Tocsin. */
export function createServer(tocsin: Tocsin, options: ServerOptions = {}): Promise<FastifyInstance> {
  return buildServer(tocsin.context, { webDir: tocsin.config.webDir, logLevel: tocsin.config.logLevel, trustProxy: tocsin.config.trustProxy, ...options });
}

/** Folders searched for public data, in order: the mirror, then files pulled into TOCSIN_HOME. */
export function dataDirs(config: Config): string[] {
  return [config.mirror, join(config.home, "data")].filter((d): d is string => Boolean(d));
}

/** A running Tocsin: HTTP server plus the background jobs. */
export interface TocsinRuntime {
  tocsin: Tocsin;
  server: FastifyInstance;
  runner: JobRunner<RuntimeDeps>;
  /** The address the server listens on. */
  address: string;
  /** E-mail delivery configured (`TOCSIN_SMTP_URL`). */
  email: boolean;
  /** Stops the jobs (runs in flight are given back), the server, and closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Import the mirror's public data (default true). */
  import?: boolean;
  /** Compute missing forecasts (default true). */
  forecast?: boolean;
  /** An already opened store (tests); otherwise the configured one. */
  store?: Store;
  env?: NodeJS.ProcessEnv;
  /** Where the background's log lines go (default stderr). */
  log?: (line: string) => void;
  /** Progress of long imports (label, done, total). */
  progress?: (label: string, done?: number, total?: number) => void;
  /** Job runner poll period (default 1000 ms). */
  pollMs?: number;
}

/**
 * Starts Tocsin as a server (issue 13, part 3): opens the store, serves the API and dashboard, and
 * runs every background job of the registry (outbox, alert clock, mirror import, forecasts) through
 * the one durable job runner, so any number of replicas can run on one PostgreSQL.
 * @throws {Error} when the store cannot be opened or the port is taken
 */
export async function startTocsin(config: Config, options: StartOptions = {}): Promise<TocsinRuntime> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const tocsin = await createTocsin(config, { store: options.store, env });
  if (tocsin.context.protection) {
    // Values stored in clear before their column was encrypted (an upgrade) are sealed before
    // anyone can read them; nothing to do, and no key file created, on a current store.
    const sealed = await sealClearFields(tocsin.store, tocsin.context.protection.keyring);
    if (sealed.rows > 0) log(`sealed ${sealed.fields} field(s) of ${sealed.rows} row(s) stored in clear before this version`);
  }
  const outbox = tocsin.context.protection ? outboxWorkerFromEnv(tocsin.context.protection, env) : null;
  const settings: JobSettings = { alertIntervalMinutes: config.alertIntervalMinutes, import: options.import ?? true, forecast: options.forecast ?? true };
  const jobs = tocsinJobs(settings);
  let runner: JobRunner<RuntimeDeps> | null = null;
  const deps: RuntimeDeps = {
    store: tocsin.store,
    registry: tocsin.registry,
    onLevelChange: tocsin.context.onLevelChange,
    dataDirs: dataDirs(config),
    log,
    progress: options.progress,
    drainOutbox: outbox ? async (signal) => ({ ...(await outbox.worker.drain(signal)) }) : null,
    keyring: tocsin.context.protection ? tocsin.context.protection.keyring : null,
    async enqueue(name, key) {
      const job = jobs.find((j) => j.name === name);
      if (!job) return;
      await enqueueJob(tocsin.store, job, { key });
      runner?.poke();
    },
  };
  runner = new JobRunner(tocsin.store, jobs, deps, {
    pollMs: options.pollMs,
    onEvent: (event: JobEvent) => {
      if (event.kind === "failed") log(`job ${event.name} (${event.slot}) failed on attempt ${event.attempt}${event.willRetry ? ", will retry" : ", gave up"}: ${event.error}`);
      else if (event.kind === "lost") log(`job ${event.name} (${event.slot}): lease lost, another replica took it over`);
    },
    onError: (error) => log(`jobs: pass failed (${error.name}: ${error.message})`),
  });
  let server: FastifyInstance;
  let address: string;
  try {
    server = await createServer(tocsin);
    address = await server.listen({ host: config.host, port: config.port });
  } catch (error) {
    await outbox?.close();
    await tocsin.close();
    throw error;
  }
  runner.start();
  let closed: Promise<void> | null = null;
  return {
    tocsin,
    server,
    runner,
    address,
    email: outbox?.email ?? false,
    close: () =>
      (closed ??= (async () => {
        await server.close();
        await runner.stop();
        await outbox?.close();
        await tocsin.close();
      })()),
  };
}
