/**
 * Removes embedded metadata (EXIF, GPS, XMP, IPTC, MPF, comments, text chunks, trailers) from JPEG
 * and PNG images to make the *working copy* that analysts and publications use; the untouched
 * original is kept sealed as evidence.
 *
 * Why a segment-level rewrite instead of an image library: the strip must not re-encode pixels
 * (re-encoding changes the image an analyst examines and pulls in a native codec), and JPEG/PNG
 * metadata lives in well-delimited containers. The rewrite is an *allow-list*: only the segments
 * a decoder needs are copied, each checked to be what it claims; anything unknown is dropped.
 *
 * JPEG: the primary image only. Copies SOI; frame, table and restart segments (SOFn, DHT, DAC, DQT,
 * DRI, DNL, DHP, EXP); every scan (SOS header plus its entropy-coded data, so progressive images
 * keep all their scans); APP0 only when it is JFIF, rewritten without its thumbnail; APP2 only when
 * the chunks assemble into a real ICC profile (`ICC_PROFILE\0`, consistent chunk numbers, `acsp`
 * signature, declared size = assembled size); APP14 only when it is the 12-byte Adobe colour
 * transform. Stops at the first EOI: a second image appended after it (MPO files, phone gain maps,
 * vendor trailers) with its own EXIF is not copied. Everything else (APP1 EXIF/XMP, MPF in APP2,
 * APP3–APP13, APP15, COM, JPGn extensions) is dropped.
 * PNG: keeps critical chunks and rendering chunks (PLTE, tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD,
 * pHYs); the iCCP profile name (free text) is replaced by a fixed one. Drops everything else
 * (eXIf, tEXt, zTXt, iTXt, tIME, APNG frames, private chunks) and stops at IEND.
 */

/** The bytes are not a well-formed image of the declared type. */
export class ImageFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImageFormatError";
  }
}

/** Image types this module can clean. */
export type StrippableType = "image/jpeg" | "image/png";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_KEEP = new Set(["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs"]);

/** The image type the bytes start like, if any. */
export function sniffImage(bytes: Uint8Array): StrippableType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE)) return "image/png";
  return null;
}

/**
 * A copy of `bytes` without metadata.
 * @throws {ImageFormatError} when the image structure is damaged
 */
export function stripMetadata(bytes: Buffer, type: StrippableType): Buffer {
  return type === "image/jpeg" ? stripJpeg(bytes) : stripPng(bytes);
}

/** Markers a baseline/progressive/lossless decoder needs (besides SOI, SOS, EOI). */
function isDecodingMarker(m: number): boolean {
  // C0–CF: SOFn, DHT (C4) and DAC (CC); C8 is reserved (JPG). DB–DF: DQT, DNL, DRI, DHP, EXP.
  return (m >= 0xc0 && m <= 0xcf && m !== 0xc8) || (m >= 0xdb && m <= 0xdf);
}

const ICC_ID = Buffer.from("ICC_PROFILE\0", "latin1");

