import type { Command } from "commander";
import { createServer, createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { outboxWorkerFromEnv } from "../jobs/outbox-worker.ts";
import { ensureForecasts, firstRunImport, recomputeAlerts } from "./first-run.ts";

/** `tocsin start`: open the store, import public data on first run, serve API and dashboard. */
export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("serve the API and dashboard (http://127.0.0.1:8080 by default; PORT, HOST, TOCSIN_HOME, DATABASE_URL)")
    .option("--no-import", "skip the first-run import of public data")
    .option("--no-forecast", "do not compute missing forecasts in the background")
    .action(async (opts: { import: boolean; forecast: boolean }) => {
      const config = loadConfig();
      process.stderr.write(`Tocsin ${config.version}: store ${config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${config.home}`}\n`);
      const tocsin = await createTocsin(config);
      if (opts.import) await firstRunImport(tocsin);
      const server = await createServer(tocsin);
      // Alert deliveries (webhooks, e-mail) go out from the durable outbox in the background.
      const outbox = tocsin.context.protection
        ? outboxWorkerFromEnv(tocsin.context.protection, process.env, { onError: (error) => process.stderr.write(`outbox: batch failed (${error.name})\n`) })
        : null;
      const background = new AbortController();
      // Levels are recomputed on a clock (see Config.alertIntervalMinutes); one run at a time.
      let recomputing = false;
      const alertTimer = config.alertIntervalMinutes > 0
        ? setInterval(() => {
            if (recomputing || background.signal.aborted) return;
            recomputing = true;
            recomputeAlerts(tocsin, background.signal)
              .catch((error: Error) => {
                if (!background.signal.aborted) process.stderr.write(`alert recomputation failed: ${error.name}\n`);
              })
              .finally(() => (recomputing = false));
          }, config.alertIntervalMinutes * 60_000)
        : null;
      alertTimer?.unref();
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        process.stderr.write(`\n${signal}: shutting down…\n`);
        background.abort();
        if (alertTimer) clearInterval(alertTimer);
        await server.close();
        // The send in flight finishes; claimed, unsent deliveries go back to the queue.
        await outbox?.close();
        await tocsin.close();
        process.stderr.write("stopped cleanly\n");
      };
      await new Promise<void>((resolve, reject) => {
        process.once("SIGINT", () => shutdown("SIGINT").then(resolve, reject));
        process.once("SIGTERM", () => shutdown("SIGTERM").then(resolve, reject));
        server.listen({ host: config.host, port: config.port }).then((address) => {
          process.stderr.write(`Tocsin is serving the dashboard and API on ${address} (API docs: ${address}/api/docs)\n`);
          if (outbox) {
            outbox.worker.start();
            process.stderr.write(`alert delivery: webhooks on, e-mail ${outbox.email ? "on" : "off (set TOCSIN_SMTP_URL)"}\n`);
          }
          if (opts.forecast) {
            ensureForecasts(tocsin, background.signal).catch((error: Error) => {
              if (!background.signal.aborted) process.stderr.write(`forecast failed: ${error.message}\n`);
            });
          }
        }, reject);
      });
    });
}
