/**
 * The house plan, kept by a test: every import under src/ is read and checked against the layer
 * rule and the no-cycle rule. A failure names the file and the import that broke the rule.
 *
 *   interfaces (http, cli, jobs)  →  services  →  domain
 *                       ↘              ↘
 *                          infra (store, importers, secrets, delivery, pdf, net, workers)  →  domain
 *
 * `src/app.ts` and `src/config.ts` are the composition root: they may import anything, and only
 * interfaces import them. Test files are wiring, not product: they are exempt from the layer rule
 * (a domain test may read the data mirror), but not from the cycle rule.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

export type Layer = "domain" | "services" | "infra" | "interfaces" | "root";

/** Which layers each layer may import (its own included). */
export const ALLOWED: Record<Layer, readonly Layer[]> = {
  domain: ["domain"],
  infra: ["infra", "domain"],
  services: ["services", "domain", "infra"],
  interfaces: ["interfaces", "services", "domain", "infra", "root"],
  root: ["root", "interfaces", "services", "domain", "infra"],
};

export function layerOf(path: string): Layer {
  const top = relative(SRC, path).split(/[\\/]/)[0]!;
  if (top === "domain" || top === "services" || top === "infra" || top === "interfaces") return top;
  if (top === "app.ts" || top === "config.ts") return "root";
  throw new Error(`${relative(SRC, path)}: not in a known layer (domain, services, infra, interfaces, app.ts, config.ts)`);
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Relative imports of one file, resolved to files under src/ (type-only imports count: they couple too). */
export function importsOf(file: string, text = readFileSync(file, "utf8")): { spec: string; target: string }[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith("."))
    .map((spec) => ({ spec, target: resolve(dirname(file), spec) }))
    .filter(({ target }) => target.startsWith(SRC) && existsSync(target));
}

export function layerViolations(files: string[], read: (f: string) => string = (f) => readFileSync(f, "utf8")): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (/\.test\.tsx?$/.test(file)) continue;
    const from = layerOf(file);
    for (const { spec, target } of importsOf(file, read(file))) {
      const to = layerOf(target);
      if (!ALLOWED[from].includes(to)) problems.push(`src/${relative(SRC, file)} imports "${spec}" (${from} → ${to} is not allowed)`);
    }
  }
  return problems;
}

/** Every cycle among the files, each reported once as a path a → b → … → a. */
export function cycles(files: string[], read: (f: string) => string = (f) => readFileSync(f, "utf8")): string[] {
  const graph = new Map(files.map((f) => [f, importsOf(f, read(f)).map((i) => i.target)]));
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 1) {
        const loop = [...stack.slice(stack.indexOf(next)), next].map((f) => `src/${relative(SRC, f)}`);
        found.push(loop.join(" → "));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

const files = sourceFiles(SRC);

test("every import under src/ runs one way: interfaces → services → {domain, infra}; infra → domain", () => {
  const problems = layerViolations(files);
  assert.deepEqual(problems, [], `layer rule broken:\n  ${problems.join("\n  ")}`);
});

test("no import cycles between files under src/", () => {
  const found = cycles(files);
  assert.deepEqual(found, [], `import cycles:\n  ${found.join("\n  ")}`);
});

test("the checks themselves fail on a back-edge and on a cycle", () => {
  // A deliberately added back-edge: a domain file importing the store, and two files importing each other.
  const fake = new Map<string, string>([
    [join(SRC, "domain/alerts/level.ts"), 'import { openStore } from "../../infra/store/database.ts";'],
    [join(SRC, "infra/store/database.ts"), 'import type { Level } from "../../domain/alerts/level.ts";'],
    [join(SRC, "interfaces/http/auth.ts"), 'import { x } from "./errors.ts";'],
    [join(SRC, "interfaces/http/errors.ts"), 'import { y } from "./auth.ts";'],
  ]);
  const read = (f: string) => fake.get(f) ?? "";
  assert.deepEqual(layerViolations([...fake.keys()], read), [
    'src/domain/alerts/level.ts imports "../../infra/store/database.ts" (domain → infra is not allowed)',
  ]);
  assert.equal(cycles([...fake.keys()], read).length, 2);
});
