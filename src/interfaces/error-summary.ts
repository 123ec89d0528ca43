/**
 * What may be said about an unexpected error in a log or on a terminal: its class and its code,
 * nothing else. Messages are never logged: a database error's message holds the query and its
 * parameters (report text, witness names, coordinates), and other messages may quote input too.
 */

/** An error's class name and machine code (SQLSTATE, Node or Fastify code), found along its `cause` chain. */
export interface ErrorSummary {
  errorClass: string;
  code?: string;
}

const CODE = /^(?:[0-9A-Z]{5}|[A-Z][A-Z0-9_]{2,60})$/;

/**
 * Summarises `error` for a log line.
 * @example Summary of a wrapped database error
 * ```ts
 * errorSummary(new Error("Failed query: insert … params: Aung", { cause: Object.assign(new Error("x"), { code: "22P05" }) }));
 * // { errorClass: "Error", code: "22P05" }
 * ```
 */
export function errorSummary(error: unknown): ErrorSummary {
  const errorClass = error instanceof Error ? (error.constructor?.name || error.name || "Error") : typeof error;
  const code = codeOf(error);
  return code === undefined ? { errorClass } : { errorClass, code };
}

/** The first well-formed `code` along the cause chain (at most 5 links). */
export function codeOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && CODE.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * True for a database "data exception" (SQLSTATE class 22: a value the column cannot hold, such
 * as an out-of-range number or date, or an unencodable character) or "too deeply nested" (54001):
 * the request carried a value validation should have refused, so it is the client's error.
 */
export function isBadValueFromDatabase(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (/^22[0-9A-Z]{3}$/.test(code) || code === "54001");
}
