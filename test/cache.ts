/**
 * A cache of expensive test fixtures (the built dashboard, a seeded store image) shared by every
 * test process of a run and by later runs: each entry is named by a hash of everything it is made
 * from, so a change to the sources makes a new entry and a stale one is never used.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where entries live: `TOCSIN_TEST_CACHE`, else `<tmp>/tocsin-test-cache`. */
export const CACHE_DIR = process.env.TOCSIN_TEST_CACHE || join(tmpdir(), "tocsin-test-cache");

/**
 * A short SHA-256 over the names and contents of the files under `paths` (folders walked in name
 * order; `node_modules` and dot-folders skipped), plus the `extra` strings.
 */
export function treeHash(paths: string[], extra: string[] = []): string {
  const hash = createHash("sha256");
  const walk = (path: string): void => {
    if (!existsSync(path)) {
      hash.update(`missing:${path}`);
      return;
    }
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name === "node_modules" || name.startsWith(".") || name === "dist") continue;
        walk(join(path, name));
      }
    } else hash.update(path).update(readFileSync(path));
  };
  for (const p of paths) walk(p);
  for (const e of extra) hash.update(e);
  return hash.digest("hex").slice(0, 20);
}

/**
 * The path of cache entry `name`, made by `make(partialPath)` when missing. `make` writes a file or
 * folder at the path it is given; it is renamed into place only when complete, so a process never
 * sees half an entry, and when two processes make the same entry at once the first rename wins.
 */
export async function cached(name: string, make: (partial: string) => Promise<void> | void): Promise<string> {
  const { path, partial } = slot(name);
  if (!partial) return path;
  await make(partial);
  return settle(partial, path);
}

/** `cached()` for a `make` that works synchronously (a child process run with spawnSync). */
export function cachedSync(name: string, make: (partial: string) => void): string {
  const { path, partial } = slot(name);
  if (!partial) return path;
  make(partial);
  return settle(partial, path);
}

function slot(name: string): { path: string; partial?: string } {
  const path = join(CACHE_DIR, name);
  if (existsSync(path)) return { path };
  mkdirSync(CACHE_DIR, { recursive: true });
  return { path, partial: join(CACHE_DIR, `.partial-${name}-${process.pid}-${randomBytes(4).toString("hex")}`) };
}

function settle(partial: string, path: string): string {
  try {
    renameSync(partial, path);
  } catch (error) {
    // Another process finished first (a folder cannot replace a non-empty folder): keep theirs.
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(path)) throw error;
  }
  return path;
}
