import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AttemptLimiter } from "../../../domain/identity/lockout.ts";
import { PERMISSIONS, ROLES } from "../../../domain/identity/permissions.ts";
import { listAudit } from "../../../services/audit.service.ts";
import { changePassword, createApiToken, createUser, listApiTokens, listUsers, login, logout, revokeApiToken, SESSION_MS, tokenHash } from "../../../services/auth.service.ts";
import { actorOf, authenticate, cookie, CSRF_COOKIE, RateLimitedError, readCookie, SESSION_COOKIE, type ProtectionContext } from "../auth.ts";
import { securedErrorResponses } from "../errors.ts";
import { UuidParam, noNul, text } from "../schemas.ts";

/** A user as the API shows one (no secrets). */
export const User = z
  .object({
    id: z.string(), organisationId: z.string(), email: z.string(), displayName: z.string(), role: z.enum(ROLES), disabled: z.boolean(),
    passwordChangeRequired: z.boolean().describe("after an admin's forced reset: no permission until the user changes the password"), createdAt: z.string(),
  })
  .describe("User");
const Token = z
  .object({ id: z.string(), userId: z.string(), name: z.string(), scopes: z.array(z.string()), createdAt: z.string(), expiresAt: z.string().nullable(), revokedAt: z.string().nullable() })
  .describe("ApiToken");

/**
 * Sign-in, sign-out, the current user, user management, API tokens and the audit log.
 * Sign-in is limited per client address and per e-mail (in memory) on top of account lockout.
 */
export const authRoutes = (ctx: ProtectionContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));
  const byAddress = new AttemptLimiter(20, 60_000);
  const byEmail = new AttemptLimiter(10, 60_000);

  app.post(
    "/api/auth/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in: sets an httpOnly session cookie and returns the CSRF token to send as x-csrf-token",
        body: z.object({ email: noNul(z.string().min(3).max(320)), password: text(1024) }).strict(),
        response: { 200: z.object({ user: User, csrfToken: z.string(), expiresAt: z.string() }), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      const now = Date.now();
      if (!byAddress.hit(request.ip, now) || !byEmail.hit(request.body.email.trim().toLowerCase(), now)) throw new RateLimitedError(60);
      const s = await login(ctx.store, request.body);
      const maxAgeSeconds = Math.floor(SESSION_MS / 1000);
      reply.header("set-cookie", [
        cookie(SESSION_COOKIE, s.sessionToken, { httpOnly: true, secure: ctx.secureCookies, maxAgeSeconds }),
        cookie(CSRF_COOKIE, s.csrfToken, { httpOnly: false, secure: ctx.secureCookies, maxAgeSeconds }),
      ]);
      reply.header("cache-control", "no-store");
      return { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
    },
  );

  app.post(
    "/api/auth/logout",
    { schema: { tags: ["auth"], summary: "End the session", response: { 204: z.null(), ...securedErrorResponses } } },
    async (request, reply) => {
      const token = readCookie(request, SESSION_COOKIE);
      if (token && actorOf(request).kind === "user") await logout(ctx.store, token);
      reply.header("set-cookie", [
        cookie(SESSION_COOKIE, "", { httpOnly: true, secure: ctx.secureCookies, maxAgeSeconds: 0 }),
        cookie(CSRF_COOKIE, "", { httpOnly: false, secure: ctx.secureCookies, maxAgeSeconds: 0 }),
      ]);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/auth/password",
    {
      schema: {
        tags: ["auth"],
        summary: "Change your password (signed-in session only; your other sessions end; audited)",
        description: "A wrong current password counts towards the sign-in lock. Required after an admin's forced reset, before anything else works.",
        body: z.object({ currentPassword: text(1024), newPassword: text(1024).describe("12 to 1,024 characters") }).strict(),
        response: { 200: z.object({ user: User }), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      const token = readCookie(request, SESSION_COOKIE);
      return { user: await changePassword(ctx.store, actorOf(request), { ...request.body, sessionId: token ? tokenHash(token) : null }) };
    },
  );

  app.get(
    "/api/auth/me",
    {
      schema: {
        tags: ["auth"],
        summary: "Who the request is authenticated as",
        response: {
          200: z.object({ kind: z.enum(["anonymous", "user"]), userId: z.string().optional(), organisationId: z.string().optional(), role: z.string().optional(), via: z.string().optional(), permissions: z.array(z.string()) }),
          ...securedErrorResponses,
        },
      },
    },
    async (request) => {
      const a = actorOf(request);
      return a.kind === "user" ? { kind: a.kind, userId: a.userId, organisationId: a.organisationId, role: a.role, via: a.via, permissions: [...a.permissions].sort() } : { kind: a.kind, permissions: [] };
    },
  );

  app.get("/api/users", { schema: { tags: ["auth"], summary: "Users of your organisation (admins)", response: { 200: z.object({ users: z.array(User) }), ...securedErrorResponses } } }, async (request) => ({
    users: await listUsers(ctx.store, actorOf(request)),
  }));

  app.post(
    "/api/users",
    {
      schema: {
        tags: ["auth"],
        summary: "Add a user to your organisation (admins)",
        body: z.object({ email: z.email().max(320), displayName: text(200), role: z.enum(ROLES), password: text(1024) }).strict(),
        response: { 201: z.object({ user: User }), ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send({ user: await createUser(ctx.store, actorOf(request), request.body) }),
  );

  app.get("/api/tokens", { schema: { tags: ["auth"], summary: "Your API tokens (all of the organisation's for admins)", response: { 200: z.object({ tokens: z.array(Token) }), ...securedErrorResponses } } }, async (request) => ({
    tokens: await listApiTokens(ctx.store, actorOf(request)),
  }));

  app.post(
    "/api/tokens",
    {
      schema: {
        tags: ["auth"],
        summary: "Create a scoped API token; the secret is shown only in this response",
        body: z.object({ name: text(100), scopes: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length), expiresInDays: z.number().int().min(1).max(3650).optional() }).strict(),
        response: { 201: z.object({ token: z.string(), info: Token }), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return reply.code(201).send(await createApiToken(ctx.store, actorOf(request), request.body));
    },
  );

  app.delete("/api/tokens/:id", { schema: { tags: ["auth"], summary: "Revoke an API token", params: UuidParam, response: { 204: z.null(), ...securedErrorResponses } } }, async (request, reply) => {
    await revokeApiToken(ctx.store, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get(
    "/api/audit",
    {
      schema: {
        tags: ["auth"],
        summary: "Your organisation's recent audit entries (hash-chained)",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }),
        response: {
          200: z.object({
            entries: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), action: z.string(), entity: z.string(), entityId: z.string(), rowHash: z.string().nullable(), prevHash: z.string(), hash: z.string() })),
          }),
          ...securedErrorResponses,
        },
      },
    },
    async (request) => ({
      entries: (await listAudit(ctx.store, actorOf(request), request.query.limit)).map((e) => ({ seq: e.seq, at: e.at.toISOString(), actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId, rowHash: e.rowHash, prevHash: e.prevHash, hash: e.hash })),
    }),
  );
};
