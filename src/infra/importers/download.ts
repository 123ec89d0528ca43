/**
 * Downloads pinned files and verifies them before they are kept: a file is written under a temporary
 * name, hashed, and renamed into place only when its SHA-256 matches, so a failed or tampered
 * download never replaces good data.
 */
import { createHash } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PinnedFile } from "./ewp-source.ts";

/** A download's bytes did not match the pinned checksum. */
export class ChecksumError extends Error {
  constructor(readonly url: string, readonly expected: string, readonly actual: string) {
    super(`${url}: checksum mismatch (expected sha256 ${expected}, got ${actual}); the file was not saved`);
    this.name = "ChecksumError";
  }
}

export interface PullOptions {
  /** Base URL the upstream paths are appended to. */
  baseUrl: string;
  /** Folder to write into (the files land in `<dir>/<name>`). */
  dir: string;
  fetchImpl?: typeof fetch;
  onFile?: (file: PinnedFile, bytes: number) => void;
}

/**
 * Downloads each file, verifies it, and saves it.
 * @throws {ChecksumError} when a file's bytes differ from the pinned hash
 * @throws {Error} on an HTTP error status or a network failure, naming the URL
 */
export async function pullFiles(files: PinnedFile[], options: PullOptions): Promise<string[]> {
  const { baseUrl, dir, fetchImpl = fetch, onFile } = options;
  await mkdir(dir, { recursive: true });
  const saved: string[] = [];
  for (const file of files) {
    const url = `${baseUrl.replace(/\/$/, "")}/${file.upstreamPath.split("/").map(encodeURIComponent).join("/")}`;
    let response: Response;
    try {
      response = await fetchImpl(url);
    } catch (error) {
      throw new Error(`${url}: download failed (${(error as Error).message}); are you online?`, { cause: error });
    }
    if (!response.ok) throw new Error(`${url}: download failed with HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== file.sha256) throw new ChecksumError(url, file.sha256, actual);
    const target = join(dir, file.name);
    const temp = `${target}.part`;
    await writeFile(temp, bytes);
    await rename(temp, target).catch(async (error) => {
      await rm(temp, { force: true });
      throw error;
    });
    onFile?.(file, bytes.length);
    saved.push(target);
  }
  return saved;
}
