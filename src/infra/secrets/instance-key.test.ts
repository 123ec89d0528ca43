import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { checkSignature, fingerprint } from "../../domain/signing/signature.ts";
import { loadInstanceKey, rotateInstanceKey } from "./instance-key.ts";
import { loadKeyring, saveKeyring } from "./keyring.ts";
import { loadQueueKey } from "./queue-key.ts";

test("instance key: created once beside the field keys, rotated with old public keys kept, sections never clobber each other", () => {
  const dir = mkdtempSync(join(tmpdir(), "tocsin-ikey-"));
  try {
    const file = join(dir, "secret-keys.json");
    // Signing and queue keys first, field keys after: all three sections live together.
    const k1 = loadInstanceKey(file);
    loadQueueKey(file);
    const ring = loadKeyring({ keyFile: file });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(loadInstanceKey(file).fingerprint, k1.fingerprint, "read back, not re-created");
    const data = Buffer.from("manifest");
    const sig = k1.sign(data);
    assert.equal(sig.keyFingerprint, fingerprint(k1.publicKeyPem));
    // Field-key rotation keeps the signing section; signing rotation keeps the field keys.
    saveKeyring(ring.withNewCurrent(Buffer.alloc(32, 9)), file);
    const k2 = rotateInstanceKey(file);
    const whole = JSON.parse(readFileSync(file, "utf8"));
    assert.ok(whole.current && whole.keys && whole.queue && whole.signing);
    assert.equal(loadKeyring({ keyFile: file }).ids.length, 2);
    assert.notEqual(k2.fingerprint, k1.fingerprint);
    assert.deepEqual(k2.retired.map((r) => r.fingerprint), [k1.fingerprint]);
    assert.ok(!JSON.stringify(whole.signing.retired).includes("PRIVATE KEY"), "the old private key is gone");
    assert.deepEqual(checkSignature(k2.publicKeys, data, sig), { ok: true, fingerprint: k1.fingerprint }, "old signatures still verify");
    assert.equal(checkSignature([k2.publicKeyPem], data, sig).ok, false);
    assert.deepEqual(JSON.parse(JSON.stringify(k2)), { fingerprint: k2.fingerprint, retired: 1 }, "no key material in JSON");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
