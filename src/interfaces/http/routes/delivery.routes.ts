import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ALERT_LEVELS } from "../../../domain/alerts/level.ts";
import { DELIVERY_CHANNELS, OUTBOX_STATUSES } from "../../../domain/delivery/delivery.ts";
import {
  createSubscription, deleteSubscription, listDeadDeliveries, listInbox, listSubscriptions, markInboxRead, retryDeadDelivery, updateSubscription,
} from "../../../services/delivery.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { MESSAGE_LANGUAGES } from "../../../domain/i18n/languages.ts";
import { securedErrorResponses } from "../errors.ts";
import { Iso3, UuidParam, noNul, text } from "../schemas.ts";

const Webhook = z
  .object({
    url: text(2000).describe("http(s) URL; redirects are not followed"),
    secret: noNul(z.string().min(16).max(256)).optional().describe("HMAC signing secret (16+ characters); omitted: one is generated and returned once"),
  })
  .strict();
const Email = z.email().max(320);
const Subscription = z
  .object({
    id: z.string(), scope: z.enum(["user", "organisation"]), countries: z.array(z.string()), region: z.string().nullable(), minLevel: z.enum(ALERT_LEVELS),
    webhook: z.object({ url: z.string().nullable().describe("null: hidden from you (only the subscription's owner and admins see contacts)") }).nullable(),
    email: z.string().nullable().describe("null when there is none or it is hidden from you"),
    contactsHidden: z.boolean().describe("true when you may not see this subscription's contacts (encrypted at rest; owner and admins only)"),
    createdAt: z.string(), updatedAt: z.string(),
  })
  .describe("Subscription");
const Saved = z.object({ subscription: Subscription, webhookSecret: z.string().optional().describe("the generated signing secret, shown this once") });
const InboxItem = z
  .object({
    id: z.string(), read: z.boolean(), readAt: z.string().nullable(), deliveredAt: z.string(),
    alert: z.object({ id: z.string(), countryIso3: z.string(), situation: z.string().nullable(), level: z.enum(ALERT_LEVELS), levelLabel: z.string(), previousLevel: z.enum(ALERT_LEVELS), explanation: z.string(), createdAt: z.string(), headline: z.string().describe("The change in one sentence, in the reader's language"), lang: z.enum(MESSAGE_LANGUAGES) }),
  })
  .describe("InboxItem");
const Delivery = z
  .object({
    id: z.string(), alertId: z.string(), subscriptionId: z.string(), channel: z.enum(DELIVERY_CHANNELS), status: z.enum(OUTBOX_STATUSES), attempts: z.number(),
    nextAttemptAt: z.string(), lastError: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(), sentAt: z.string().nullable(),
  })
  .describe("Delivery");
const Scope = {
  countries: z.array(Iso3).max(300).describe("ISO3 codes; empty = every country (narrowed by region)"),
  region: text(100).nullable().describe("a region of the country registry, e.g. Sub-Saharan Africa"),
  minLevel: z.enum(ALERT_LEVELS).describe("the lowest level that is delivered (a fall from it is delivered too)"),
};
const tags = ["alerts"];

/**
 * Alert delivery: subscriptions (your own, or your organisation's), the in-app inbox, and the
 * dead-letter list of deliveries that failed every attempt.
 */
export const deliveryRoutes = (ctx: ProtectionContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.get(
    "/api/subscriptions",
    { schema: { tags, summary: "Your alert subscriptions and your organisation's", response: { 200: z.object({ subscriptions: z.array(Subscription) }), ...securedErrorResponses } } },
    async (request) => ({ subscriptions: await listSubscriptions(ctx, actorOf(request)) }),
  );

  app.post(
    "/api/subscriptions",
    {
      schema: {
        tags,
        summary: "Subscribe to alert level changes (scope organisation: admins and analysts). The inbox always receives them; add a webhook and/or an e-mail address",
        body: z.object({ scope: z.enum(["user", "organisation"]).default("user"), countries: Scope.countries.default([]), region: Scope.region.optional(), minLevel: Scope.minLevel, webhook: Webhook.nullable().optional(), email: Email.nullable().optional() }).strict(),
        response: { 201: Saved, ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createSubscription(ctx, actorOf(request), request.body)),
  );

  app.patch(
    "/api/subscriptions/:id",
    {
      schema: {
        tags,
        summary: "Change a subscription: fields to replace; webhook or email null removes that channel; a new webhook without a secret gets a generated one",
        params: UuidParam,
        body: z.object({ countries: Scope.countries.optional(), region: Scope.region.optional(), minLevel: Scope.minLevel.optional(), webhook: Webhook.nullable().optional(), email: Email.nullable().optional() }).strict(),
        response: { 200: Saved, ...securedErrorResponses },
      },
    },
    async (request) => updateSubscription(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/api/subscriptions/:id",
    { schema: { tags, summary: "Remove a subscription", params: UuidParam, response: { 204: z.null(), ...securedErrorResponses } } },
    async (request, reply) => {
      await deleteSubscription(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/inbox",
    {
      schema: {
        tags,
        summary: "Your in-app alert inbox, newest first, with the number unread",
        querystring: z.object({ unread: z.enum(["true", "false"]).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
        response: { 200: z.object({ items: z.array(InboxItem), unread: z.number() }), ...securedErrorResponses },
      },
    },
    async (request) => listInbox(ctx, actorOf(request), { unreadOnly: request.query.unread === "true", limit: request.query.limit }),
  );

  app.post(
    "/api/inbox/:id/read",
    { schema: { tags, summary: "Mark an inbox entry read", params: UuidParam, response: { 200: z.object({ id: z.string(), readAt: z.string() }), ...securedErrorResponses } } },
    async (request) => markInboxRead(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/api/outbox/dead",
    { schema: { tags, summary: "Deliveries that failed every attempt (admins); no addresses or secrets", response: { 200: z.object({ deliveries: z.array(Delivery) }), ...securedErrorResponses } } },
    async (request) => ({ deliveries: await listDeadDeliveries(ctx, actorOf(request)) }),
  );

  app.post(
    "/api/outbox/:id/retry",
    { schema: { tags, summary: "Queue a dead-lettered delivery again with a fresh attempt budget (same delivery id)", params: UuidParam, response: { 200: Delivery, ...securedErrorResponses } } },
    async (request) => retryDeadDelivery(ctx, actorOf(request), request.params.id),
  );
};
