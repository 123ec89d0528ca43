/**
 * Builds the HTTP server: JSON API under /api (validated with zod, documented as OpenAPI at
 * /api/openapi.json and readable at /api/docs) and the dashboard's static files at /.
 */
import { existsSync } from "node:fs";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import fastifyCompress from "@fastify/compress";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppContext } from "./context.ts";
import { installErrorHandling } from "./errors.ts";
import { installInputGuard } from "./input-guard.ts";
import { installSecurityHeaders, setSecurityHeaders } from "./security-headers.ts";
import { errorBody } from "./error-body.ts";
import { countryRoutes } from "./routes/countries.routes.ts";
import { briefRoutes } from "./routes/brief.routes.ts";
import { datasetRoutes } from "./routes/datasets.routes.ts";
import { eventRoutes } from "./routes/events.routes.ts";
import { forecastRoutes } from "./routes/forecasts.routes.ts";
import { healthRoutes } from "./routes/health.routes.ts";
import { authRoutes } from "./routes/auth.routes.ts";
import { localeRoutes } from "./routes/locale.routes.ts";
import { reportRoutes } from "./routes/reports.routes.ts";
import { speechRoutes } from "./routes/speech.routes.ts";
import { speechOrgRoutes } from "./routes/speech-org.routes.ts";
import { assessmentRoutes } from "./routes/assessments.routes.ts";
import { alertRoutes } from "./routes/alerts.routes.ts";
import { responseRoutes } from "./routes/response.routes.ts";
import { deliveryRoutes } from "./routes/delivery.routes.ts";
import { cooperationRoutes } from "./routes/cooperation.routes.ts";
import { adminRoutes } from "./routes/admin.routes.ts";
import { eventAreaRoutes } from "./routes/event-areas.routes.ts";
import { openDataRoutes } from "./routes/open-data.routes.ts";
import { exchangeRoutes, instanceKeyRoutes } from "./routes/exchange.routes.ts";
import { queueKeyRoutes, sealedReportRoutes } from "./routes/sealed-report.routes.ts";
import { feedRoutes } from "./routes/feeds.routes.ts";

export interface ServerOptions {
  /** Folder with the built dashboard (`web/dist`); the dashboard is not served when absent. */
  webDir?: string;
  /** pino log level, or `false` for none (tests). */
  logLevel?: string | false;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Where logs go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
  /** Proxies whose X-Forwarded-For gives `request.ip` (hops or addresses; default none: the socket's address). */
  trustProxy?: number | string[] | false;
}

/**
 * Creates the Fastify app with every route registered; call `listen()` on it to serve.
 * Logs carry method, path, status and timing, never client addresses, bodies or cookies.
 */
export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const { webDir, logLevel = "info", bodyLimit = 1024 * 1024, logStream, trustProxy = false } = options;
  const app = Fastify({
    bodyLimit,
    logger:
      logLevel === false
        ? false
        : {
            level: logLevel,
            ...(logStream ? { stream: logStream } : {}),
            // Personal data stays out of logs: no IPs, no headers, no query strings (they may carry names).
            serializers: {
              req: (req) => ({ method: req.method, path: (req.url ?? "").split("?")[0], id: req.id }),
              res: (res) => ({ statusCode: res.statusCode }),
            },
            redact: { paths: ["req.headers", "req.remoteAddress", "req.remotePort"], remove: true },
          },
    // A number trusts that many hops nearest the server, whatever their addresses.
    trustProxy: typeof trustProxy === "number" ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // Errors Fastify answers before routing (a URL that is not valid percent-encoding, e.g. a lone
    // surrogate's bytes): the same error shape and security headers as every other answer.
    frameworkErrors: (error, _request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      setSecurityHeaders(reply);
      reply.code(400).send(errorBody("bad_url", error.code === "FST_ERR_BAD_URL" ? "The URL is not valid percent-encoded UTF-8" : "Bad request"));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const serveWeb = Boolean(webDir && existsSync(webDir));
  installErrorHandling(app, { appShell: serveWeb });
  installSecurityHeaders(app);
  installInputGuard(app);

  // gzip for JSON and the dashboard's assets (the world map's TopoJSON shrinks several-fold); brotli
  // is left out because its default quality costs far more CPU per request than it saves here.
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ["gzip"] });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Tocsin API",
        description: "Early warning of genocide and mass atrocities: countries, risk, events, alerts.",
        version: ctx.version,
      },
      tags: [
        { name: "system", description: "Health and metadata" },
        { name: "countries", description: "The country registry and per-country data" },
        { name: "datasets", description: "Provenance of imported public data" },
        { name: "auth", description: "Sign-in, users, API tokens and the audit log" },
        { name: "reports", description: "Protected incident reports, their verification and publication" },
        { name: "events", description: "Conflict events (UCDP GED, CC BY 4.0; ACLED; GDELT), monthly series and escalation alerts" },
        { name: "speech", description: "Dangerous-speech monitoring: analysed texts, lexicon, trends and spike alerts" },
        { name: "forecasts", description: "Structural risk forecasts, their drivers and the models' track record" },
        { name: "assessments", description: "Structured analyst assessments on versioned frameworks: review, publication, history, export" },
        { name: "response", description: "The warning→response loop: response catalogue, acknowledgements, actions, reassessment dates and gap metrics" },
        { name: "alerts", description: "Alert levels, subscriptions, the in-app inbox and delivery (webhooks, e-mail)" },
        { name: "feeds", description: "Live feeds from GDELT, UCDP, ACLED, news feeds and EWP: configuration and health (admins)" },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", uiConfig: { docExpansion: "list", deepLinking: false } });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  await app.register(healthRoutes(ctx));
  await app.register(countryRoutes(ctx));
  await app.register(briefRoutes(ctx));
  await app.register(datasetRoutes(ctx));
  if (ctx.protection) {
    await app.register(authRoutes(ctx.protection));
    await app.register(localeRoutes(ctx.protection));
    await app.register(adminRoutes(ctx.protection));
    await app.register(reportRoutes(ctx.protection));
    await app.register(speechRoutes({ ...ctx, protection: ctx.protection }));
    await app.register(speechOrgRoutes({ ...ctx, protection: ctx.protection }));
    await app.register(assessmentRoutes(ctx.protection));
    await app.register(alertRoutes({ ...ctx.protection, onLevelChange: ctx.onLevelChange }));
    await app.register(responseRoutes(ctx.protection));
    await app.register(deliveryRoutes(ctx.protection));
    if (ctx.instanceKey) await app.register(exchangeRoutes({ ...ctx.protection, instanceKey: ctx.instanceKey }));
    if (ctx.queueKey) await app.register(sealedReportRoutes({ ...ctx.protection, queueKey: ctx.queueKey }));
    await app.register(feedRoutes({ ...ctx.protection, registry: ctx.registry, onLevelChange: ctx.onLevelChange }));
    await app.register(cooperationRoutes(ctx.protection));
  }
  if (ctx.instanceKey) await app.register(instanceKeyRoutes(ctx));
  if (ctx.queueKey) await app.register(queueKeyRoutes(ctx));
  await app.register(eventRoutes(ctx));
  await app.register(eventAreaRoutes(ctx));
  await app.register(forecastRoutes(ctx));
  await app.register(openDataRoutes(ctx));

  if (serveWeb) await app.register(fastifyStatic, { root: webDir!, prefix: "/", wildcard: false, index: ["index.html"] });
  return app;
}
