import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { keyFilePath, openConfiguredStore, protectionFor } from "../../app.ts";
import { loadInstanceKey } from "../../infra/secrets/instance-key.ts";
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
        const signer = loadInstanceKey(keyFilePath(config));
        const m = await exportEvidence(store, { ...protectionFor(config, store), signer }, reportId, resolve(opts.out));
        io().stderr.write(`wrote ${opts.out}: ${m.attachments.length} originals, ${m.custody.length} custody entries\n`);
        io().stdout.write(`${JSON.stringify({ out: resolve(opts.out), attachments: m.attachments.length, custody: m.custody.length, chainHead: m.chainHead })}\n`);
      } finally {
        await store.close();
      }
    });
  group
    .command("verify")
    .description("check a bundle offline: the instance's signature, file hashes, custody entries and their chain links, rows against custody; exits 3 when anything fails")
    .argument("<bundle>", "the tar file")
    .option("--public-key <file>", "PEM public key of the instance that signed the bundle (default: this instance's own keys, current and retired)")
    .action(async (bundle: string, opts: { publicKey?: string }) => {
      const trusted = opts.publicKey ? [readFileSync(resolve(opts.publicKey), "utf8")] : loadInstanceKey(keyFilePath(cliConfig()), { create: false }).publicKeys;
      const check = await verifyEvidenceBundle(resolve(bundle), trusted);
      io().stdout.write(`${JSON.stringify(check)}\n`);
      if (!check.ok) {
        io().stderr.write(`evidence verify FAILED:\n${check.problems.map((p) => `  - ${p}`).join("\n")}\n`);
        io().setExitCode(3);
      } else io().stderr.write(`evidence verify ok: signed by ${check.signedBy}; ${check.files} originals, ${check.custodyEntries} custody entries\n`);
    });
}
