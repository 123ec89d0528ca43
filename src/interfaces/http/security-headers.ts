import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * Security headers on every response. The dashboard is served from this origin with no external
 * scripts, fonts or tiles, so the policy can be strict.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    setSecurityHeaders(reply, request.url.startsWith("/api/docs"));
    return payload;
  });
}

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
