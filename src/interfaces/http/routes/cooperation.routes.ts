import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ALERT_LEVELS } from "../../../domain/alerts/level.ts";
import { SIGNAL_KINDS } from "../../../domain/alerts/signal.ts";
import { ACTION_STATUSES } from "../../../domain/response/gap-metrics.ts";
import { SHARE_ITEM_TYPES } from "../../../domain/sharing/shared-item.ts";
import { organisationAlerts, organisationCountryAlert } from "../../../services/alert-level.service.ts";
import { listPartners } from "../../../services/partner.service.ts";
import { acknowledgeShare, listIncomingShares, listOutgoingShares, recordShareResponse, revokeShare, shareItem, updateShareResponse } from "../../../services/share.service.ts";
import { confirmSpeechSpike } from "../../../services/speech-confirmation.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { securedErrorResponses } from "../errors.ts";
import { Iso3, noNul, Uuid } from "../schemas.ts";

const Level = z.enum(ALERT_LEVELS);
const Signal = z.object({
  kind: z.enum(SIGNAL_KINDS), countryIso3: z.string(), situation: z.string(), value: z.number(), risk: z.number().optional(), threshold: z.number().nullable(),
  period: z.object({ from: z.string(), to: z.string() }), sourceIds: z.array(z.string()), sentence: z.string(),
  supports: Level.optional(), rule: z.string().nullable().optional(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
const OrgAlert = z
  .object({
    id: z.string(), iso3: z.string(), name: z.string(), region: z.string().nullable(), situation: z.string(), level: Level, label: z.string(), previousLevel: Level, computedLevel: Level,
    explanation: z.string(), since: z.string(), reassessOn: z.string().nullable(),
    override: z.object({ level: Level, reason: z.string(), at: z.string(), until: z.string().nullable() }).nullable(),
    signals: z.array(Signal),
    view: z.enum(["organisation", "public"]).describe("organisation: the organisation has its own level here; public: its view is the public level"),
    publicLevel: Level, publicLabel: z.string(), difference: z.string().nullable().describe("why the organisation's level differs from the public one"),
  })
  .describe("OrganisationAlertLevel");
const History = z.object({ id: z.string(), situation: z.string(), level: Level, previousLevel: Level, computedLevel: Level, overridden: z.boolean(), explanation: z.string(), at: z.string() });
const ShareResponse = z
  .object({
    id: z.string(), shareId: z.string(), organisation: z.string().describe("the recipient organisation that acts"), description: z.string(), status: z.enum(ACTION_STATUSES),
    outcome: z.string().nullable(), visibleToSharer: z.boolean().describe("the recipient lets the sharer see this action (never who recorded it)"), createdAt: z.string(), updatedAt: z.string(),
  })
  .describe("ShareResponse");
const Share = z
  .object({
    id: z.string(), itemType: z.enum(SHARE_ITEM_TYPES), itemId: z.string(), payload: z.record(z.string(), z.unknown()).describe("the redacted shared shape (docs/cooperation.md)"),
    origin: z.object({ organisationId: z.string(), organisation: z.string(), sharedBy: z.string(), sharedAt: z.string() }),
    recipients: z.array(z.object({ id: z.string(), name: z.string() })), published: z.boolean(), revokedAt: z.string().nullable(), acknowledgedAt: z.string().nullable(),
    responses: z.array(ShareResponse).describe("for a recipient: its own response actions on the shared alert; for the sharer: those recipients chose to show it"),
  })
  .describe("Share");
const tags = ["cooperation"];

/**
 * Cooperation between organisations on one instance (issues 14 and 16): the organisation's own view
 * of alert levels beside the public one, confirming speech spikes, the partners on the instance,
 * and deliberate sharing (share, revoke, incoming, acknowledge).
 */
export const cooperationRoutes = (ctx: ProtectionContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.get(
    "/api/org/alerts",
    {
      schema: {
        tags, summary: "The caller's organisation's view of the current levels, each beside the public level with the difference explained",
        querystring: z.object({ level: z.union([Level, z.array(Level).max(4)]).optional(), country: Iso3.optional() }).strict(),
        response: { 200: z.object({ alerts: z.array(OrgAlert) }), ...securedErrorResponses },
      },
    },
    async (request) => {
      const { level, country } = request.query;
      return { alerts: await organisationAlerts(ctx, actorOf(request), { country, levels: level === undefined ? undefined : Array.isArray(level) ? level : [level] }) };
    },
  );

  app.get(
    "/api/org/countries/:iso3/alert",
    {
      schema: {
        tags, summary: "One country as the caller's organisation sees it: its level beside the public one, its situations, and its own view's history",
        params: z.object({ iso3: Iso3 }),
        response: { 200: z.object({ iso3: z.string(), name: z.string(), current: OrgAlert.nullable(), situations: z.array(OrgAlert), history: z.array(History) }), ...securedErrorResponses },
      },
    },
    async (request) => organisationCountryAlert(ctx, actorOf(request), request.params.iso3),
  );

  app.post(
    "/api/speech/spikes/confirmations",
    {
      schema: {
        tags, summary: "Confirm a detected speech spike (analysts) so it moves the public level; until then it moves only the feeding organisation's view. Audited",
        body: z
          .object({
            country: Iso3, period: z.iso.date().describe("first day of the spike's week"), dimension: z.enum(["volume", "hallmark", "target", "label"]),
            key: noNul(z.string().min(1).max(200)), note: noNul(z.string().trim().min(3).max(2000)),
          })
          .strict(),
        response: { 201: z.object({ id: z.string(), country: z.string(), period: z.string(), dimension: z.string(), key: z.string(), note: z.string(), confirmedAt: z.string() }), ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await confirmSpeechSpike(ctx, actorOf(request), request.body)),
  );

  app.get(
    "/api/partners",
    {
      schema: {
        tags, summary: "The organisations on this instance (names only), and which are public publishers",
        response: { 200: z.object({ partners: z.array(z.object({ id: z.string(), name: z.string(), publicPublisher: z.boolean(), self: z.boolean() })) }), ...securedErrorResponses },
      },
    },
    async (request) => ({ partners: await listPartners(ctx, actorOf(request)) }),
  );

  app.post(
    "/api/shares",
    {
      schema: {
        tags, summary: "Share an alert, an assessment version or a verified report with partner organisations, or publish it; what leaves is redacted by rule. Analysts. Audited",
        body: z.object({ itemType: z.enum(SHARE_ITEM_TYPES), itemId: Uuid, recipients: z.array(Uuid).max(100).default([]), publish: z.boolean().default(false) }).strict(),
        response: { 201: Share, ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await shareItem(ctx, actorOf(request), request.body)),
  );

  app.get(
    "/api/shares/outgoing",
    { schema: { tags, summary: "The organisation's own shares, revoked ones too", response: { 200: z.object({ shares: z.array(Share) }), ...securedErrorResponses } } },
    async (request) => ({ shares: await listOutgoingShares(ctx, actorOf(request)) }),
  );

  app.get(
    "/api/shares/incoming",
    { schema: { tags, summary: "Items partner organisations shared with the caller's organisation or published, with their origin", response: { 200: z.object({ shares: z.array(Share) }), ...securedErrorResponses } } },
    async (request) => ({ shares: await listIncomingShares(ctx, actorOf(request)) }),
  );

  app.delete(
    "/api/shares/:id",
    {
      schema: { tags, summary: "Revoke one of the organisation's shares: recipients lose it. Audited", params: z.object({ id: Uuid }), response: { 200: Share, ...securedErrorResponses } },
    },
    async (request) => revokeShare(ctx, actorOf(request), request.params.id),
  );

  app.post(
    "/api/shares/:id/acknowledge",
    {
      schema: {
        tags, summary: "Acknowledge an incoming share for the organisation (analysts). Audited",
        params: z.object({ id: Uuid }), body: z.object({ note: noNul(z.string().max(2000)).optional() }).strict(),
        response: { 200: Share, ...securedErrorResponses },
      },
    },
    async (request) => acknowledgeShare(ctx, actorOf(request), request.params.id, request.body.note ?? ""),
  );

  app.post(
    "/api/shares/:id/responses",
    {
      schema: {
        tags,
        summary: "Record a response action on an alert shared with the caller's organisation (analysts). Kept in the organisation; the sharer sees it only with visibleToSharer. Audited",
        params: z.object({ id: Uuid }),
        body: z
          .object({
            description: noNul(z.string().trim().min(3).max(2000)), status: z.enum(ACTION_STATUSES).default("planned"), outcome: noNul(z.string().max(2000)).nullable().optional(),
            visibleToSharer: z.boolean().default(false).describe("let the sharing organisation see this action (description, status, outcome; never who)"),
          })
          .strict(),
        response: { 201: ShareResponse, ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await recordShareResponse(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.patch(
    "/api/shares/:id/responses/:responseId",
    {
      schema: {
        tags, summary: "Change the status, outcome or visibility of one of the organisation's response actions on a shared alert (analysts). Audited",
        params: z.object({ id: Uuid, responseId: Uuid }),
        body: z.object({ status: z.enum(ACTION_STATUSES).optional(), outcome: noNul(z.string().max(2000)).nullable().optional(), visibleToSharer: z.boolean().optional() }).strict(),
        response: { 200: ShareResponse, ...securedErrorResponses },
      },
    },
    async (request) => updateShareResponse(ctx, actorOf(request), request.params.id, request.params.responseId, request.body),
  );
};
