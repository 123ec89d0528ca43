import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { keyFilePath, openConfiguredStore, protectionFor } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { loadInstanceKey } from "../../infra/secrets/instance-key.ts";
import { createAuditCheckpoint, verifyAudit, type AuditCheckpoint } from "../../services/audit.service.ts";
import { cliConfig, io } from "./io.ts";

/** `tocsin audit verify`: recompute the hash chain and every audited row; exit 3 on the first break. */
export function registerAuditCommands(program: Command): void {
  const group = program.command("audit").description("the tamper-evident audit log");
  group
    .command("verify")
    .description("recompute the audit hash chain, every audited row's hash and every evidence file; exits 3 naming the first broken entry")
    .option("--no-files", "skip re-hashing the evidence files")
    .option("--checkpoint <file...>", "exported checkpoints (from `audit checkpoint --out`) the chain must still match")
    .action(async (opts: { files: boolean; checkpoint?: string[] }) => {
      const config = cliConfig();
      const checkpoints = (opts.checkpoint ?? []).map((f) => {
        try {
          return JSON.parse(readFileSync(resolve(f), "utf8")) as AuditCheckpoint;
        } catch (error) {
          throw new Error(`${f}: not a checkpoint file (${(error as Error).message})`);
        }
      });
      const trustedKeys = loadInstanceKey(keyFilePath(config)).publicKeys;
      const store = await io().openStore(config);
      try {
        const result = await verifyAudit(store, { blobs: opts.files ? protectionFor(config, store).blobs : undefined, trustedKeys, checkpoints });
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
  group
    .command("checkpoint")
    .description("sign the chain's current head with the instance key and store it; --out also writes it to a file to keep elsewhere (run it regularly, e.g. daily from cron)")
    .option("--out <file>", "write the signed checkpoint as JSON")
    .action(async (opts: { out?: string }) => {
      const config = cliConfig();
      const signer = loadInstanceKey(keyFilePath(config));
      const store = await io().openStore(config);
      try {
        const c = await createAuditCheckpoint(store, signer);
        if (opts.out) writeFileSync(resolve(opts.out), `${JSON.stringify(c, null, 2)}\n`);
        io().stdout.write(`${JSON.stringify(c)}\n`);
        io().stderr.write(`checkpoint: entry ${c.seq} head ${c.headHash} signed by SHA256:${c.signature.keyFingerprint}\n`);
      } finally {
        await store.close();
      }
    });
}
