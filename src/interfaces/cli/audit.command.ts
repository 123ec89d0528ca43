import type { Command } from "commander";
import { openConfiguredStore, protectionFor } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { verifyAudit } from "../../services/audit.service.ts";
import { cliConfig, io } from "./io.ts";

/** `tocsin audit verify`: recompute the hash chain and every audited row; exit 3 on the first break. */
export function registerAuditCommands(program: Command): void {
  const group = program.command("audit").description("the tamper-evident audit log");
  group
    .command("verify")
    .description("recompute the audit hash chain, every audited row's hash and every evidence file; exits 3 naming the first broken entry")
    .option("--no-files", "skip re-hashing the evidence files")
    .action(async (opts: { files: boolean }) => {
      const config = cliConfig();
      const store = await io().openStore(config);
      try {
        const result = await verifyAudit(store, { blobs: opts.files ? protectionFor(config, store).blobs : undefined });
        io().stdout.write(`${JSON.stringify(result)}\n`);
        if (!result.ok) {
          const b = result.firstBreak!;
          io().stderr.write(`audit verify FAILED: ${b.seq !== undefined ? `entry ${b.seq}: ` : ""}${b.reason}\n`);
          io().setExitCode(3);
        } else {
          io().stderr.write(`audit verify ok: ${result.entries} entries, ${result.rowsChecked} rows, ${result.blobsChecked} files; head ${result.headHash}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
