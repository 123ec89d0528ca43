import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { EVIDENCE_KINDS } from "../../../domain/assessment/assessment.ts";
import { ANSWERS, CONFIDENCES } from "../../../domain/assessment/framework.ts";
import { ANALYST_LEVELS } from "../../../domain/assessment/scoring.ts";
import { ASSESSMENT_STATUSES } from "../../../domain/assessment/workflow.ts";
import {
  assessmentHistory, createAssessment, createFramework, exportAssessment, getAssessment, listAssessments, listFrameworks,
  publishAssessment, publishedAssessmentsForCountry, reviewAssessment, reviseAssessment, submitAssessment, updateDraft,
} from "../../../services/assessment.service.ts";
import { archivedCopy, archiveEvidence } from "../../../services/evidence-archive.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { errorResponses, securedErrorResponses } from "../errors.ts";
import { Day, Instant, Iso3, Iso3Param, Uuid, UuidParam, optionalText, text } from "../schemas.ts";

const indicatorId = z.string().regex(/^\d{1,3}\.\d{1,3}$/);

const Evidence = z
  .object({
    kind: z.enum(EVIDENCE_KINDS),
    ref: text(2100).describe("report: UUID; event: source:sourceId (ged:123); episode: EWP code; forecast: runId:ISO3; speech: item id; url: http(s) URL"),
    note: text(2000).optional(),
    archiveUrl: text(2100).optional().describe("url evidence: where the archived copy lives"),
    archivedSha256: z.string().regex(/^[0-9a-f]{64}$/).optional().describe("url evidence: SHA-256 of the archived copy"),
    archivedAt: Instant.optional(),
    archive: z
      .object({
        status: z.enum(["archived", "failed"]), fetchedAt: optionalText(40), sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(), bytes: z.number().int().nonnegative().optional(),
        contentType: optionalText(200).optional(), httpStatus: z.number().int().optional(), error: optionalText(300).optional(),
      })
      .strict()
      .optional()
      .describe("url evidence: Tocsin's archived copy (written by the server only; a client's value is ignored)"),
  })
  .strict();
const Answer = z
  .object({ answer: z.enum(ANSWERS), confidence: z.enum(CONFIDENCES), rationale: optionalText(10_000), evidence: z.array(Evidence).max(50).default([]) })
  .strict()
  .describe("IndicatorAnswer");
const Answers = z.record(indicatorId, Answer).refine((r) => Object.keys(r).length <= 2000, "at most 2000 answers");
const Content = z.object({ assessedOn: z.string(), summary: z.string(), answers: z.record(z.string(), Answer) });
const Counts = z.object({ absent: z.number(), present: z.number(), strongly_present: z.number(), unknown: z.number(), unanswered: z.number() });
const Level = z.enum(ANALYST_LEVELS).nullable();
const Synthesis = z
  .object({
    framework: z.object({ key: z.string(), version: z.number() }),
    score: z.number().nullable(), level: Level, coverage: z.number(), sufficient: z.boolean(), rule: z.string(),
    factors: z.array(z.object({ factorId: z.string(), name: z.string(), score: z.number().nullable(), level: Level, indicators: z.number(), known: z.number(), unknown: z.number(), coverage: z.number(), counts: Counts })),
  })
  .describe("Synthesis");
const Version = z.object({
  id: z.string(), version: z.number(), status: z.enum(ASSESSMENT_STATUSES), authorId: z.string(), reviewerId: z.string().nullable(), reviewNote: z.string().nullable(),
  assessedOn: z.string(), content: Content, synthesis: Synthesis, createdAt: z.string(), updatedAt: z.string(),
  submittedAt: z.string().nullable(), reviewedAt: z.string().nullable(), publishedAt: z.string().nullable(),
});
const AssessmentView = z
  .object({
    id: z.string(), countryIso3: z.string(), situation: z.string().nullable(), title: z.string(), framework: z.object({ key: z.string(), version: z.number() }),
    createdBy: z.string(), createdAt: z.string(), latest: Version, versions: z.array(Version).optional(),
  })
  .describe("Assessment");
const ScaleOption = z.object({ answer: z.enum(ANSWERS), label: z.string(), value: z.number().nullable() });
const FrameworkView = z
  .object({
    key: z.string(), version: z.number(), name: z.string(), description: z.string(), source: z.string(), origin: z.enum(["builtin", "organisation"]),
    scale: z.array(ScaleOption).readonly(),
    factors: z.array(z.object({ id: z.string(), name: z.string(), group: z.string().optional(), description: z.string(), weight: z.number().optional(), indicators: z.array(z.object({ id: z.string(), text: z.string(), guidance: z.string() })) })),
  })
  .describe("Framework");
