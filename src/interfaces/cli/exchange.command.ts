import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { keyFilePath, openConfiguredStore } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { loadInstanceKey } from "../../infra/secrets/instance-key.ts";
import { addPartner, ExchangeRefusedError, exportExchange, importExchange, listPartners } from "../../services/exchange.service.ts";
import { cliConfig, io } from "./io.ts";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `tocsin partners add|list` (the registry of instances whose bundles are accepted) and
 * `tocsin exchange export|import` (signed bundles between instances), run by the operator.
 */
export function registerExchangeCommands(program: Command): void {
  const partners = program.command("partners").description("partner instances whose signed exchange bundles this instance accepts");
  partners
    .command("add")
    .description("register a partner instance's public key after comparing its fingerprint with the partner (by phone, in person)")
    .requiredOption("--name <name>", "the partner's name")
    .requiredOption("--public-key <file>", "the partner's Ed25519 public key (PEM, from their `tocsin keys show`)")
    .requiredOption("--confirm-fingerprint <fp>", "the SHA-256 fingerprint the partner read out to you; must match the key")
    .option("--confirmed-by <name>", "who compared the fingerprint with the partner (shown on the partners page and audited)")
    .action(async (opts: { name: string; publicKey: string; confirmFingerprint: string; confirmedBy?: string }) => {
      const pem = readFileSync(resolve(opts.publicKey), "utf8");
      const store = await io().openStore(cliConfig());
      try {
        const p = await addPartner(store, { name: opts.name, publicKeyPem: pem, confirmFingerprint: opts.confirmFingerprint, by: opts.confirmedBy?.trim() ? `operator:${opts.confirmedBy.trim().slice(0, 200)}` : "cli" });
        io().stderr.write(`partner ${p.name} added (SHA256:${p.fingerprint})\n`);
        io().stdout.write(`${JSON.stringify({ id: p.id, name: p.name, fingerprint: p.fingerprint })}\n`);
      } finally {
        await store.close();
      }
    });
  partners
    .command("list")
    .description("list registered partner instances")
    .action(async () => {
      const store = await io().openStore(cliConfig());
      try {
        for (const p of await listPartners(store)) io().stdout.write(`${JSON.stringify({ id: p.id, name: p.name, fingerprint: p.fingerprint, confirmedAt: p.confirmedAt })}\n`);
      } finally {
        await store.close();
      }
    });

  const exchange = program.command("exchange").description("signed exchange bundles between Tocsin instances");
  exchange
    .command("export")
    .description("sign a bundle of alerts, reviewed or published assessments and verified reports (redacted by rule) from one organisation for a partner instance")
    .requiredOption("--organisation <id>", "the sending organisation's id")
    .requiredOption("--partner <name>", "who the bundle is for (recorded in the bundle and the audit)")
    .option("--alert <id>", "an alert to include (repeatable)", collect)
    .option("--assessment <id>", "a reviewed or published assessment version to include (repeatable)", collect)
    .option("--report <id>", "a verified report to include (repeatable)", collect)
    .requiredOption("--out <file>", "where to write the signed bundle")
    .action(async (opts: { organisation: string; partner: string; alert?: string[]; assessment?: string[]; report?: string[]; out: string }) => {
      const config = cliConfig();
      const signer = loadInstanceKey(keyFilePath(config));
      const store = await io().openStore(config);
      try {
        const { text, bundle } = await exportExchange(store, { organisationId: opts.organisation, actor: "cli" }, signer, { partner: opts.partner, alertIds: opts.alert, assessmentIds: opts.assessment, reportIds: opts.report });
        writeFileSync(resolve(opts.out), text, { mode: 0o600 });
        io().stderr.write(`wrote ${opts.out}: ${bundle.items.length} items, signed by SHA256:${signer.fingerprint}\n`);
        io().stdout.write(`${JSON.stringify({ bundleId: bundle.bundleId, items: bundle.items.length })}\n`);
      } finally {
        await store.close();
      }
    });
  exchange
    .command("import")
    .description("import a partner's signed bundle into one organisation; refused (exit 3, nothing written) when tampered, replayed, invalid or from an unknown signer")
    .argument("<file>", "the signed bundle")
    .requiredOption("--organisation <id>", "the receiving organisation's id")
    .action(async (file: string, opts: { organisation: string }) => {
      const text = readFileSync(resolve(file), "utf8");
      const store = await io().openStore(cliConfig());
      try {
        const result = await importExchange(store, { organisationId: opts.organisation, actor: "cli" }, text);
        io().stderr.write(`imported ${result.items} items from ${result.partner}\n`);
        io().stdout.write(`${JSON.stringify(result)}\n`);
      } catch (error) {
        if (!(error instanceof ExchangeRefusedError)) throw error;
        io().stderr.write(`exchange import REFUSED (${error.code}): ${file}: ${error.message}\n`);
        io().setExitCode(3);
      } finally {
        await store.close();
      }
    });
}
