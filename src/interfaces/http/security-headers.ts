import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * Security headers on every response. The dashboard is served from this origin with no external
 * scripts, fonts or tiles, so the policy can be strict.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    setSecurityHeaders(reply, request.url.startsWith("/api/docs"));
    // Answers to a signed-in user may carry personal or protected data: no shared or disk cache
    // keeps them (a seized laptop's browser cache, a proxy). Public reads keep their own policy.
    if ((request.actor?.kind === "user" || PROTECTED_PATHS.test(request.url)) && !/no-store/.test(String(reply.getHeader("cache-control") ?? ""))) {
      reply.header("cache-control", "private, no-store");
    }
    return payload;
  });
}

/** API paths whose answers are never public, whoever asks. */
const PROTECTED_PATHS = /^\/api\/(reports(?!\/public)|users|tokens|audit|auth|subscriptions|inbox|deliveries|organisation)(\/|\?|$)/;

/**
 * Sets the headers on one reply; also used for answers Fastify gives before any hook runs (a URL
 * that is not valid percent-encoding).
 * @param docs the Swagger UI page, which needs inline scripts
 */
export function setSecurityHeaders(reply: FastifyReply, docs = false): void {
  reply.header(
    "content-security-policy",
    docs
      ? "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
      : "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "no-referrer");
  reply.header("x-frame-options", "DENY");
  reply.header("cross-origin-opener-policy", "same-origin");
  reply.header("permissions-policy", "geolocation=(), camera=(), microphone=()");
}
