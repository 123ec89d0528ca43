import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ALERT_LEVELS } from "../../../domain/alerts/level.ts";
import { SIGNAL_KINDS } from "../../../domain/alerts/signal.ts";
import type { Db } from "../../../infra/store/database.ts";
import type { AlertRow } from "../../../infra/store/alert.repository.ts";
import { alertTrackRecord, clearAlertOverride, countryAlert, listAlerts, overrideAlertLevel } from "../../../services/alert-level.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { errorResponses, securedErrorResponses } from "../errors.ts";
import { Instant, Iso3, Iso3Param, noNul, optionalText, text } from "../schemas.ts";

const Level = z.enum(ALERT_LEVELS);
const Signal = z
  .object({
    kind: z.enum(SIGNAL_KINDS), countryIso3: z.string(), situation: z.string(), value: z.number(), risk: z.number().optional(), threshold: z.number().nullable(),
    period: z.object({ from: z.string(), to: z.string() }), sourceIds: z.array(z.string()), sentence: z.string(),
    supports: Level.optional(), rule: z.string().nullable().optional(),
    detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  })
  .describe("AlertSignal");
const AlertView = z
  .object({
    id: z.string(), iso3: z.string(), name: z.string(), region: z.string().nullable(), situation: z.string().describe("'' for the whole country, else an admin1 region"),
    level: Level, label: z.string(), previousLevel: Level, computedLevel: Level.describe("what the rules say (differs from level under an override)"),
    explanation: z.string(), since: z.string(), reassessOn: z.string().nullable(),
    override: z.object({ level: Level, reason: z.string(), at: z.string(), until: z.string().nullable() }).nullable(),
    signals: z.array(Signal),
  })
  .describe("AlertLevel");
const History = z.object({ id: z.string(), situation: z.string(), level: Level, previousLevel: Level, computedLevel: Level, overridden: z.boolean(), explanation: z.string(), at: z.string() });
const LevelRecord = z.object({
  level: Level, alerts: z.number(), hits: z.number(), hitRate: z.number().nullable(), falseAlarmRatio: z.number().nullable(), falseAlarmRate: z.number().nullable(),
  onsets: z.number(), caught: z.number(), recall: z.number().nullable(),
  leadTime: z.object({ median: z.number(), mean: z.number(), min: z.number(), max: z.number() }).nullable(),
});
const TrackRecord = z
  .object({
    model: z.string(), backtest: z.object({ id: z.number(), dataVersionId: z.number(), createdAt: z.string() }).nullable(), horizonYears: z.number(),
    years: z.tuple([z.number(), z.number()]).nullable(), countryYears: z.number(), positives: z.number(), levels: z.array(LevelRecord), method: z.string(),
  })
  .describe("TrackRecord");
const Situation = optionalText(200);
const tags = ["alerts"];

/** What the alert routes need: the protection context, and the in-transaction change hook (delivery). */
export interface AlertRouteContext extends ProtectionContext {
  onLevelChange?: (tx: Db, alert: AlertRow) => Promise<void>;
}

/**
 * Alert levels: current levels (anyone), a country's level with its explanation and history
 * (anyone), analyst overrides (set and clear, audited), and the track record of the rules.
 */
export const alertRoutes = (ctx: AlertRouteContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.get(
    "/api/alerts",
    {
      schema: {
        tags,
        summary: "Current alert levels (Watch, Warning, Emergency), gravest first, each with its explanation and signals",
        querystring: z.object({
          level: z.union([Level, z.array(Level).max(4)]).optional().describe("one or more levels (default watch, warning, emergency)"),
          country: Iso3.optional(),
          region: text(100).optional(),
          scope: z.enum(["country", "situation"]).optional().describe("only whole-country levels, or only situations inside countries"),
        }),
        response: { 200: z.object({ alerts: z.array(AlertView) }), ...errorResponses },
      },
    },
    async (request) => {
      const { level, ...rest } = request.query;
      return { alerts: await listAlerts(ctx, { ...rest, levels: level === undefined ? undefined : Array.isArray(level) ? level : [level] }) };
    },
  );

  app.get(
    "/api/countries/:iso3/alert",
    {
      schema: {
        tags,
        summary: "A country's current alert level with its explanation, its situations' levels, and the history of changes",
        params: Iso3Param,
        response: { 200: z.object({ iso3: z.string(), name: z.string(), current: AlertView.nullable(), situations: z.array(AlertView), history: z.array(History) }), ...errorResponses },
      },
    },
    async (request) => countryAlert(ctx, request.params.iso3),
  );

  app.post(
    "/api/countries/:iso3/alert/override",
    {
      schema: {
        tags,
        summary: "Override a country's (or situation's) alert level with a reason (analysts); it wins until it expires or is cleared. Audited",
        params: Iso3Param,
        body: z
          .object({
            level: Level,
            reason: noNul(z.string().trim().min(3).max(2000)),
            situation: Situation.optional(),
            until: Instant.optional().describe("when the override lapses; absent = until cleared"),
          })
          .strict(),
        response: { 201: AlertView, ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await overrideAlertLevel(ctx, actorOf(request), request.params.iso3, request.body)),
  );

  app.delete(
    "/api/countries/:iso3/alert/override",
    {
      schema: {
        tags,
        summary: "Clear the override in force: the level returns to what the rules say (analysts). Audited",
        params: Iso3Param,
        querystring: z.object({ situation: Situation.optional() }),
        response: { 200: AlertView, ...securedErrorResponses },
      },
    },
    async (request) => clearAlertOverride(ctx, actorOf(request), request.params.iso3, request.query.situation ?? ""),
  );

  app.get(
    "/api/track-record",
    {
      schema: {
        tags,
        summary: "How the alert levels would have done: the structural rules replayed on the out-of-sample EWP history; hit rate, false alarms, recall and lead time per level",
        querystring: z.object({ horizon: z.coerce.number().int().min(1).max(2).default(2).describe("years after the data year an onset counts (1 or 2)") }),
        response: { 200: TrackRecord, ...errorResponses },
      },
    },
    async (request) => alertTrackRecord(ctx, request.query.horizon),
  );
};
