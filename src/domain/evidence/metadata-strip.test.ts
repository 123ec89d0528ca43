import assert from "node:assert/strict";
import { test } from "node:test";
import { crc32, ImageFormatError, sniffImage, stripMetadata } from "./metadata-strip.ts";

// --- A generated corpus: every case plants strings that must not survive the strip. ---

const seg = (marker: number, payload: string | Buffer) => {
  const p = typeof payload === "string" ? Buffer.from(payload, "latin1") : payload;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(p.length + 2);
  return Buffer.concat([Buffer.from([0xff, marker]), len, p]);
};
const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
/** Entropy-coded data with a stuffed 0xFF00 and a restart marker inside, as real scans have. */
const scanData = (tag: number) => Buffer.from([tag, 2, 0xff, 0x00, 3, 0xff, 0xd0, 4, 5, 0xff, 0xd1, 6]);
const sos = seg(0xda, "\x01\x01\x00\x00\x3f\x00");
const dqt = seg(0xdb, "\x00" + "Q".repeat(64));
const sof0 = seg(0xc0, "\x08\x00\x10\x00\x10\x01\x01\x11\x00");
const sof2 = seg(0xc2, "\x08\x00\x10\x00\x10\x01\x01\x11\x00");
const dht = (n: number) => seg(0xc4, Buffer.concat([Buffer.from([n]), Buffer.alloc(16, 0), Buffer.alloc(0)]));
/** A minimal but genuine ICC profile: declared size, `acsp` signature, zero tags. */
function iccProfile(): Buffer {
  const p = Buffer.alloc(132);
  p.writeUInt32BE(132, 0);
  p.write("mntrRGB XYZ ", 12, "latin1");
  p.write("acsp", 36, "latin1");
  return p;
}
const iccSegment = (profile: Buffer, seq = 1, count = 1) => seg(0xe2, Buffer.concat([Buffer.from("ICC_PROFILE\0", "latin1"), Buffer.from([seq, count]), profile]));
const jfifWithThumb = seg(0xe0, Buffer.concat([Buffer.from("JFIF\0\x01\x02\x00\x00\x01\x00\x01\x02\x02", "latin1"), Buffer.from("THUMBSECRET!", "latin1")]));
const exif = (who: string, gps: string) => seg(0xe1, `Exif\0\0MM\0*\0\0\0\x08 Artist=${who} GPSLatitude=${gps}`);

const PLANTED = [
  "Jane Doe", "16.84N", "THUMBSECRET", "HIDDEN-APP2-TEXT", "FAKEICC-SECRET", "MPF", "Second Person", "48.85N",
  "VENDOR-TRAILER-SECRET", "COM-BETWEEN-SCANS", "XMP-BETWEEN-SCANS", "Photoshop", "PNG-AUTHOR", "ITXT-SECRET",
  "ZTXT-SECRET", "AFTER-IEND-SECRET", "Reporter's phone profile", "APNG-FRAME-SECRET", "EXTENSION-JPG7",
];

function primaryJpeg(): Buffer {
  return Buffer.concat([
    SOI, jfifWithThumb, exif("Jane Doe", "16.84N 96.17E"),
    seg(0xe2, "MPF\0II*\0 MP entry points at the second image"),
    seg(0xe2, "HIDDEN-APP2-TEXT: meet at the north gate"),
    seg(0xe2, Buffer.concat([Buffer.from("ICC_PROFILE\0\x01\x01", "latin1"), Buffer.from("FAKEICC-SECRET is no profile", "latin1")])),
    iccSegment(iccProfile()),
    seg(0xed, "Photoshop 3.0 IPTC by-line"), seg(0xf7, "EXTENSION-JPG7"), seg(0xfe, "by Jane Doe"),
    dqt, sof0, dht(0), sos, scanData(1), EOI,
  ]);
}
const secondJpeg = () => Buffer.concat([SOI, exif("Second Person", "48.85N 2.35E"), dqt, sof0, dht(0), sos, scanData(9), EOI]);

const corpus: Record<string, Buffer> = {
  "MPO (two images, each with EXIF)": Buffer.concat([primaryJpeg(), secondJpeg()]),
  "JPEG with appended JPEG and vendor trailer": Buffer.concat([primaryJpeg(), Buffer.from("\0\0VENDOR-TRAILER-SECRET", "latin1"), secondJpeg()]),
  "non-ICC APP2 only": Buffer.concat([SOI, seg(0xe2, "HIDDEN-APP2-TEXT"), dqt, sof0, dht(0), sos, scanData(1), EOI]),
  "progressive JPEG with metadata between scans": Buffer.concat([
    SOI, jfifWithThumb, dqt, sof2, dht(0), sos, scanData(1), dht(1), seg(0xfe, "COM-BETWEEN-SCANS"), sos, scanData(2),
    seg(0xe1, "http://ns.adobe.com/xap/1.0/\0XMP-BETWEEN-SCANS"), dht(2), sos, scanData(3), EOI, Buffer.from("VENDOR-TRAILER-SECRET"),
  ]),
};

/** Segments of a JPEG as a decoder sees them, up to the first EOI; scans carry their data. */
function parseJpeg(b: Buffer): { markers: number[]; segments: { marker: number; payload: Buffer }[]; scans: Buffer[]; end: number } {
  assert.equal(b.readUInt16BE(0), 0xffd8, "starts with SOI");
  const markers: number[] = [];
  const segments: { marker: number; payload: Buffer }[] = [];
  const scans: Buffer[] = [];
  let i = 2;
  for (;;) {
    assert.equal(b[i], 0xff, `marker at ${i}`);
    const m = b[i + 1];
    markers.push(m);
    if (m === 0xd9) return { markers, segments, scans, end: i + 2 };
    const len = b.readUInt16BE(i + 2);
    segments.push({ marker: m, payload: b.subarray(i + 4, i + 2 + len) });
    i += 2 + len;
    if (m === 0xda) {
      let j = i;
      while (!(b[j] === 0xff && b[j + 1] !== 0 && !(b[j + 1] >= 0xd0 && b[j + 1] <= 0xd7))) j++;
      scans.push(b.subarray(i - 2 - len, j));
      i = j;
    }
  }
}

