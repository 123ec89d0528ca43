import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DecryptionError, Keyring, loadKeyring } from "./keyring.ts";

const where = { table: "reports", rowId: "r1", column: "reporter_secret" };

test("Keyring encrypts with AES-256-GCM bound to row and column", () => {
  const ring = Keyring.generate();
  const env = ring.encrypt("Jane Witness", where);
  assert.ok(!env.includes("Jane"));
  assert.equal(ring.decrypt(env, where), "Jane Witness");
  assert.throws(() => ring.decrypt(env, { ...where, rowId: "r2" }), DecryptionError);
  assert.throws(() => ring.decrypt(env, { ...where, column: "location_secret" }), DecryptionError);
  const parts = env.split(".");
  parts[4] = Buffer.from("tampered!!").toString("base64url");
  assert.throws(() => ring.decrypt(parts.join("."), where), DecryptionError);
});

test("a rotated keyring reads old ciphertexts and writes with the new key", () => {
  const old = Keyring.generate();
  const env = old.encrypt("x", where);
  const next = old.withNewCurrent(randomBytes(32));
  assert.equal(next.decrypt(env, where), "x");
  assert.equal(Keyring.envelopeKeyId(next.encrypt("x", where)), next.currentId);
  assert.throws(() => next.onlyCurrent().decrypt(env, where), DecryptionError);
  assert.ok(!JSON.stringify(next).includes(Buffer.from("x").toString("base64")), "toJSON carries ids only");
});

test("loadKeyring() creates a 0600 key file once and reads it back; env keys win", () => {
  const dir = mkdtempSync(join(tmpdir(), "tocsin-keys-"));
  try {
    const file = join(dir, "k.json");
    const a = loadKeyring({ keyFile: file });
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(loadKeyring({ keyFile: file }).currentId, a.currentId);
    const env = loadKeyring({ keyFile: file, envKeys: randomBytes(32).toString("base64") });
    assert.notEqual(env.currentId, a.currentId);
    assert.throws(() => loadKeyring({ keyFile: file, envKeys: "c2hvcnQ=" }), RangeError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
