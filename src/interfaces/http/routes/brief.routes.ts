import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { BriefResponse } from "../../../domain/brief/brief.ts";
import type { Actor } from "../../../domain/identity/permissions.ts";
import { briefResponseFrom, renderBrief } from "../../../services/brief.service.ts";
import { responseSummaryForCountry } from "../../../services/response.service.ts";
import { ChromiumMissingError, createChromiumPdfRenderer, type PdfRenderer } from "../../../infra/pdf/chromium-pdf.ts";
import { actorOf, authenticate } from "../auth.ts";
import type { AppContext } from "../context.ts";
import { MESSAGE_LANGUAGES, messageLanguage } from "../../../domain/i18n/languages.ts";
import { errorBody, errorResponses } from "../errors.ts";
import { Iso3 } from "../schemas.ts";
import { RequestLimiter } from "../rate-limit.ts";

/** What the brief route may be given besides the app context. */
export interface BriefRouteOptions {
  /** The PDF renderer (default: one headless Chromium for this server, closed when the server closes). */
  pdf?: PdfRenderer;
  /**
   * The caller's response actions for a country, which must authorise the actor itself (default:
   * `responseSummaryForCountry`, which shows an organisation's actions only to its members with
   * `response:read` and the recommended options to everyone).
   */
  responseSummary?: (actor: Actor, iso3: string) => Promise<BriefResponse | null>;
}

/**
 * Which format a request wants: `?format=` wins; else `Accept` naming HTML but not PDF gives HTML;
 * else PDF (the brief is a document to print and pass on).
 */
export function briefFormat(query: string | undefined, accept: string | undefined): "pdf" | "html" {
  if (query === "pdf" || query === "html") return query;
  const a = (accept ?? "").toLowerCase();
  return a.includes("text/html") && !a.includes("application/pdf") ? "html" : "pdf";
}

/** The first language of an `Accept-Language` header (quality order), e.g. `fr` for `fr-CH, en;q=0.8`. */
function preferredLanguage(header: string | undefined): string | undefined {
  const tags = (header ?? "").split(",").map((part) => {
    const [tag, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
  }).filter((t) => t.tag && t.tag !== "*" && t.q > 0);
  return tags.sort((a, b) => b.q - a.q).find((t) => messageLanguage(t.tag) !== "en" || t.tag.toLowerCase().startsWith("en"))?.tag;
}

/** The renderer with `check` (which throws when over the limit) run before each new PDF. */
function limitedRenderer(pdf: PdfRenderer, check: () => void): PdfRenderer {
  return {
    pdf: async (html, options) => (check(), pdf.pdf(html, options)),
    firstPagePng: (html) => pdf.firstPagePng(html),
    close: () => pdf.close(),
  };
}

/** `GET /api/countries/:iso3/brief`: the country's situation brief as PDF or HTML. */
export const briefRoutes = (ctx: AppContext, options: BriefRouteOptions = {}): FastifyPluginAsyncZod => async (app) => {
  const pdf = options.pdf ?? createChromiumPdfRenderer();
  // One browser per server; it goes when the server closes (Ctrl-C, tests).
  if (!options.pdf) app.addHook("onClose", async () => pdf.close());
  if (ctx.protection) app.addHook("onRequest", authenticate(ctx.protection));
  const cache = new Map<string, Buffer>();
  // Only renders count: a brief from the cache costs little, a new PDF about half a second of Chromium.
  const pdfLimiter = ctx.rateLimits ? new RequestLimiter(ctx.rateLimits.pdfBrief) : undefined;
  const respond = options.responseSummary ?? (async (actor: Actor, iso3: string) => briefResponseFrom(await responseSummaryForCountry({ store: ctx.store }, actor, iso3)));

  app.get(
    "/api/countries/:iso3/brief",
    {
      schema: {
        tags: ["countries"],
        description: "A PDF not in the server's cache is rate-limited per credential and per client address (429 with Retry-After); HTML and cached PDFs are not.",
        summary: "A one- to two-page situation brief (PDF by default, or HTML): level and why, risk and rank with chart and drivers, escalations, speech trends, verified incidents, assessment, response, sources",
        params: z.object({ iso3: Iso3 }),
        querystring: z.object({
          format: z.enum(["pdf", "html"]).optional().describe("Document format; else from Accept, default pdf"),
          lang: z.enum(MESSAGE_LANGUAGES).optional().describe("Language of the brief's own words (en, fr, es, ar); else from Accept-Language, default en"),
        }).strict(),
        produces: ["application/pdf", "text/html"],
        response: { 200: z.any().describe("The brief (application/pdf or text/html)"), ...errorResponses, 429: errorResponses[500], 503: errorResponses[500] },
      },
    },
    async (request, reply) => {
      const format = briefFormat(request.query.format, request.headers.accept);
      const actor = actorOf(request);
      try {
        const brief = await renderBrief(
          { store: ctx.store, reports: ctx.protection, version: ctx.version, responseSummary: (iso3) => respond(actor, iso3), viewer: actor.kind === "user" ? actor.organisationId : null },
          request.params.iso3,
          format,
          pdfLimiter ? limitedRenderer(pdf, () => pdfLimiter.check(request)) : pdf,
          cache,
          request.query.lang ?? messageLanguage(preferredLanguage(request.headers["accept-language"])),
        );
        reply
          .header("content-type", brief.contentType)
          .header("content-disposition", `${format === "pdf" ? "attachment" : "inline"}; filename="${brief.fileName}"`)
          .header("etag", brief.etag)
          // Briefs with organisation data must not sit in shared caches.
          .header("cache-control", "private, no-cache")
          .header("vary", "Accept, Accept-Language, Cookie, Authorization");
        if (request.headers["if-none-match"] === brief.etag) return reply.code(304 as 200).send(undefined as never);
        return reply.send(brief.body as never);
      } catch (error) {
        if (error instanceof ChromiumMissingError) {
          request.log.error({ err: { name: error.name } }, "PDF renderer unavailable");
          return reply.code(503 as 200).send(errorBody("pdf_unavailable", "PDF rendering is not available on this server (Chromium is not installed); ask for ?format=html") as never);
        }
        throw error;
      }
    },
  );
};
