import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { keyFilePath, openConfiguredStore } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { loadInstanceKey, rotateInstanceKey } from "../../infra/secrets/instance-key.ts";
import { loadKeyring, saveKeyring } from "../../infra/secrets/keyring.ts";
import { reencryptAll } from "../../services/report-keys.service.ts";
import { cliConfig, io } from "./io.ts";

/**
 * `tocsin keys rotate`: new field-encryption key, every protected field re-encrypted in one
 * transaction; `keys rotate --signing`: new instance signing key; `keys show`: the signing key's
 * public half and fingerprint.
 */
export function registerKeysCommands(program: Command): void {
  const group = program.command("keys").description("field-encryption keys and the instance signing key");
  group
    .command("show")
    .description("print the instance's Ed25519 public key (PEM) and its SHA-256 fingerprint (created on first use); give both to partners and courts")
    .action(() => {
      const key = loadInstanceKey(keyFilePath(cliConfig()));
      io().stdout.write(key.publicKeyPem);
      io().stdout.write(`fingerprint SHA256:${key.fingerprint}\n`);
      for (const r of key.retired) io().stderr.write(`retired key SHA256:${r.fingerprint} (retired ${r.retiredAt}; still accepted by this instance's verify)\n`);
    });
  group
    .command("rotate")
    .description("add a new key to the key file, re-encrypt every protected field with it (one transaction), then drop the old keys; with --signing, rotate the instance signing key instead")
    .option("--keep-old", "keep the old keys in the key file (to read backups made before the rotation)")
    .option("--signing", "rotate the Ed25519 signing key: the old public key is kept for verification, its private key dropped")
    .action(async (opts: { keepOld?: boolean; signing?: boolean }) => {
      const config = cliConfig();
      if (opts.signing) {
        const key = rotateInstanceKey(keyFilePath(config));
        io().stderr.write(`new signing key SHA256:${key.fingerprint}; ${key.retired.length} retired public key(s) kept for verification\n`);
        io().stdout.write(`${JSON.stringify({ fingerprint: key.fingerprint, retired: key.retired.map((r) => r.fingerprint) })}\n`);
        return;
      }
      if (io().env.TOCSIN_SECRET_KEY) {
        throw new Error("TOCSIN_SECRET_KEY is set: `keys rotate` manages the key file only (TOCSIN_KEY_FILE or $TOCSIN_HOME/secret-keys.json); unset TOCSIN_SECRET_KEY to use it");
      }
      const file = keyFilePath(config);
      const old = loadKeyring({ keyFile: file }, { create: false });
      const next = old.withNewCurrent(randomBytes(32));
      // The new key is saved (alongside the old ones) before any row changes, so a crash at any
      // point leaves every ciphertext readable.
      saveKeyring(next, file);
      const store = await io().openStore(config);
      try {
        const result = await reencryptAll(store, next);
        if (!opts.keepOld) saveKeyring(next.onlyCurrent(), file);
        io().stderr.write(`rotated to key ${next.currentId}: ${result.fields} fields in ${result.rows} reports re-encrypted${opts.keepOld ? "; old keys kept" : "; old keys removed"}\n`);
        io().stdout.write(`${JSON.stringify({ keyId: next.currentId, ...result })}\n`);
      } finally {
        await store.close();
      }
    });
}
