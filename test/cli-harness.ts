/**
 * Runs `tocsin` commands in this test process (no child process, no store open per command): each
 * TOCSIN_HOME (or DATABASE_URL) gets one store, opened on its first command and kept until
 * `closeCliStores()`, as a long-lived process would keep it. Subprocess tests remain for what only
 * a real process shows (signals, exit codes of the binary, stdin of a terminal): test/security/cli.test.ts.
 */
import { Readable } from "node:stream";
import { openConfiguredStore } from "../src/app.ts";
import type { Config } from "../src/config.ts";
import type { Store } from "../src/infra/store/database.ts";
import { processIo, type CliIo } from "../src/interfaces/cli/io.ts";
import { runCli } from "../src/interfaces/cli/run.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const stores = new Map<string, Promise<Store>>();

function sharedStore(config: Config): Promise<Store> {
  const key = config.databaseUrl ?? config.home;
  let store = stores.get(key);
  if (!store) {
    store = openConfiguredStore(config);
    stores.set(key, store);
  }
  // Commands close what they open; the shared store outlives them and is closed by closeCliStores().
  return store.then((s) => ({ ...s, close: async () => {} }));
}

/** Closes every store the in-process commands opened. */
export async function closeCliStores(): Promise<void> {
  const open = [...stores.values()];
  stores.clear();
  for (const s of open) await (await s).close();
}

/**
 * Runs `tocsin ...args` in-process.
 * @param options.env variables over the process's own (undefined removes one)
 * @param options.stdin text on standard input
 */
export async function tocsinInProcess(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const env = { ...process.env, ...options.env } as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const cliIo: CliIo = {
    env,
    stdout: { write: (s: string | Uint8Array) => ((stdout += String(s)), true) },
    stderr: { write: (s: string | Uint8Array) => ((stderr += String(s)), true) },
    stdin: Object.assign(Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]), { isTTY: false }),
    setExitCode: processIo.setExitCode,
    openStore: sharedStore,
  };
  const code = await runCli(args, cliIo);
  return { code, stdout, stderr };
}
