import { resolve } from "node:path";
import type { Command } from "commander";
import { openConfiguredStore, protectionFor } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { exportEvidence, verifyEvidenceBundle } from "../../services/evidence.service.ts";
import { cliConfig, io } from "./io.ts";

/** `tocsin evidence export|verify`: evidence bundles for courts and investigators. */
export function registerEvidenceCommands(program: Command): void {
  const group = program.command("evidence").description("export and verify evidence bundles");
  group
    .command("export")
    .description("write a report's originals, manifest (hashes, capture and custody times) and custody log as a tar file")
    .argument("<reportId>", "the report's id")
    .requiredOption("--out <file>", "the tar file to write")
    .action(async (reportId: string, opts: { out: string }) => {
      const config = cliConfig();
      const store = await io().openStore(config);
      try {
        const m = await exportEvidence(store, protectionFor(config, store), reportId, resolve(opts.out));
        io().stderr.write(`wrote ${opts.out}: ${m.attachments.length} originals, ${m.custody.length} custody entries\n`);
        io().stdout.write(`${JSON.stringify({ out: resolve(opts.out), attachments: m.attachments.length, custody: m.custody.length, chainHead: m.chainHead })}\n`);
      } finally {
        await store.close();
      }
    });
  group
    .command("verify")
    .description("check a bundle offline: file hashes, custody-entry hashes, rows against custody; exits 3 when anything fails")
    .argument("<bundle>", "the tar file")
    .action(async (bundle: string) => {
      const check = await verifyEvidenceBundle(resolve(bundle));
      io().stdout.write(`${JSON.stringify(check)}\n`);
      if (!check.ok) {
        io().stderr.write(`evidence verify FAILED:\n${check.problems.map((p) => `  - ${p}`).join("\n")}\n`);
        io().setExitCode(3);
      } else io().stderr.write(`evidence verify ok: ${check.files} originals, ${check.custodyEntries} custody entries\n`);
    });
}
