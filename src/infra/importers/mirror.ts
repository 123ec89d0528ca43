import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (the folder holding package.json). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Finds the public-data mirror: `TOCSIN_MIRROR` when set, else `../shared/data` beside the
 * repository when it exists.
 *
 * @param env the environment to read (defaults to `process.env`)
 * @returns the absolute mirror directory, or `undefined` when there is none
 * @example
 * const dir = resolveMirror(); // ".../shared/data" on a developer machine
 */
export function resolveMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TOCSIN_MIRROR) return resolve(env.TOCSIN_MIRROR);
  const sibling = resolve(REPO_ROOT, "../shared/data");
  return existsSync(sibling) ? sibling : undefined;
}

/**
 * Like {@link resolveMirror} but throws a helpful error when no mirror is present.
 * @throws {Error} when neither `TOCSIN_MIRROR` nor `../shared/data` exists
 */
export function requireMirror(env: NodeJS.ProcessEnv = process.env): string {
  const dir = resolveMirror(env);
  if (!dir || !existsSync(dir)) {
    throw new Error(
      `No public-data mirror found: set TOCSIN_MIRROR to a folder laid out like shared/data ` +
        `(looked at ${dir ?? join(REPO_ROOT, "../shared/data")}), or fetch the data with \`tocsin data pull\`.`,
    );
  }
  return dir;
}
