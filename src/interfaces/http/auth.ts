/**
 * Who is asking, for the HTTP adapter: builds the actor from an API token (`Authorization: Bearer
 * tcn_…`) or a session cookie, enforces CSRF on cookie-authenticated state changes, and maps the
 * identity/report errors to HTTP. Routes never check permissions themselves: they pass the actor
 * to a use case, which calls `authorize`.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { ForbiddenError, HiddenResourceError, type Actor } from "../../domain/identity/permissions.ts";
import { WorkflowError } from "../../domain/reports/workflow.ts";
import { AuthenticationError, csrfMatches, InvalidInputError, resolveApiToken, resolveSession } from "../../services/auth.service.ts";
import type { ReportDeps } from "../../services/report.service.ts";
import { errorBody } from "./error-body.ts";

/** Security services the HTTP routes need (built in `src/app.ts`). */
export interface ProtectionContext extends ReportDeps {
  /** Mark cookies `Secure` (serve over HTTPS); on for any non-loopback host. */
  secureCookies: boolean;
}

export const SESSION_COOKIE = "tocsin_session";
export const CSRF_COOKIE = "tocsin_csrf";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the authentication hook of the security routes. */
    actor?: Actor;
  }
}

/** Too many requests from one client for a sensitive route. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number, message = "Too many attempts; wait and try again") {
    super(message);
    this.name = "RateLimitedError";
  }
}

/** CSRF token missing or wrong on a cookie-authenticated change. */
export class CsrfError extends Error {
  constructor() {
    super("Missing or wrong x-csrf-token header");
    this.name = "CsrfError";
  }
}

/** Reads one cookie from the Cookie header. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A malformed escape is no valid cookie value: treat it as absent rather than fail the request.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Builds a Set-Cookie value (SameSite=Strict; HttpOnly unless the page must read it). */
export function cookie(name: string, value: string, options: { httpOnly: boolean; secure: boolean; maxAgeSeconds: number }): string {
  return [`${name}=${encodeURIComponent(value)}`, "Path=/", `Max-Age=${options.maxAgeSeconds}`, "SameSite=Strict", options.httpOnly ? "HttpOnly" : "", options.secure ? "Secure" : ""]
    .filter(Boolean)
    .join("; ");
}

/**
 * onRequest hook: sets `request.actor`. A bearer token wins over a cookie; a bad token is refused
 * (401). An unknown or expired session cookie counts as anonymous; live cookie sessions must send the CSRF token
 * on unsafe methods (the cookie is also SameSite=Strict: two independent defences).
 */
export function authenticate(ctx: ProtectionContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const auth = request.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(auth);
      const actor = m ? await resolveApiToken(ctx.store, m[1]) : null;
      if (!actor) throw new AuthenticationError("invalid_token");
      request.actor = actor;
      return;
    }
    const token = readCookie(request, SESSION_COOKIE);
    if (token === undefined) {
      request.actor = { kind: "anonymous" };
      return;
    }
    const session = token.length <= 200 ? await resolveSession(ctx.store, token) : null;
    if (!session) {
      // A stale or forged cookie makes the request anonymous (so signing in again still works);
      // every protected use case then answers 401 through `authorize`.
      request.actor = { kind: "anonymous" };
      return;
    }
    if (UNSAFE.has(request.method)) {
      const header = request.headers["x-csrf-token"];
      if (typeof header !== "string" || !csrfMatches(session.csrfHash, header)) throw new CsrfError();
    }
    request.actor = session.actor;
  };
}

/** The actor of a request (anonymous when the hook did not run). */
export function actorOf(request: FastifyRequest): Actor {
  return request.actor ?? { kind: "anonymous" };
}

/**
 * Maps the security errors to HTTP; returns false for errors it does not know (the caller goes on).
 * Denials never say whether a resource exists in another organisation.
 */
export function sendSecurityError(error: unknown, reply: FastifyReply): boolean {
  if (error instanceof ForbiddenError) {
    if (error.anonymous) reply.code(401).send(errorBody("unauthenticated", "Sign in or send an API token"));
    else reply.code(403).send(errorBody("forbidden", "Your role does not allow this", { permission: error.permission }));
    return true;
  }
  if (error instanceof HiddenResourceError) {
    reply.code(404).send(errorBody("not_found", "Not found"));
    return true;
  }
  if (error instanceof AuthenticationError) {
    reply.code(401).send(errorBody("unauthenticated", error.message));
    return true;
  }
  if (error instanceof CsrfError) {
    reply.code(403).send(errorBody("csrf", error.message));
    return true;
  }
  if (error instanceof RateLimitedError) {
    reply.code(429).header("retry-after", String(error.retryAfterSeconds)).send(errorBody("rate_limited", error.message));
    return true;
  }
  if (error instanceof InvalidInputError) {
    reply.code(400).send(errorBody("invalid_request", error.message, { field: error.field }));
    return true;
  }
  if (error instanceof WorkflowError) {
    // A missing reason or self-link is a bad request; the rest conflict with the report's state.
    reply.code(error.code === "reason_required" || error.code === "duplicate_target" ? 400 : 409).send(errorBody(error.code, error.message));
    return true;
  }
  return false;
}
