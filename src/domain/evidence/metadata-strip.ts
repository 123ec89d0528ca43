/**
 * Removes embedded metadata (EXIF, GPS, XMP, IPTC, comments, text chunks) from JPEG and PNG images
 * to make the *working copy* that analysts and publications use; the untouched original is kept
 * sealed as evidence.
 *
 * Why a small hand-written segment stripper instead of an image library: the strip must not
 * re-encode pixels (re-encoding changes the image an analyst examines and pulls in a native codec),
 * and JPEG/PNG metadata lives in well-delimited containers — JPEG APPn/COM segments before the
 * scan, PNG ancillary chunks — so dropping those containers is a few dozen lines we can test
 * exhaustively. Pixel data is copied byte for byte.
 *
 * JPEG: keeps SOI, APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform, needed to
 * decode) and every non-APP marker; drops APP1 (EXIF/GPS/XMP), APP3–APP13, APP15 and COM.
 * PNG: keeps critical chunks and rendering chunks (PLTE, tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD,
 * pHYs); drops everything else (eXIf, tEXt, zTXt, iTXt, tIME, unknown private chunks).
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

function stripJpeg(b: Buffer): Buffer {
  if (sniffImage(b) !== "image/jpeg") throw new ImageFormatError("not a JPEG (missing SOI marker)");
  const out: Buffer[] = [b.subarray(0, 2)];
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
      out.push(b.subarray(i, i + 2));
      return Buffer.concat(out);
    }
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
    if (marker === 0xda) {
      // Start of scan: everything from here (entropy-coded data, later markers, EOI) is pixels.
      out.push(b.subarray(i));
      return Buffer.concat(out);
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const keepApp = marker === 0xe0 || marker === 0xe2 || marker === 0xee;
    if ((isApp && keepApp) || (!isApp && marker !== 0xfe)) out.push(segment);
    i += 2 + length;
  }
  throw new ImageFormatError("JPEG has no image data (no SOS marker)");
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
    if (PNG_KEEP.has(type)) out.push(b.subarray(i, end));
    i = end;
    if (type === "IEND") return Buffer.concat(out);
  }
  throw new ImageFormatError("PNG has no IEND chunk");
}
