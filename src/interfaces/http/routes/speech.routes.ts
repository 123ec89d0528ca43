import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { HALLMARKS } from "../../../domain/speech/analysis.ts";
import {
  activateSpeechModel, countrySpeechTrends, createLexiconEntry, deleteLexiconEntry, ingestSpeech, listLexiconEntries, listSpeechItems,
  listSpeechModels, MAX_BATCH_BYTES, MAX_BATCH_ITEMS, MAX_TEXT_CHARS, speechAlerts, updateLexiconEntry, uploadSpeechModel,
} from "../../../services/speech.service.ts";
import { InvalidInputError } from "../../../services/auth.service.ts";
import type { SpeechItemPosition } from "../../../infra/store/speech.repository.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import type { AppContext } from "../context.ts";
import { securedErrorResponses } from "../errors.ts";
import { RequestLimiter } from "../rate-limit.ts";
import { DayOrInstant, FROM_AFTER_TO, IntIdParam, Iso3, fromNotAfterTo, isInstant, noNul, toInstant } from "../schemas.ts";

const short = (max = 500) => noNul(z.string().max(max));


/**
 * Encodes a page position as an opaque cursor (base64url of a JSON pair); clients must not build or
 * parse cursors.
 * @param p time and id of the last item returned
 */
export function encodeSpeechCursor(p: SpeechItemPosition): string {
  return Buffer.from(JSON.stringify([p.time, p.id])).toString("base64url");
}

/**
 * Decodes a cursor made by {@link encodeSpeechCursor}.
 * @returns the position, or undefined when the text is not a valid cursor
 */
export function decodeSpeechCursor(cursor: string): SpeechItemPosition | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== "string" || !Number.isSafeInteger(v[1]) || (v[1] as number) < 1) return undefined;
    if (!isInstant(v[0])) return undefined;
    return { time: v[0], id: v[1] as number };
  } catch {
    return undefined;
  }
}

// The batch body: fields may use any alias `parseSpeechBatch` accepts, so records are open objects
// of bounded scalars; the use case validates each field and names the item at fault.
const Scalar = z.union([noNul(z.string().max(MAX_TEXT_CHARS)), z.number(), z.null()]);
const RawItem = z.record(short(64), Scalar).refine((o) => Object.keys(o).length <= 20, "at most 20 fields per item");
const Batch = z.union([z.array(RawItem).max(MAX_BATCH_ITEMS), z.object({ items: z.array(RawItem).max(MAX_BATCH_ITEMS) }).strict()]);

const Hallmark = z.object({ kind: z.enum(HALLMARKS), subtype: z.string().nullable(), score: z.number(), evidence: z.array(z.string()).readonly() });
const Analysis = z.object({
  language: z.string(), languageSource: z.enum(["given", "detected"]), label: z.string().nullable(), probabilities: z.record(z.string(), z.number()).nullable(),
  hallmarks: z.array(Hallmark).readonly(),
  targets: z.array(z.object({ group: z.string(), attribute: z.string(), terms: z.array(z.string()).readonly(), slur: z.boolean(), weight: z.number() })).readonly(),
  hits: z.array(z.object({ term: z.string(), matched: z.string(), category: z.string(), target: z.string().nullable(), weight: z.number(), source: z.string() })).readonly(),
  rabat: z.array(z.object({ factor: z.string(), assessment: z.enum(["machine", "analyst"]), value: z.string().nullable(), note: z.string() })).readonly(),
});
const ItemView = z
  .object({
    id: z.number().int(), clientId: z.string(), text: z.string(), time: z.string(), source: z.string(), country: z.string().describe("ISO3"),
    languageGiven: z.string().nullable(), reach: z.number().nullable(), analysis: Analysis, createdAt: z.string(),
  })
  .describe("SpeechItem");