const ALLOWED_JPEG = new Set([0xe0, 0xe2, 0xee, 0xdb, 0xc0, 0xc2, 0xc4, 0xda, 0xdd]);

for (const [name, input] of Object.entries(corpus)) {
  test(`stripMetadata() keeps the primary image only and no planted metadata: ${name}`, () => {
    const out = stripMetadata(input, "image/jpeg");
    const parsed = parseJpeg(out);
    assert.equal(parsed.end, out.length, "nothing after the first EOI");
    for (const m of parsed.markers) assert.ok(m === 0xd9 || ALLOWED_JPEG.has(m), `marker 0x${m.toString(16)} kept`);
    for (const s of parsed.segments) {
      if (s.marker === 0xe2) {
        assert.equal(s.payload.subarray(0, 12).toString("latin1"), "ICC_PROFILE\0");
        assert.equal(s.payload.toString("latin1", 14 + 36, 14 + 40), "acsp", "APP2 kept only for a real ICC profile");
      }
      if (s.marker === 0xe0) assert.equal(s.payload.length, 14, "JFIF without thumbnail");
    }
    // Every scan of the primary image is copied byte for byte.
    assert.deepEqual(parsed.scans.map((s) => s.toString("hex")), parseJpeg(input).scans.map((s) => s.toString("hex")));
    const text = out.toString("latin1");
    for (const planted of PLANTED) assert.ok(!text.includes(planted), `"${planted}" survived`);
    assert.ok(out.equals(stripMetadata(out, "image/jpeg")), "idempotent");
  });
}

test("stripMetadata() keeps a genuine ICC profile split over two APP2 chunks, and drops an inconsistent one", () => {
  const p = iccProfile();
  const two = Buffer.concat([SOI, iccSegment(p.subarray(0, 60), 1, 2), iccSegment(p.subarray(60), 2, 2), dqt, sof0, dht(0), sos, scanData(1), EOI]);
  const kept = parseJpeg(stripMetadata(two, "image/jpeg")).segments.filter((s) => s.marker === 0xe2);
  assert.equal(kept.length, 2);
  const broken = Buffer.concat([SOI, iccSegment(p.subarray(0, 60), 1, 3), dqt, sof0, dht(0), sos, scanData(1), EOI]);
  assert.equal(parseJpeg(stripMetadata(broken, "image/jpeg")).segments.filter((s) => s.marker === 0xe2).length, 0);
});

function chunk(type: string, data: string | Buffer): Buffer {
  const d = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(d.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, "latin1"), d])));
  return Buffer.concat([len, Buffer.from(type, "latin1"), d, crc]);
}
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function parsePng(b: Buffer): { type: string; data: Buffer }[] {
  assert.ok(b.subarray(0, 8).equals(PNG_SIG));
  const chunks: { type: string; data: Buffer }[] = [];
  let i = 8;
  while (i < b.length) {
    const len = b.readUInt32BE(i);
    const type = b.toString("latin1", i + 4, i + 8);
    const data = b.subarray(i + 8, i + 8 + len);
    assert.equal(b.readUInt32BE(i + 8 + len), crc32(b.subarray(i + 4, i + 8 + len)), `${type} CRC`);
    chunks.push({ type, data });
    i += 12 + len;
  }
  return chunks;
}

test("stripMetadata() drops PNG text chunks, APNG frames and data after IEND; renames the ICC profile", () => {
  const png = Buffer.concat([
    PNG_SIG, chunk("IHDR", "\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0"), chunk("iCCP", "Reporter's phone profile\0\0xxxx"),
    chunk("tEXt", "Author\0PNG-AUTHOR"), chunk("iTXt", "Comment\0\0\0en\0\0ITXT-SECRET"), chunk("zTXt", "Place\0\0ZTXT-SECRET"),
    chunk("eXIf", "MM\0*GPS 16.84N"), chunk("acTL", "\0\0\0\x02\0\0\0\0"), chunk("IDAT", "pixels"), chunk("fdAT", "APNG-FRAME-SECRET"),
    chunk("tIME", "1234567"), chunk("IEND", ""), Buffer.from("AFTER-IEND-SECRET"), chunk("tEXt", "Author\0Jane Doe"),
  ]);
  const out = stripMetadata(png, "image/png");
  const chunks = parsePng(out);
  assert.deepEqual(chunks.map((c) => c.type), ["IHDR", "iCCP", "IDAT", "IEND"]);
  assert.equal(chunks[2].data.toString("latin1"), "pixels");
  const text = out.toString("latin1");
  for (const planted of PLANTED) assert.ok(!text.includes(planted), `"${planted}" survived`);
});

test("sniffImage() and damaged files", () => {
  const jpeg = primaryJpeg();
  assert.equal(sniffImage(jpeg), "image/jpeg");
  assert.equal(sniffImage(Buffer.from("%PDF-1.7")), null);
  assert.throws(() => stripMetadata(jpeg.subarray(0, 30), "image/jpeg"), ImageFormatError);
  assert.throws(() => stripMetadata(jpeg.subarray(0, jpeg.length - 2), "image/jpeg"), ImageFormatError);
  assert.throws(() => stripMetadata(Buffer.from("not an image"), "image/png"), ImageFormatError);
});
