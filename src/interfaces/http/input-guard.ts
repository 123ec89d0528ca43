/**
 * A last line under every route's own schema: before validation, every string (values and keys)
 * of the parsed body, query string and path parameters is checked for what the store cannot hold
 * (NUL, lone UTF-16 surrogates), and JSON bodies nested deeper than {@link MAX_DEPTH} levels are
 * refused. A route that forgets `text()` from `schemas.ts` (or takes an open object, like a speech
 * model file) still answers 400 naming the field instead of failing in SQL with a 500 whose error
 * would carry the request's data.
 */
import type { FastifyInstance } from "fastify";
import { storableText } from "./schemas.ts";

/** Deepest accepted nesting of a request's JSON (no API document needs more than about ten). */
export const MAX_DEPTH = 64;

/** A request value the store could not hold; answered 400 naming `field`. */
export class UnstorableInputError extends Error {
  constructor(readonly field: string, reason: string) {
    super(`${field} ${reason}`);
    this.name = "UnstorableInputError";
  }
}

/**
 * Walks `value` iteratively (a 5,000-level document must not exhaust the stack) and returns the
 * first problem found, or undefined.
 * @param root the name of the part (`body`, `querystring`, `params`), first segment of the field path
 */
export function findUnstorable(value: unknown, root: string): UnstorableInputError | undefined {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === "string") {
      if (!storableText(v)) return new UnstorableInputError(path, "must not contain NUL characters or unpaired UTF-16 surrogates");
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth >= MAX_DEPTH) return new UnstorableInputError(path, `is nested more than ${MAX_DEPTH} levels deep`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const [k, child] of Object.entries(v)) {
      // The key is named by position only: an unstorable key must not be echoed back either.
      if (!storableText(k)) return new UnstorableInputError(`${path} (a key)`, "must not contain NUL characters or unpaired UTF-16 surrogates");
      stack.push({ v: child, path: `${path}.${k}`, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Installs the check as a preValidation hook on every route. */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const problem = findUnstorable(request.params, "params") ?? findUnstorable(request.query, "querystring") ?? findUnstorable(request.body, "body");
    if (problem) throw problem;
  });
}