const LexiconFields = {
  term: short(500).min(1), language: short(3).regex(/^(\*|[A-Za-z]{2,3})$/, "must be an ISO 639 code or *"), category: short(64).min(1),
  weight: z.number().gt(0).max(1), target: short(64).min(1).nullable(), source: short(200).min(1),
};
const LexiconView = z
  .object({ id: z.number().int(), term: z.string(), language: z.string(), category: z.string(), weight: z.number(), target: z.string().nullable(), source: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .describe("SpeechLexiconEntry");

/** An optional from/to window; from must not be after to (both dates or ISO instants). */
const RangeQuery = {
  from: DayOrInstant.optional().describe("At or after this time (a date is its UTC midnight)"),
  to: DayOrInstant.optional().describe("Before this time"),
};

const ModelView = z
  .object({
    id: z.number().int(), name: z.string(), dataSha256: z.string(), modelSha256: z.string(), labels: z.array(z.string()), createdBy: z.string(),
    createdAt: z.string(), active: z.boolean(), activatedAt: z.string().nullable(),
  })
  .describe("SpeechModel");
// The model file is checked by loading it (SpeechClassifier); here only its outer shape is bounded.
const ModelFile = z.object({ format: z.literal("tocsin-speech-model"), version: z.number().int() }).passthrough();

const TrendRowSchema = z.object({
  period: z.string().describe("First day of the period, YYYY-MM-DD"), country: z.string(), dimension: z.enum(["volume", "hallmark", "target", "label"]),
  key: z.string(), count: z.number().int(), total: z.number().int(), rate: z.number(),
});
const AlertSchema = z.object({
  signal: z.literal("speech_spike"), country: z.string(), period: z.string(), dimension: z.enum(["volume", "hallmark", "target", "label"]), key: z.string(),
  count: z.number().int(), expected: z.number(), z: z.number(), rate: z.number(), baselineRate: z.number(), message: z.string(),
});

/**
 * Dangerous-speech monitoring: batch ingestion (`speech:write`), stored items and their analyses,
 * the run-time lexicon (`lexicon:manage`), per-country trends and spike alerts. Items, trends and
 * alerts concern public-source texts and are readable without signing in, like events.
 */
export const speechRoutes = (ctx: AppContext & { protection: ProtectionContext }): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx.protection));

  const ingestLimiter = ctx.rateLimits ? new RequestLimiter(ctx.rateLimits.speechIngest) : undefined;
  app.post(
    "/api/speech/items",
    {
      // Runs after authentication and before the body is read: a refused batch costs nothing.
      onRequest: async (request) => ingestLimiter?.check(request),
      // The item limit checked before the schema walks every item, with a message naming it.
      preValidation: async (request) => {
        const body = request.body as { items?: unknown } | unknown[] | null;
        const list = Array.isArray(body) ? body : body && typeof body === "object" ? (body as { items?: unknown }).items : undefined;
        if (Array.isArray(list) && list.length > MAX_BATCH_ITEMS) {
          throw new InvalidInputError(`the batch has ${list.length} items; at most ${MAX_BATCH_ITEMS} per request (send several batches)`, "items");
        }
      },
      bodyLimit: MAX_BATCH_BYTES,
      schema: {
        tags: ["speech"],
        summary: "Submit a batch of texts for analysis (analysts, monitors); idempotent by client id",
        description:
          `An array of items, or {"items": [...]}, at most ${MAX_BATCH_ITEMS} items and ${MAX_BATCH_BYTES} bytes of JSON ` +
          "(more items: 400 naming `items`; more bytes: 413 `payload_too_large` naming `body` and the limit; send larger sets as several batches). " +
          `Rate-limited per credential and per client address (429 with Retry-After). Each item: id (client id), text (≤ ${MAX_TEXT_CHARS} characters), ` +
          "time (ISO 8601), source, country (ISO alpha-2 or alpha-3), optional language and reach. The batch is validated as a whole: one bad item " +
          "rejects it (400 naming `items[i]` and the field) and nothing is stored. Items whose client id is already stored are skipped " +
          "untouched, so a retried batch stores nothing twice.",
        body: Batch,
        response: { 200: z.object({ inserted: z.number().int(), duplicates: z.number().int(), duplicateIds: z.array(z.string()) }), ...securedErrorResponses },
      },
    },
    async (request) => ingestSpeech(ctx.store, ctx.registry, actorOf(request), request.body, ctx.speechAnalysis),
  );

  app.get(
    "/api/speech/items",
    {
      schema: {
        tags: ["speech"],
        summary: "Stored texts with their analyses (hallmarks, targets, Rabat factors), in time order, with cursor pagination",
        querystring: z
          .object({
            country: Iso3.optional(),
            from: DayOrInstant.optional().describe("Items at or after this time"),
            to: DayOrInstant.optional().describe("Items before this time"),
            limit: z.coerce.number().int().min(1).max(500).default(100),
            cursor: z.string().max(200).refine((c) => decodeSpeechCursor(c) !== undefined, "is not a cursor returned by this API").optional(),
          })
          .refine(fromNotAfterTo, FROM_AFTER_TO),
        response: { 200: z.object({ items: z.array(ItemView), nextCursor: z.string().nullable() }), ...securedErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listSpeechItems(ctx.store, { country: q.country, from: toInstant(q.from), to: toInstant(q.to) }, q.limit, q.cursor ? decodeSpeechCursor(q.cursor) : undefined);
      return { items: page.items, nextCursor: page.next ? encodeSpeechCursor(page.next) : null };
    },
  );

  app.get(
    "/api/countries/:iso3/speech/trends",
    {
      schema: {
        tags: ["speech"],
        summary: "A country's speech trends: counts and rates per day or week for volume, hallmarks, target groups and labels",
        params: z.object({ iso3: Iso3 }),
        querystring: z.object({ period: z.enum(["day", "week"]).default("week"), ...RangeQuery }).refine(fromNotAfterTo, FROM_AFTER_TO),
        response: { 200: z.object({ country: z.string(), period: z.enum(["day", "week"]), rows: z.array(TrendRowSchema) }), ...securedErrorResponses },
      },
    },
    async (request) => {
      const { period, from, to } = request.query;
      const rows = await countrySpeechTrends(ctx.store, request.params.iso3, period, { from: toInstant(from), to: toInstant(to) });
      return { country: request.params.iso3.toUpperCase(), period, rows };
    },
  );

  app.get(
    "/api/speech/alerts",
    {
      schema: {
        tags: ["speech"],
        summary: "Speech spike alerts from the stored items (one country, or all)",
        description:
          "Each period is compared with up to 8 earlier ones: alert when count ≥ 5, z ≥ 3 and count ≥ 2 × expected (see docs/speech.md). " +
          "With from/to, the alerts of the periods overlapping the window (baselines still use the periods before from).",
        querystring: z.object({ country: Iso3.optional(), period: z.enum(["day", "week"]).default("week"), ...RangeQuery }).refine(fromNotAfterTo, FROM_AFTER_TO),
        response: { 200: z.object({ alerts: z.array(AlertSchema) }), ...securedErrorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      return { alerts: await speechAlerts(ctx.store, { country: q.country, period: q.period, from: toInstant(q.from), to: toInstant(q.to) }) };
    },
  );

  app.get(
    "/api/speech/models",
    {
      schema: {
        tags: ["speech"],
        summary: "Stored speech classifiers (no weights), newest first; speech:manage-model",
        response: { 200: z.object({ models: z.array(ModelView) }), ...securedErrorResponses },
      },
    },
    async (request) => ({ models: await listSpeechModels(ctx.store, actorOf(request)) }),
  );

  app.post(
    "/api/speech/models",
    {
      bodyLimit: 80 * 1024 * 1024,
      schema: {
        tags: ["speech"],
        summary: "Upload a trained model (`tocsin speech train` output) and optionally activate it (speech:manage-model; audited)",
        description:
          "The model is global: once active it labels every newly ingested text (label and probabilities stored with the item). " +
          "Items stored earlier keep their labels until `tocsin speech reanalyse` runs. Uploading the same file twice stores it once.",
        body: z.object({ name: short(200).min(1), model: ModelFile, activate: z.boolean().default(false) }).strict(),
        response: { 200: z.object({ model: ModelView, created: z.boolean(), warnings: z.array(z.string()) }), ...securedErrorResponses },
      },
    },
    async (request) => uploadSpeechModel(ctx.store, actorOf(request), request.body),
  );

  app.post(
    "/api/speech/models/:id/activate",
    {
      schema: {
        tags: ["speech"],
        summary: "Make a stored model the active one (speech:manage-model; audited)",
        params: IntIdParam,
        response: { 200: ModelView, ...securedErrorResponses },
      },
    },
    async (request) => activateSpeechModel(ctx.store, actorOf(request), request.params.id),
  );

  app.get(
    "/api/speech/lexicon",
    {
      schema: {
        tags: ["speech"],
        summary: "Run-time lexicon entries (not the built-in lexicon); lexicon:manage",
        querystring: z.object({
          language: short(3).optional(), category: short(64).optional(), source: short(200).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
          after: z.coerce.number().int().min(0).max(2_147_483_647).optional().describe("`nextAfter` of the previous page"),
        }),
        response: { 200: z.object({ entries: z.array(LexiconView), nextAfter: z.number().int().nullable() }), ...securedErrorResponses },
      },
    },
    async (request) => {
      const { limit, after, ...filter } = request.query;
      return listLexiconEntries(ctx.store, actorOf(request), filter, limit, after);
    },
  );

  app.post(
    "/api/speech/lexicon",
    {
      schema: {
        tags: ["speech"],
        summary: "Add a lexicon entry (lexicon:manage; audited); the next analysis uses it",
        body: z.object({ ...LexiconFields, target: LexiconFields.target.optional() }).strict(),
        response: { 201: LexiconView, ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      reply.code(201);
      return createLexiconEntry(ctx.store, actorOf(request), { ...b, target: b.target ?? null });
    },
  );

  app.patch(
    "/api/speech/lexicon/:id",
    {
      schema: {
        tags: ["speech"],
        summary: "Change a lexicon entry (lexicon:manage; audited)",
        params: IntIdParam,
        body: z.object(LexiconFields).partial().strict().refine((b) => Object.keys(b).length > 0, "give at least one field"),
        response: { 200: LexiconView, ...securedErrorResponses },
      },
    },
    async (request) => updateLexiconEntry(ctx.store, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/api/speech/lexicon/:id",
    {
      schema: {
        tags: ["speech"],
        summary: "Delete a lexicon entry (lexicon:manage; audited)",
        params: IntIdParam,
        response: { 204: z.null(), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      await deleteLexiconEntry(ctx.store, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
