import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CountryRegistry } from "../../../domain/country/registry.ts";
import { FEED_SOURCES } from "../../../infra/feeds/connector.ts";
import type { Db } from "../../../infra/store/database.ts";
import type { AlertRow } from "../../../infra/store/alert.repository.ts";
import { addFeed, listFeeds, operatorOf, removeFeed, runFeedNow, setFeedPaused } from "../../../services/feed.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { securedErrorResponses } from "../errors.ts";
import { noNul } from "../schemas.ts";

const Feed = z
  .object({
    id: z.string(), name: z.string(), source: z.enum(FEED_SOURCES), schedule: z.string(), config: z.record(z.string(), z.unknown()), hasCredentials: z.boolean(),
    paused: z.boolean(), pausedReason: z.string().nullable(), expectedRhythmMinutes: z.number().int(), nextRunAt: z.string(), lastRunAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(), lastError: z.string().nullable(), lastErrorAt: z.string().nullable(), lastRowsAdded: z.number().int(), rowsAdded: z.number().int(),
    lagMinutes: z.number().int(), stale: z.boolean(), createdAt: z.string(),
  })
  .describe("Feed");
const Run = z
  .object({
    feedId: z.string(), name: z.string(), source: z.enum(FEED_SOURCES), status: z.enum(["ok", "failed", "paused", "busy"]), rowsAdded: z.number().int(), rowsUpdated: z.number().int(),
    note: z.string().optional(), error: z.string().optional(), countries: z.array(z.string()), levelChanges: z.number().int(),
  })
  .describe("FeedRun");
const IdParam = z.object({ id: z.uuid() });
const tags = ["feeds"];

/** What the feed routes need beyond the protection context. */
export interface FeedRouteContext extends ProtectionContext {
  registry: CountryRegistry;
  onLevelChange?: (tx: Db, alert: AlertRow) => Promise<void>;
}

/**
 * Live feeds (admins, `feed:manage`): list with health, add, pause, resume, run now, remove. Every
 * change is audited; credentials go in and never come out.
 */
export const feedRoutes = (ctx: FeedRouteContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.get(
    "/api/feeds",
    { schema: { tags, summary: "Your organisation's feeds with their health: last run, last success, last error, rows added, lag, stale (admins)", response: { 200: z.object({ feeds: z.array(Feed) }), ...securedErrorResponses } } },
    async (request) => ({ feeds: await listFeeds(ctx, operatorOf(actorOf(request))) }),
  );

  app.post(
    "/api/feeds",
    {
      schema: {
        tags,
        summary: "Add a feed (admins; audited). Its first run is due at once. Credentials are encrypted and never returned",
        body: z
          .object({
            name: noNul(z.string().min(1).max(100)),
            source: z.enum(FEED_SOURCES),
            schedule: noNul(z.string().min(1).max(100)).optional().describe("5-field cron (UTC) or 'every N minutes'; default: the source's"),
            config: z.record(z.string().max(100), z.unknown()).optional().describe("the source's settings (URLs, version, country, language …); see docs/feeds.md"),
            credentials: z.record(z.string().max(100), noNul(z.string().max(4000))).optional().describe("secrets: token (UCDP), username and password (ACLED)"),
            expectedRhythmMinutes: z.number().int().min(1).max(527040).optional().describe("silence longer than this flags the feed stale"),
          })
          .strict(),
        response: { 201: z.object({ feed: Feed }), ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send({ feed: await addFeed(ctx, operatorOf(actorOf(request)), request.body) }),
  );

  for (const action of ["pause", "resume"] as const) {
    app.post(
      `/api/feeds/:id/${action}`,
      { schema: { tags, summary: `${action === "pause" ? "Pause" : "Resume"} a feed (admins; audited)`, params: IdParam, response: { 200: z.object({ feed: Feed }), ...securedErrorResponses } } },
      async (request) => ({ feed: await setFeedPaused(ctx, operatorOf(actorOf(request)), request.params.id, action === "pause") }),
    );
  }

  app.post(
    "/api/feeds/:id/run",
    { schema: { tags, summary: "Run a feed now (admins; audited) and return the outcome", params: IdParam, response: { 200: z.object({ run: Run }), ...securedErrorResponses } } },
    async (request) => ({ run: await runFeedNow(ctx, operatorOf(actorOf(request)), request.params.id) }),
  );

  app.delete(
    "/api/feeds/:id",
    { schema: { tags, summary: "Remove a feed (admins; audited). The rows it added stay", params: IdParam, response: { 204: z.null(), ...securedErrorResponses } } },
    async (request, reply) => {
      await removeFeed(ctx, operatorOf(actorOf(request)), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
