/**
 * The one place where errors become HTTP responses. Every error body has the same shape:
 * `{ error: { code, message, details } }`. Unknown errors are answered with a bare 500 so internals
 * never leak to clients, and logged as class, code and request id only: never a message, stack or
 * query (a database error's message carries the query's parameters, i.e. the request's data).
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { z } from "zod";
import { AssessmentWorkflowError } from "../../domain/assessment/workflow.ts";
import { ConflictError, NotFoundError } from "../../services/errors.ts";
import { sendSecurityError } from "./auth.ts";
import { errorBody } from "./error-body.ts";
import { UnstorableInputError } from "./input-guard.ts";
import { errorSummary, isBadValueFromDatabase } from "../error-summary.ts";

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe("Stable machine-readable code, e.g. `not_found`, `invalid_request`"),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe("Error");

/** Error responses every route documents. */
export const errorResponses = { 400: ErrorBody, 404: ErrorBody, 500: ErrorBody } as const;

/** Error responses of routes behind authentication. */
export const securedErrorResponses = { ...errorResponses, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody } as const;

export { errorBody };

/**
 * Installs the error and not-found handlers.
 * @param options.appShell when set, GET requests outside /api that match no file are answered with
 *   the dashboard's index.html (client-side routes such as /countries/MMR); the rest get JSON 404s.
 */
export function installErrorHandling(app: FastifyInstance, options: { appShell?: boolean } = {}): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0];
    if (options.appShell && (request.method === "GET" || request.method === "HEAD") && !path.startsWith("/api/") && path !== "/api") {
      return reply.type("text/html").sendFile("index.html");
    }
    return reply.code(404).send(errorBody("not_found", `No route for ${request.method} ${path}`));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.code(400).send(
        errorBody("invalid_request", `The request${error.validationContext ? `'s ${error.validationContext}` : ""} did not match the API schema`, {
          issues: error.validation.map((v) => ({ path: v.instancePath || "/", message: v.message })),
        }),
      );
    }
    if (error instanceof UnstorableInputError) return reply.code(400).send(errorBody("invalid_request", error.message, { field: error.field }));
    if (sendSecurityError(error, reply)) return reply;
    if (error instanceof NotFoundError) return reply.code(404).send(errorBody("not_found", error.message, { entity: error.entity, key: error.key }));
    const domain: unknown = error;
    if (domain instanceof ConflictError) return reply.code(409).send(errorBody("conflict", domain.message, domain.details));
    // A missing review note is a bad request; the rest conflict with the version's state.
    if (domain instanceof AssessmentWorkflowError) return reply.code(domain.code === "note_required" ? 400 : 409).send(errorBody(domain.code, domain.message));
    if (isResponseSerializationError(error)) {
      request.log.error(errorSummary(error), "response did not match its schema");
      return reply.code(500).send(errorBody("internal", "Internal server error"));
    }
    // A value the store refused that validation let through: still the request's fault, so a 400
    // (without the database's message, which quotes the value); logged to find the missing check.
    if (isBadValueFromDatabase(error)) {
      request.log.warn(errorSummary(error), "the store refused a value that passed validation");
      return reply.code(400).send(errorBody("invalid_value", "A value in the request is out of the range the store can hold"));
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error(errorSummary(error), "unhandled error");
      return reply.code(500).send(errorBody("internal", "Internal server error"));
    }
    // Fastify's own client errors (malformed JSON, body too large, unsupported media type …).
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      // Refused while reading (or from Content-Length alone): the body is never held whole.
      const limit = request.routeOptions.bodyLimit;
      return reply.code(413).send(errorBody("payload_too_large", `The request body is larger than this endpoint's limit of ${limit} bytes`, { field: "body", limitBytes: limit }));
    }
    const code = error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" ? "unsupported_media_type" : "bad_request";
    return reply.code(status).send(errorBody(code, error.message));
  });
}
