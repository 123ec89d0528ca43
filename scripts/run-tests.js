#!/usr/bin/env node
// Runs every *.test.ts under src/, web/, bench/ and test/ with node's own test runner (through tsx).
// Node 20's --test cannot glob .ts files itself, so the list is built here.
import { readdirSync, statSync } from "node:fs";
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
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...chosen],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
