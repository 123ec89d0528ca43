import type { Command } from "commander";
import { createServer, createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { firstRunImport } from "./first-run.ts";

/** `tocsin start`: open the store, import public data on first run, serve API and dashboard. */
export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("serve the API and dashboard (http://127.0.0.1:8080 by default; PORT, HOST, TOCSIN_HOME, DATABASE_URL)")
    .option("--no-import", "skip the first-run import of public data")
    .action(async (opts: { import: boolean }) => {
      const config = loadConfig();
      process.stderr.write(`Tocsin ${config.version}: store ${config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${config.home}`}\n`);
      const tocsin = await createTocsin(config);
      if (opts.import) await firstRunImport(tocsin);
      const server = await createServer(tocsin);
      let closing = false;
      const shutdown = async (signal: string) => {
        if (closing) return;
        closing = true;
        process.stderr.write(`\n${signal}: shutting down…\n`);
        await server.close();
        await tocsin.close();
        process.stderr.write("stopped cleanly\n");
      };
      await new Promise<void>((resolve, reject) => {
        process.once("SIGINT", () => shutdown("SIGINT").then(resolve, reject));
        process.once("SIGTERM", () => shutdown("SIGTERM").then(resolve, reject));
        server.listen({ host: config.host, port: config.port }).then(
          (address) => process.stderr.write(`Tocsin is serving the dashboard and API on ${address.replace("127.0.0.1", "127.0.0.1")} (API docs: ${address}/api/docs)\n`),
          reject,
        );
      });
    });
}
