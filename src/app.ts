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
import { BlobStore } from "./infra/store/blob-store.ts";
import { deliverOnLevelChange } from "./services/delivery.service.ts";
import { loadInstanceKey, type InstanceKey } from "./infra/secrets/instance-key.ts";
import { loadQueueKey, type QueueKey } from "./infra/secrets/queue-key.ts";

export interface Tocsin {
  config: Config;
  store: Store;
  registry: CountryRegistry;
  context: AppContext;
  close(): Promise<void>;
}

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
    async health() {
      // Counts in SQL: the health check is polled and must stay cheap.
      const counts = await new CountryRepository(store.db).countRows();
      return { countries: counts.countries, countryYears: counts.countryYears };
    },
  };
  return { config, store, registry, context, close: () => store.close() };
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
  return buildServer(tocsin.context, { webDir: tocsin.config.webDir, logLevel: tocsin.config.logLevel, ...options });
}