function stripJpeg(b: Buffer): Buffer {
  if (sniffImage(b) !== "image/jpeg") throw new ImageFormatError("not a JPEG (missing SOI marker)");
  // Segments to emit, in order; ICC chunks are held until the whole profile is checked.
  const out: (Buffer | "icc")[] = [b.subarray(0, 2)];
  const icc: { seq: number; count: number; segment: Buffer; data: Buffer }[] = [];
  let sawFrame = false;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new ImageFormatError(`JPEG marker expected at byte ${i}`);
    let marker = b[i + 1];
    // Fill bytes (0xFF padding) may precede a marker.
    while (marker === 0xff && i + 2 < b.length) {
      i += 1;
      marker = b[i + 1];
    }
    if (marker === undefined) throw new ImageFormatError("JPEG ends inside a marker");
    if (marker === 0xd9) {
      if (!sawFrame) throw new ImageFormatError("JPEG has no image data (no SOS marker)");
      out.push(b.subarray(i, i + 2));
      // Nothing after the first EOI: appended images and trailers carry their own metadata.
      return assembleJpeg(out, icc);
    }
    if (marker === 0xd8) throw new ImageFormatError(`second SOI at byte ${i} before the first image ended`);
    // Standalone markers (TEM, RSTn) carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > b.length) throw new ImageFormatError("JPEG segment header is truncated");
    const length = b.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > b.length) throw new ImageFormatError(`JPEG segment at byte ${i} runs past the end of the file`);
    const segment = b.subarray(i, i + 2 + length);
    const payload = b.subarray(i + 4, i + 2 + length);
    i += 2 + length;
    if (marker === 0xda) {
      // Start of scan: the entropy-coded data runs to the next marker that is not a stuffed 0xFF00,
      // a restart marker or fill.
      let j = i;
      while (j < b.length) {
        if (b[j] === 0xff) {
          const next = b[j + 1];
          if (next === 0x00 || (next !== undefined && next >= 0xd0 && next <= 0xd7)) {
            j += 2;
            continue;
          }
          if (next === 0xff) {
            j += 1;
            continue;
          }
          break;
        }
        j += 1;
      }
      if (j >= b.length) throw new ImageFormatError("JPEG scan data runs to the end of the file without an EOI marker");
      out.push(segment, b.subarray(i, j));
      sawFrame = true;
      i = j;
      continue;
    }
    if (marker === 0xe0) {
      // JFIF: identifier, version, units, densities; the thumbnail (if any) is dropped.
      if (payload.length >= 14 && payload.subarray(0, 5).toString("latin1") === "JFIF\0") {
        const jfif = Buffer.from(payload.subarray(0, 14));
        jfif[12] = 0;
        jfif[13] = 0;
        out.push(Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 16]), jfif]));
      }
      continue;
    }
    if (marker === 0xe2) {
      if (payload.length > 14 && payload.subarray(0, 12).equals(ICC_ID)) {
        if (icc.length === 0) out.push("icc");
        icc.push({ seq: payload[12], count: payload[13], segment, data: payload.subarray(14) });
      }
      continue;
    }
    if (marker === 0xee) {
      if (payload.length === 12 && payload.subarray(0, 5).toString("latin1") === "Adobe") out.push(segment);
      continue;
    }
    if (isDecodingMarker(marker)) out.push(segment);
    // Everything else — APP1/3–13/15, COM, JPGn, reserved — is metadata or unknown: dropped.
  }
  throw new ImageFormatError("JPEG has no EOI marker");
}

/** Joins kept segments, putting the ICC profile in place only when it is a real, complete one. */
function assembleJpeg(parts: (Buffer | "icc")[], icc: { seq: number; count: number; segment: Buffer; data: Buffer }[]): Buffer {
  const profileOk = (() => {
    if (icc.length === 0) return false;
    const count = icc[0].count;
    if (count !== icc.length || icc.some((c) => c.count !== count)) return false;
    const sorted = [...icc].sort((a, c) => a.seq - c.seq);
    if (sorted.some((c, k) => c.seq !== k + 1)) return false;
    const profile = Buffer.concat(sorted.map((c) => c.data));
    return profile.length >= 128 && profile.readUInt32BE(0) === profile.length && profile.toString("latin1", 36, 40) === "acsp";
  })();
  const segments = profileOk ? [...icc].sort((a, c) => a.seq - c.seq).map((c) => c.segment) : [];
  return Buffer.concat(parts.flatMap((p) => (p === "icc" ? segments : [p])));
}

function stripPng(b: Buffer): Buffer {
  if (sniffImage(b) !== "image/png") throw new ImageFormatError("not a PNG (bad signature)");
  const out: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i < b.length) {
    if (i + 12 > b.length) throw new ImageFormatError(`PNG chunk at byte ${i} is truncated`);
    const length = b.readUInt32BE(i);
    const type = b.toString("latin1", i + 4, i + 8);
    const end = i + 12 + length;
    if (end > b.length) throw new ImageFormatError(`PNG chunk ${type} runs past the end of the file`);
    if (type === "iCCP") out.push(renamedIccp(b.subarray(i + 8, i + 8 + length)));
    else if (PNG_KEEP.has(type)) out.push(b.subarray(i, end));
    i = end;
    // Nothing after IEND.
    if (type === "IEND") return Buffer.concat(out);
  }
  throw new ImageFormatError("PNG has no IEND chunk");
}

/** The iCCP chunk with its free-text profile name replaced (the name can carry any text). */
function renamedIccp(data: Buffer): Buffer {
  const nul = data.indexOf(0);
  if (nul < 1 || nul > 79) throw new ImageFormatError("PNG iCCP chunk has no valid profile name");
  const body = Buffer.concat([Buffer.from("ICC profile\0", "latin1"), data.subarray(nul + 1)]);
  return pngChunk("iCCP", body);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 as PNG uses it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
