import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  activateOrganisationModel, addOrganisationLexiconEntry, analyseForOrganisation, deleteOrganisationLexiconEntry, MAX_TRAINING_CSV_CHARS,
  organisationLexicon, organisationModels, removeSharedLexiconEntry, restoreSharedLexiconEntry, rollbackOrganisationModel, trainOrganisationModel,
} from "../../../services/speech-org.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import type { AppContext } from "../context.ts";
import { securedErrorResponses } from "../errors.ts";

const text = (max: number) => z.string().max(max).regex(/^[^\u0000]*$/, "must not contain NUL characters");
const Key = {
  term: text(500).min(1), language: text(3).regex(/^(\*|[A-Za-z]{2,3})$/, "must be an ISO 639 code or *"), category: text(64).min(1), source: text(200).min(1),
};
const IdParam = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const Addition = z.object({ id: z.number().int(), ...Object.fromEntries(Object.keys(Key).map((k) => [k, z.string()])), weight: z.number(), target: z.string().nullable(), createdBy: z.string(), createdAt: z.string() });
const Removal = z.object({ id: z.number().int(), term: z.string(), language: z.string(), category: z.string(), source: z.string(), createdBy: z.string(), createdAt: z.string() });
const ModelView = z.object({
  id: z.number().int(), name: z.string(), owner: z.enum(["organisation", "shared"]), labels: z.array(z.string()), dataSha256: z.string(),
  trainingRows: z.number().int().nullable(), labelCounts: z.record(z.string(), z.number()).nullable(), crossValidation: z.record(z.string(), z.unknown()).nullable(),
  createdBy: z.string(), createdAt: z.string(), active: z.boolean(), previous: z.boolean(),
}).describe("OrganisationSpeechModel");
const Activation = z.object({ activeModelId: z.number().int(), previousModelId: z.number().int().nullable() });

/**
 * Each organisation's own speech analysis: its lexicon additions and removals of shared entries
 * (`lexicon:manage`), its models — train from a labelled CSV, inspect the cross-validated scores,
 * activate, roll back (`speech:manage-model`) — and analysis with its own analyser. Nothing here
 * changes another organisation's analysis; every change is audited.
 */
export const speechOrgRoutes = (ctx: AppContext & { protection: ProtectionContext }): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx.protection));

  app.post("/api/speech/analyse", {
    bodyLimit: 2 * 1024 * 1024,
    schema: {
      tags: ["speech"], summary: "Analyse texts with your organisation's lexicon and model (speech:write); nothing is stored",
      body: z.object({ texts: z.array(z.object({ text: text(20_000), language: text(35).optional() }).strict()).min(1).max(1000) }).strict(),
      response: { 200: z.object({ modelId: z.number().int().nullable(), analyses: z.array(z.record(z.string(), z.unknown())) }), ...securedErrorResponses },
    },
  }, async (request) => analyseForOrganisation(ctx.store, actorOf(request), request.body.texts) as never);

  app.get("/api/speech/org-lexicon", {
    schema: {
      tags: ["speech"], summary: "Your organisation's lexicon additions and removals of shared entries (lexicon:manage)",
      response: { 200: z.object({ additions: z.array(Addition), removals: z.array(Removal) }), ...securedErrorResponses },
    },
  }, async (request) => organisationLexicon(ctx.store, actorOf(request)) as never);

  app.post("/api/speech/org-lexicon/entries", {
    schema: {
      tags: ["speech"], summary: "Add an entry to your organisation's lexicon only (lexicon:manage; audited)",
      body: z.object({ ...Key, weight: z.number().gt(0).max(1), target: text(64).min(1).nullable().optional() }).strict(),
      response: { 201: Addition, ...securedErrorResponses },
    },
  }, async (request, reply) => {
    reply.code(201);
    return addOrganisationLexiconEntry(ctx.store, actorOf(request), { ...request.body, target: request.body.target ?? null }) as never;
  });

  app.delete("/api/speech/org-lexicon/entries/:id", {
    schema: { tags: ["speech"], summary: "Delete one of your organisation's own entries (lexicon:manage; audited)", params: IdParam, response: { 204: z.null(), ...securedErrorResponses } },
  }, async (request, reply) => {
    await deleteOrganisationLexiconEntry(ctx.store, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post("/api/speech/org-lexicon/removals", {
    schema: {
      tags: ["speech"], summary: "Remove a shared (built-in or imported) entry from your organisation's analysis only (lexicon:manage; audited)",
      body: z.object(Key).strict(), response: { 201: Removal, ...securedErrorResponses },
    },
  }, async (request, reply) => {
    reply.code(201);
    return removeSharedLexiconEntry(ctx.store, actorOf(request), request.body) as never;
  });

  app.delete("/api/speech/org-lexicon/removals/:id", {
    schema: { tags: ["speech"], summary: "Undo a removal (lexicon:manage; audited)", params: IdParam, response: { 204: z.null(), ...securedErrorResponses } },
  }, async (request, reply) => {
    await restoreSharedLexiconEntry(ctx.store, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.get("/api/speech/org-models", {
    schema: {
      tags: ["speech"], summary: "Models your organisation may use, the active one and the roll-back target (speech:manage-model)",
      response: { 200: z.object({ models: z.array(ModelView), activeModelId: z.number().int().nullable(), usesSharedDefault: z.boolean() }), ...securedErrorResponses },
    },
  }, async (request) => organisationModels(ctx.store, actorOf(request)) as never);

  app.post("/api/speech/org-models/train", {
    bodyLimit: MAX_TRAINING_CSV_CHARS * 4 + 4096,
    schema: {
      tags: ["speech"],
      summary: "Train a model for your organisation from a labelled CSV (speech:manage-model; audited). Stored inactive: look at the cross-validated scores, then activate",
      body: z.object({ name: text(200).min(1), csv: text(MAX_TRAINING_CSV_CHARS).min(1), textColumn: text(200).min(1), labelColumn: text(200).min(1) }).strict(),
      response: { 200: ModelView, ...securedErrorResponses },
    },
  }, async (request) => trainOrganisationModel(ctx.store, actorOf(request), request.body) as never);

  app.post("/api/speech/org-models/:id/activate", {
    schema: { tags: ["speech"], summary: "Analyse with this model in your organisation (speech:manage-model; audited)", params: IdParam, response: { 200: Activation, ...securedErrorResponses } },
  }, async (request) => activateOrganisationModel(ctx.store, actorOf(request), request.params.id));

  app.post("/api/speech/org-models/rollback", {
    schema: { tags: ["speech"], summary: "Back to the model active before the current one (speech:manage-model; audited)", response: { 200: Activation, ...securedErrorResponses } },
  }, async (request) => rollbackOrganisationModel(ctx.store, actorOf(request)));
};
