import assert from "node:assert/strict";
import { test } from "node:test";
import { ImageFormatError, sniffImage, stripMetadata } from "./metadata-strip.ts";

const seg = (marker: number, payload: string) => {
  const p = Buffer.from(payload, "latin1");
  const len = Buffer.alloc(2);
  len.writeUInt16BE(p.length + 2);
  return Buffer.concat([Buffer.from([0xff, marker]), len, p]);
};
const scan = Buffer.concat([seg(0xda, "\x01\x01\x00\x00\x3f\x00"), Buffer.from([1, 2, 0xff, 0, 3, 0xff, 0xd9])]);
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), seg(0xe0, "JFIF\0"), seg(0xe1, "Exif\0\0GPS 16.84N 96.17E"), seg(0xe2, "ICC_PROFILE\0"), seg(0xed, "Photoshop 3.0 IPTC"), seg(0xfe, "by Jane"), seg(0xdb, "Q".repeat(10)), scan]);

test("stripMetadata() drops EXIF/XMP/IPTC/comments from a JPEG and keeps pixels and colour segments", () => {
  const out = stripMetadata(jpeg, "image/jpeg");
  const s = out.toString("latin1");
  for (const gone of ["Exif", "GPS", "Photoshop", "by Jane"]) assert.ok(!s.includes(gone), gone);
  for (const kept of ["JFIF", "ICC_PROFILE", "QQQQ"]) assert.ok(s.includes(kept), kept);
  assert.ok(out.subarray(-scan.length).equals(scan), "scan data copied byte for byte");
  assert.deepEqual(stripMetadata(out, "image/jpeg"), out, "idempotent");
});

function chunk(type: string, data: string): Buffer {
  const d = Buffer.from(data, "latin1");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(d.length);
  return Buffer.concat([len, Buffer.from(type, "latin1"), d, Buffer.alloc(4)]);
}

test("stripMetadata() drops PNG text, time and eXIf chunks", () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", "x".repeat(13)), chunk("tEXt", "Author\0Jane"), chunk("eXIf", "GPS"), chunk("IDAT", "pixels"), chunk("tIME", "1234567"), chunk("IEND", "")]);
  const s = stripMetadata(png, "image/png").toString("latin1");
  assert.ok(s.includes("IHDR") && s.includes("IDAT") && s.includes("pixels") && s.includes("IEND"));
  for (const gone of ["tEXt", "Jane", "eXIf", "tIME"]) assert.ok(!s.includes(gone), gone);
});

test("sniffImage() and damaged files", () => {
  assert.equal(sniffImage(jpeg), "image/jpeg");
  assert.equal(sniffImage(Buffer.from("%PDF-1.7")), null);
  assert.throws(() => stripMetadata(jpeg.subarray(0, 30), "image/jpeg"), ImageFormatError);
  assert.throws(() => stripMetadata(Buffer.from("not an image"), "image/png"), ImageFormatError);
});
