/**
 * What a CLI command reads and writes besides its arguments: environment, standard streams, the exit
 * code and the store opener. In production these are the process's own; tests run commands
 * in-process with their own (`runCli` in main.ts), so a test pays neither a process start nor a
 * store open per command. Carried by AsyncLocalStorage so that commands need no extra parameter and
 * two in-process runs never see each other's streams.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Writable } from "node:stream";
import { createTocsin, openConfiguredStore, type Tocsin } from "../../app.ts";
import { loadConfig, type Config } from "../../config.ts";
import type { Store } from "../../infra/store/database.ts";

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Pick<Writable, "write"> & { isTTY?: boolean };
  stderr: Pick<Writable, "write"> & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Sets the exit code of the run (the process's, outside tests). */
  setExitCode(code: number): void;
  /** Opens the store a command works on; tests hand out one shared store per home. */
  openStore(config: Config): Promise<Store>;
}

/** The process's own streams, environment and configured store. */
export const processIo: CliIo = {
  get env() {
    return process.env;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  setExitCode: (code) => void (process.exitCode = code),
  openStore: (config) => openConfiguredStore(config),
};

const current = new AsyncLocalStorage<CliIo>();

/** The io of the command running now. */
export function io(): CliIo {
  return current.getStore() ?? processIo;
}

/** Runs `work` with `cliIo` as the commands' io. */
export function withIo<T>(cliIo: CliIo, work: () => Promise<T>): Promise<T> {
  return current.run(cliIo, work);
}

/** The configuration from the command's environment. */
export function cliConfig(): Config {
  return loadConfig(io().env);
}

/** Opens Tocsin for a command: configuration from its environment, store from its opener. */
export async function openTocsin(config: Config = cliConfig()): Promise<Tocsin> {
  const { env, openStore } = io();
  return createTocsin(config, { store: await openStore(config), env });
}
