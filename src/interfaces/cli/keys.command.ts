import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { keyFilePath, openConfiguredStore } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { loadKeyring, saveKeyring } from "../../infra/secrets/keyring.ts";
import { reencryptAll } from "../../services/report-keys.service.ts";
import { cliConfig, io } from "./io.ts";

/** `tocsin keys rotate`: new field-encryption key, every protected field re-encrypted in one transaction. */
export function registerKeysCommands(program: Command): void {
  const group = program.command("keys").description("field-encryption keys");
  group
    .command("rotate")
    .description("add a new key to the key file, re-encrypt every protected field with it (one transaction), then drop the old keys")
    .option("--keep-old", "keep the old keys in the key file (to read backups made before the rotation)")
    .action(async (opts: { keepOld?: boolean }) => {
      const config = cliConfig();
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