const Statistical = z.object({ rank: z.number(), ranked: z.number(), risk: z.number(), baseYear: z.number().optional() }).nullable();
const Disagreement = z.object({ flag: z.enum(["analyst-higher", "analyst-lower"]).nullable(), analyst: z.enum(["high", "middle", "low"]).nullable(), statistical: z.enum(["high", "middle", "low"]).nullable(), explanation: z.string() });
const Published = z.object({
  id: z.string(), version: z.number(), countryIso3: z.string(), situation: z.string().nullable(), title: z.string(),
  framework: z.object({ key: z.string(), version: z.number(), name: z.string() }), assessedOn: z.string(), publishedAt: z.string(), content: Content, synthesis: Synthesis,
  synthesisSummary: z.array(z.string()).describe("the synthesis in words: overall first, then one line per factor (for briefs)"),
});
const Change = z.object({ path: z.string(), kind: z.enum(["added", "removed", "changed"]), indicatorId: z.string().optional(), from: z.unknown(), to: z.unknown() });
const tags = ["assessments"];

/**
 * Analyst assessments: frameworks, the assessment workflow (draft → submitted → reviewed →
 * published), history with diffs, export, and the public list of a country's published assessments.
 */
export const assessmentRoutes = (ctx: ProtectionContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.get(
    "/api/frameworks",
    { schema: { tags, summary: "Assessment frameworks with their factors, indicators and answer scale: the built-in ones, plus your organisation's when signed in", response: { 200: z.object({ frameworks: z.array(FrameworkView) }), ...errorResponses } } },
    async (request) => ({ frameworks: await listFrameworks(ctx, actorOf(request)) }),
  );

  app.post(
    "/api/frameworks",
    {
      schema: {
        tags,
        summary: "Add a framework (or a new version of one) to your organisation (admins). Factors numbered 1, 2, …; indicators n.1, n.2, …",
        body: z.record(z.string(), z.unknown()).describe("FrameworkDefinition: key, version, name, description, source, factors[], optional scale[]"),
        response: { 201: FrameworkView, ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createFramework(ctx, actorOf(request), request.body)),
  );

  app.get(
    "/api/countries/:iso3/assessments",
    {
      schema: {
        tags,
        summary: "Published analyst assessments of a country (anyone), newest first, and whether they strongly disagree with the statistical risk",
        params: Iso3Param,
        response: { 200: z.object({ iso3: z.string(), assessments: z.array(Published), statistical: Statistical, disagreement: Disagreement }), ...errorResponses },
      },
    },
    async (request) => publishedAssessmentsForCountry(ctx, request.params.iso3),
  );

  app.get(
    "/api/assessments",
    { schema: { tags, summary: "Your organisation's assessments with their newest version", querystring: z.object({ country: Iso3.optional() }), response: { 200: z.object({ assessments: z.array(AssessmentView) }), ...securedErrorResponses } } },
    async (request) => ({ assessments: await listAssessments(ctx, actorOf(request), { countryIso3: request.query.country }) }),
  );

  app.post(
    "/api/assessments",
    {
      schema: {
        tags,
        summary: "Start an assessment (draft version 1) of a country or a situation in it",
        body: z
          .object({
            countryIso3: Iso3, situation: text(300).optional(), title: text(300),
            framework: z.object({ key: text(63), version: z.number().int().min(1) }).strict(), assessedOn: Day, summary: optionalText(20_000).optional(), answers: Answers.optional(),
          })
          .strict(),
        response: { 201: AssessmentView, ...securedErrorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createAssessment(ctx, actorOf(request), request.body)),
  );

  app.get(
    "/api/assessments/:id",
    { schema: { tags, summary: "One assessment with every version", params: UuidParam, response: { 200: AssessmentView, ...securedErrorResponses } } },
    async (request) => getAssessment(ctx, actorOf(request), request.params.id),
  );

  app.patch(
    "/api/assessments/:id",
    {
      schema: {
        tags,
        summary: "Change your open draft: replace the date, summary or answers (an answer set to null is removed)",
        params: UuidParam,
        body: z.object({ assessedOn: Day.optional(), summary: optionalText(20_000).optional(), answers: z.record(indicatorId, Answer.nullable()).optional() }).strict(),
        response: { 200: AssessmentView, ...securedErrorResponses },
      },
    },
    async (request) => updateDraft(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/assessments/:id/submit",
    { schema: { tags, summary: "Submit your draft for review (every indicator answered, unknown allowed, each with a rationale)", params: UuidParam, response: { 200: AssessmentView, ...securedErrorResponses } } },
    async (request) => submitAssessment(ctx, actorOf(request), request.params.id),
  );

  app.post(
    "/api/assessments/:id/review",
    {
      schema: {
        tags,
        summary: "Review a submitted version (a second analyst, never the author): approve, or return to the author",
        params: UuidParam,
        body: z.object({ decision: z.enum(["approve", "return"]), note: text(5000) }).strict(),
        response: { 200: AssessmentView, ...securedErrorResponses },
      },
    },
    async (request) => reviewAssessment(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/assessments/:id/publish",
    { schema: { tags, summary: "Publish a reviewed version; it never changes afterwards", params: UuidParam, response: { 200: AssessmentView, ...securedErrorResponses } } },
    async (request) => publishAssessment(ctx, actorOf(request), request.params.id),
  );

  app.post(
    "/api/assessments/:id/versions",
    { schema: { tags, summary: "Start a new draft version from the published one", params: UuidParam, response: { 201: AssessmentView, ...securedErrorResponses } } },
    async (request, reply) => reply.code(201).send(await reviseAssessment(ctx, actorOf(request), request.params.id)),
  );

  app.post(
    "/api/assessments/:id/evidence/archive",
    {
      schema: {
        tags,
        summary: "Archive the url evidence of your open draft: fetch each page (http/https, public addresses only, 10 MiB, 15 s), keep the bytes content-addressed and record SHA-256, time, media type and status on the link; failures are recorded, not fatal",
        params: UuidParam,
        body: z.object({ retryFailed: z.boolean().optional() }).strict().optional(),
        response: {
          200: z.object({
            assessmentId: z.string(), version: z.number(), remaining: z.number().describe("links left for another call (at most 20 are fetched per call)"),
            archived: z.array(z.object({ indicatorId: z.string(), url: z.string(), archive: Evidence.shape.archive.unwrap() })),
          }),
          ...securedErrorResponses,
        },
      },
    },
    async (request) =>
      archiveEvidence(
        { ...ctx, fetchOptions: { allowPrivate: process.env.TOCSIN_ARCHIVE_ALLOW_PRIVATE === "1" } },
        actorOf(request),
        request.params.id,
        { retryFailed: request.body?.retryFailed },
      ),
  );

  app.get(
    "/api/assessments/:id/evidence/:sha256",
    {
      schema: {
        tags,
        summary: "Download an archived evidence page of this assessment (always as an attachment; the site's media type is in x-archived-content-type)",
        params: z.object({ id: Uuid, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
        response: { 200: z.any().describe("the archived bytes"), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      const { bytes, contentType } = await archivedCopy(ctx, actorOf(request), request.params.id, request.params.sha256);
      // Archived pages are someone else's HTML/JS: never render them on Tocsin's origin.
      reply
        .header("content-type", "application/octet-stream")
        .header("content-disposition", `attachment; filename="evidence-${request.params.sha256.slice(0, 16)}.bin"`)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox; default-src 'none'")
        .header("x-archived-content-type", (contentType ?? "unknown").replace(/[^\x20-\x7e]/g, "?"));
      return reply.send(bytes);
    },
  );

  app.get(
    "/api/assessments/:id/history",
    {
      schema: {
        tags,
        summary: "Every version with what changed since the previous one",
        params: UuidParam,
        response: {
          200: z.object({
            assessmentId: z.string(),
            history: z.array(z.object({ version: z.number(), status: z.enum(ASSESSMENT_STATUSES), authorId: z.string(), reviewerId: z.string().nullable(), assessedOn: z.string(), score: z.number().nullable(), updatedAt: z.string(), publishedAt: z.string().nullable(), changes: z.array(Change) })),
          }),
          ...securedErrorResponses,
        },
      },
    },
    async (request) => assessmentHistory(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/api/assessments/:id/export",
    {
      schema: {
        tags,
        summary: "The assessment as one JSON document (format tocsin-assessment/1): framework, every version, syntheses",
        params: UuidParam,
        response: { 200: z.object({ format: z.literal("tocsin-assessment/1"), exportedAt: z.string(), framework: FrameworkView.omit({ origin: true }), assessment: AssessmentView }), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      const doc = await exportAssessment(ctx, actorOf(request), request.params.id);
      reply.header("content-disposition", `attachment; filename="assessment-${request.params.id}.json"`);
      return doc;
    },
  );
};
