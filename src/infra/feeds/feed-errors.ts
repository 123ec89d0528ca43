/**
 * What can go wrong in a pull, by what the feed runner does about it:
 * - {@link FeedSchemaError}: the source changed its format (a CSV header, a missing JSON field, an
 *   unknown feed format). Retrying cannot help, so the runner pauses the feed with the message.
 * - {@link FeedAuthError}: the source refused the credentials (and a refresh did not help). A person
 *   must act, so the feed is paused too.
 * - {@link FeedFetchError}: a transient failure (network, 5xx after retries, 429 longer than we
 *   wait, a truncated download, an MD5 mismatch). The run fails, nothing is written, the cursor stays,
 *   and the next scheduled run tries again.
 */

/** The source's format changed: the feed is paused. */
export class FeedSchemaError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FeedSchemaError";
  }
}

/** The source refused the credentials: the feed is paused. */
export class FeedAuthError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FeedAuthError";
  }
}

/** A transient failure: the run fails, the next one retries. */
export class FeedFetchError extends Error {
  constructor(message: string, readonly status?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = "FeedFetchError";
  }
}
