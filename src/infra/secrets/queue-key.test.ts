import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { webcrypto } from "node:crypto";
import { sealReport } from "../../../web/src/lib/sealed-report.ts";
import { loadQueueKey, SealedReportError } from "./queue-key.ts";

test("a report sealed with WebCrypto opens only on the server, only under its Idempotency-Key", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tocsin-queue-"));
  try {
    const file = join(dir, "keys.json");
    const key = loadQueueKey(file);
    assert.equal(loadQueueKey(file).publicKey, key.publicKey, "created once, then read back");
    assert.ok(!readFileSync(file, "utf8").includes("Aung"), "sanity");
    const body = { description: "Houses burned near the market", reporter: { name: "Aung Kyaw", contact: "+95 9 7712 3344" } };
    const sealed = await sealReport(body, "key-12345678", { kid: key.kid, publicKey: key.publicKey }, webcrypto.subtle as unknown as SubtleCrypto);
    const stored = JSON.stringify(sealed);
    for (const s of ["Houses", "Aung", "7712", "description"]) assert.ok(!stored.includes(s), `${s} readable in the sealed record`);
    assert.deepEqual(JSON.parse(key.open(sealed, "key-12345678")), body);
    assert.throws(() => key.open(sealed, "another-key-1"), SealedReportError);
    const flipped = { ...sealed, ct: Buffer.from(Buffer.from(sealed.ct, "base64").map((b, i) => (i === 3 ? b ^ 1 : b))).toString("base64") };
    assert.throws(() => key.open(flipped, "key-12345678"), SealedReportError);
    const other = loadQueueKey(join(dir, "other.json"));
    assert.throws(() => other.open(sealed, "key-12345678"), /unknown key/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
