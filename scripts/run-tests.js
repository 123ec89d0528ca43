#!/usr/bin/env node
// Runs every *.test.ts under src/, web/, bench/ and test/ with node's own test runner (through tsx).
// Node 20's --test cannot glob .ts files itself, so the list is built here.
import { readdirSync, rmSync, statSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const roots = ["src", "web", "bench", "test"];
const files = [];
function walk(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".test.ts") || name.endsWith(".test.tsx")) files.push(path);
  }
}
roots.forEach(walk);
const filter = process.argv.slice(2);
const chosen = filter.length ? files.filter((f) => filter.some((p) => f.includes(p))) : files;
chosen.sort();
// Test files wait on PGlite, PostgreSQL and Chromium as much as they compute: one per core.
const concurrency = Math.max(2, availableParallelism());
// Fixture cache of test/cache.ts: entries are named by content hashes, so old ones are never read
// again; drop those older than a week so the folder does not grow without end.
const cacheDir = process.env.TOCSIN_TEST_CACHE || join(tmpdir(), "tocsin-test-cache");
try {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    if (Date.now() - statSync(path).mtimeMs > 7 * 86_400_000) rmSync(path, { recursive: true, force: true });
  }
} catch {
  // no cache yet
}
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", `--test-concurrency=${concurrency}`, ...chosen],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
