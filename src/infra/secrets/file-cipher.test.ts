import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { newDataKey, openFile, SealedFileError, sealFile } from "./file-cipher.ts";

const plain = Buffer.from("GPSLatitude=20.14159 original bytes");
const sha = createHash("sha256").update(plain).digest("hex");

test("sealFile() hides the bytes; openFile() returns them only with the right key and hash", () => {
  const key = newDataKey();
  const sealed = sealFile(plain, sha, key);
  assert.ok(!sealed.includes(Buffer.from("GPSLatitude")));
  assert.deepEqual(openFile(sealed, sha, key), plain);
  assert.throws(() => openFile(sealed, sha, newDataKey()), SealedFileError);
  assert.throws(() => openFile(sealed, "0".repeat(64), key), SealedFileError);
  const flipped = Buffer.from(sealed);
  flipped[flipped.length - 1] ^= 1;
  assert.throws(() => openFile(flipped, sha, key), SealedFileError);
});
