/**
 * Errors that use cases raise for their callers. They know nothing of HTTP: the HTTP adapter maps
 * them to status codes in one place (`interfaces/http/errors.ts`), the CLI to exit codes.
 */

/** The thing asked for does not exist. */
export class NotFoundError extends Error {
  constructor(readonly entity: string, readonly key: string) {
    super(`${entity} "${key}" was not found`);
    this.name = "NotFoundError";
  }
}

/** The request is well-formed but cannot be carried out in the store's current state. */
export class ConflictError extends Error {
  constructor(message: string, readonly details?: unknown) {
    super(message);
    this.name = "ConflictError";
  }
}
