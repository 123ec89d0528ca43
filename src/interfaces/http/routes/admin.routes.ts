import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { PERMISSIONS, ROLES } from "../../../domain/identity/permissions.ts";
import { approveIdentityAccess, ownOrganisation, roleTable, setUserDisabled } from "../../../services/identity-admin.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { securedErrorResponses } from "../errors.ts";
import { UuidParam, text } from "../schemas.ts";
import { User } from "./auth.routes.ts";
import { forcePasswordReset } from "../../../services/auth.service.ts";


/** The admin pages' routes: disable/enable a user, the own organisation, the role table (all `user:manage`). */
export const adminRoutes = (ctx: ProtectionContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.patch(
    "/api/users/:id",
    {
      schema: {
        tags: ["auth"],
        summary: "Disable or re-enable a user of your organisation (admins; audited). A disabled user's sessions and tokens stop working",
        params: UuidParam,
        body: z.object({ disabled: z.boolean() }).strict(),
        response: { 200: z.object({ user: User }), ...securedErrorResponses },
      },
    },
    async (request) => ({ user: await setUserDisabled(ctx.store, actorOf(request), request.params.id, request.body.disabled) }),
  );

  app.post(
    "/api/users/:id/password-reset",
    {
      schema: {
        tags: ["auth"],
        summary: "Force a user of your organisation to choose a new password (admins; audited)",
        description:
          "The temporary password replaces the old one; every session and API token of the user ends; until the user changes the password " +
          "(POST /api/auth/password) they hold no permission. Hand the temporary password over by a channel you trust.",
        params: UuidParam,
        body: z.object({ temporaryPassword: text(1024).describe("12 to 1,024 characters") }).strict(),
        response: { 200: z.object({ user: User }), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return { user: await forcePasswordReset(ctx.store, actorOf(request), request.params.id, request.body.temporaryPassword) };
    },
  );

  app.post(
    "/api/users/:id/approve-role",
    {
      schema: {
        tags: ["auth"],
        summary: "Approve a user's access to reporter identities (a second holder of report:read-identity; never oneself; audited)",
        description:
          "A role that reads identities (analyst) works without its identity permissions until approved here by someone who already holds them. " +
          "The first such user of an organisation is approved by whoever runs the instance: `tocsin users approve-role EMAIL`.",
        params: UuidParam,
        response: { 200: z.object({ user: User }), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return { user: await approveIdentityAccess(ctx.store, actorOf(request), request.params.id) };
    },
  );

  app.get(
    "/api/organisation",
    {
      schema: {
        tags: ["auth"],
        summary: "Your organisation and its member counts by role (admins)",
        response: { 200: z.object({ id: z.string(), name: z.string(), createdAt: z.string(), members: z.record(z.enum(ROLES), z.number().int()) }), ...securedErrorResponses },
      },
    },
    async (request) => ownOrganisation(ctx.store, actorOf(request)),
  );

  app.get(
    "/api/roles",
    {
      schema: {
        tags: ["auth"],
        summary: "The access policy: which role holds which permission (read-only; admins)",
        response: { 200: z.object({ roles: z.array(z.enum(ROLES)), permissions: z.array(z.object({ permission: z.enum(PERMISSIONS), roles: z.array(z.enum(ROLES)) })) }), ...securedErrorResponses },
      },
    },
    async (request) => roleTable(actorOf(request)),
  );
};
