import type { Command } from "commander";
import { startTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { createProgress } from "./progress.ts";

/** `tocsin start`: serve API and dashboard; the background work runs as durable jobs (see app.ts). */
export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("serve the API and dashboard (http://127.0.0.1:8080 by default; PORT, HOST, TOCSIN_HOME, DATABASE_URL)")
    .option("--no-import", "skip the import of the public-data mirror")
    .option("--no-forecast", "do not compute missing forecasts in the background")
    .action(async (opts: { import: boolean; forecast: boolean }) => {
      const config = loadConfig();
      process.stderr.write(`Tocsin ${config.version}: store ${config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${config.home}`}\n`);
      const progress = createProgress();
      const runtime = await startTocsin(config, { import: opts.import, forecast: opts.forecast, log: (line) => progress.done(line), progress: (label, done, total) => progress.update(label, done, total) });
      process.stderr.write(`Tocsin is serving the dashboard and API on ${runtime.address} (API docs: ${runtime.address}/api/docs)\n`);
      process.stderr.write(`background jobs: ${runtime.runner.jobNames().join(", ")}; alert e-mail ${runtime.email ? "on" : "off (set TOCSIN_SMTP_URL)"}\n`);
      await new Promise<void>((resolve, reject) => {
        const shutdown = (signal: string) => {
          process.stderr.write(`\n${signal}: shutting down…\n`);
          // Runs in flight are given back to the queue (or taken over by another replica).
          runtime.close().then(() => {
            process.stderr.write("stopped cleanly\n");
            resolve();
          }, reject);
        };
        process.once("SIGINT", () => shutdown("SIGINT"));
        process.once("SIGTERM", () => shutdown("SIGTERM"));
      });
    });
}
