import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { NotExchangeableError } from "../../../domain/exchange/exchange-bundle.ts";
import { confirmerLabel, ExchangeRefusedError, exchangeActorOf, exportExchange, importExchange, listPartners, listReceived, listReceivedBundles } from "../../../services/exchange.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import type { AppContext } from "../context.ts";
import { errorBody } from "../error-body.ts";
import { securedErrorResponses } from "../errors.ts";

const PublicKey = z.object({ algorithm: z.literal("Ed25519"), publicKeyPem: z.string(), fingerprint: z.string() });
const Refusal = z.object({ error: z.object({ code: z.string(), message: z.string() }).passthrough() }).passthrough();

/** `GET /api/instance/public-key`: the instance's signing key, for partners and courts (public). */
export const instanceKeyRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/instance/public-key",
    { schema: { tags: ["exchange"], summary: "The instance's Ed25519 public key and SHA-256 fingerprint (verify its signed bundles with it)", response: { 200: PublicKey } } },
    async () => {
      const key = ctx.instanceKey!();
      return { algorithm: "Ed25519" as const, publicKeyPem: key.publicKeyPem, fingerprint: key.fingerprint };
    },
  );
};

/** Signed exchange with partner instances (issue 16 part 3): export, import, received items, partners. */
export const exchangeRoutes = (ctx: ProtectionContext & { instanceKey: NonNullable<AppContext["instanceKey"]> }): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.post(
    "/api/exchange/export",
    {
      schema: {
        tags: ["exchange"],
        summary: "Sign a bundle of alerts, reviewed or published assessment versions and verified reports, redacted by rule, for a partner instance (analysts; audited)",
        body: z
          .object({
            partner: z.string().min(1).max(200), alertIds: z.array(z.uuid()).max(1000).default([]),
            assessmentIds: z.array(z.uuid()).max(1000).default([]).describe("assessment version ids (reviewed or published)"), reportIds: z.array(z.uuid()).max(1000).default([]),
          })
          .strict(),
        response: { 200: z.object({ bundleId: z.string(), items: z.number().int(), signed: z.string() }), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      try {
        const { text, bundle } = await exportExchange(ctx.store, exchangeActorOf(actorOf(request), "report:publish"), ctx.instanceKey(), request.body);
        return { bundleId: bundle.bundleId, items: bundle.items.length, signed: text };
      } catch (error) {
        if (error instanceof NotExchangeableError) return reply.code(409).send(errorBody("not_exchangeable", error.message));
        throw error;
      }
    },
  );

  app.post(
    "/api/exchange/import",
    {
      schema: {
        tags: ["exchange"],
        summary: "Import a signed bundle from a registered partner instance; refused (422, nothing written) when tampered, replayed, invalid or from an unknown signer (analysts; audited)",
        body: z.object({ signed: z.string().min(2).max(20_000_000) }).strict(),
        response: { 201: z.object({ partner: z.string(), bundleId: z.string(), items: z.number().int() }), 422: Refusal, ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      try {
        return reply.code(201).send(await importExchange(ctx.store, exchangeActorOf(actorOf(request), "report:review"), request.body.signed));
      } catch (error) {
        if (error instanceof ExchangeRefusedError) return reply.code(422).send(errorBody(error.code, error.message));
        throw error;
      }
    },
  );

  app.get(
    "/api/exchange/received",
    {
      schema: {
        tags: ["exchange"],
        summary: "Items your organisation received from partner instances, with their origin",
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), kind: z.string(), partnerId: z.string(), sourceId: z.string(), payload: z.record(z.string(), z.unknown()), importedAt: z.string() })) }), ...securedErrorResponses },
      },
    },
    async (request) => {
      const who = exchangeActorOf(actorOf(request), "report:review");
      const items = await listReceived(ctx.store, who.organisationId);
      return { items: items.map((i) => ({ id: i.id, kind: i.kind, partnerId: i.partnerId, sourceId: i.sourceId, payload: i.payload, importedAt: i.importedAt.toISOString() })) };
    },
  );

  app.get(
    "/api/partner-instances",
    {
      schema: {
        tags: ["exchange"],
        summary: "Partner instances whose signed bundles this instance accepts (added by the operator with `tocsin partners add`)",
        response: {
          200: z.object({
            partners: z.array(z.object({
              id: z.string(), name: z.string(), fingerprint: z.string(), confirmedAt: z.string(),
              confirmedBy: z.string().describe("who compared the key's fingerprint with the partner, in words"),
            })),
          }),
          ...securedErrorResponses,
        },
      },
    },
    async (request) => {
      exchangeActorOf(actorOf(request), "report:review");
      return { partners: (await listPartners(ctx.store)).map((p) => ({ id: p.id, name: p.name, fingerprint: p.fingerprint, confirmedAt: p.confirmedAt.toISOString(), confirmedBy: confirmerLabel(p.confirmedBy) })) };
    },
  );

  app.get(
    "/api/exchange/bundles",
    {
      schema: {
        tags: ["exchange"],
        summary: "Bundles your organisation imported from partner instances: from whom, when, and item counts by kind (analysts)",
        response: {
          200: z.object({
            bundles: z.array(z.object({
              bundleId: z.string(), partner: z.string().describe("the partner instance whose key signed it"), fromOrganisation: z.string().nullable().describe("the sending organisation as named in the bundle"),
              importedAt: z.string(), items: z.object({ alert: z.number().int(), assessment: z.number().int(), report: z.number().int() }),
            })),
          }),
          ...securedErrorResponses,
        },
      },
    },
    async (request) => {
      const who = exchangeActorOf(actorOf(request), "report:review");
      return { bundles: await listReceivedBundles(ctx.store, who.organisationId) };
    },
  );
};
