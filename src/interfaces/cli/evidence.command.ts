import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { keyFilePath, openConfiguredStore, protectionFor } from "../../app.ts";
import { loadInstanceKey } from "../../infra/secrets/instance-key.ts";
import { loadConfig } from "../../config.ts";
import { exportEvidence, verifyEvidenceBundle } from "../../services/evidence.service.ts";

/** `tocsin evidence export|verify`: evidence bundles for courts and investigators. */
export function registerEvidenceCommands(program: Command): void {
  const group = program.command("evidence").description("export and verify evidence bundles");
  group
    .command("export")
    .description("write a report's originals, manifest (hashes, capture and custody times) and custody log as a tar file")
    .argument("<reportId>", "the report's id")
    .requiredOption("--out <file>", "the tar file to write")
    .action(async (reportId: string, opts: { out: string }) => {
      const config = loadConfig();
      const store = await openConfiguredStore(config);
      try {
        const signer = loadInstanceKey(keyFilePath(config));
        const m = await exportEvidence(store, { ...protectionFor(config, store), signer }, reportId, resolve(opts.out));
        process.stderr.write(`wrote ${opts.out}: ${m.attachments.length} originals, ${m.custody.length} custody entries\n`);
        process.stdout.write(`${JSON.stringify({ out: resolve(opts.out), attachments: m.attachments.length, custody: m.custody.length, chainHead: m.chainHead })}\n`);
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
      const trusted = opts.publicKey ? [readFileSync(resolve(opts.publicKey), "utf8")] : loadInstanceKey(keyFilePath(loadConfig()), { create: false }).publicKeys;
      const check = await verifyEvidenceBundle(resolve(bundle), trusted);
      process.stdout.write(`${JSON.stringify(check)}\n`);
      if (!check.ok) {
        process.stderr.write(`evidence verify FAILED:\n${check.problems.map((p) => `  - ${p}`).join("\n")}\n`);
        process.exitCode = 3;
      } else process.stderr.write(`evidence verify ok: signed by ${check.signedBy}; ${check.files} originals, ${check.custodyEntries} custody entries\n`);
    });
}
