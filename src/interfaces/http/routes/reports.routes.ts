import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ATTACHMENT_TYPES, PERPETRATOR_TYPES, TIME_PRECISIONS } from "../../../domain/reports/report.ts";
import { REPORT_STATUSES, type Decision } from "../../../domain/reports/workflow.ts";
import { getAttachment, getReport, listPublicReports, listReports, publishReport, reviewReport, submitReport, unpublishReport } from "../../../services/report.service.ts";
import { InvalidInputError } from "../../../services/auth.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import { securedErrorResponses } from "../errors.ts";
import { Instant, Iso3, Uuid, UuidParam, text } from "../schemas.ts";

const count = z.number().int().min(0).max(10_000_000);
const isoTime = Instant;
const Victims = z
  .object({
    killed: count.optional(), injured: count.optional(), missing: count.optional(), detained: count.optional(), displaced: count.optional(),
    breakdown: z.array(z.object({ sex: z.enum(["female", "male", "other", "unknown"]), age: z.enum(["child", "adult", "elderly", "unknown"]), count }).strict()).max(40).optional(),
  })
  .strict();
const Source = z.object({ kind: z.enum(["witness", "victim", "media", "document", "social_media", "other"]), description: text(2000).optional(), url: z.url({ protocol: /^https?$/ }).max(2000).optional() }).strict();

/** The body of `POST /api/reports`. Attachments travel base64-encoded in the same JSON body, so one request is one atomic submission. */
export const ReportSubmissionBody = z
  .object({
    occurred: z
      .object({ from: isoTime, to: isoTime.optional(), precision: z.enum(TIME_PRECISIONS) })
      .strict()
      .refine((o) => o.to === undefined || Date.parse(o.to) >= Date.parse(o.from), { message: "to must not be before from", path: ["to"] }),
    location: z
      .object({
        lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), precisionMeters: z.number().int().min(1).max(1_000_000),
        countryIso3: Iso3.optional(), adminArea: text(200).optional(),
        protect: z.boolean().describe("Encrypt the exact point; other readers see it blurred"),
      })
      .strict()
      .optional(),
    description: text(20_000),
    victims: Victims,
    perpetratorType: z.enum(PERPETRATOR_TYPES),
    targetedGroup: text(200).optional(),
    sources: z.array(Source).max(50),
    reporter: z.object({ name: text(200).optional(), contact: text(500).optional() }).strict().optional().describe("Encrypted at rest; visible only to analysts"),
    attachments: z
      .array(z.object({ fileName: text(200), mediaType: z.enum(ATTACHMENT_TYPES), capturedAt: isoTime.optional(), data: z.base64().max(12_000_000).describe("File bytes, base64") }).strict())
      .max(10)
      .default([]),
  })
  .strict()
  .describe("ReportSubmission");

const Location = z.object({ lat: z.number(), lon: z.number(), precisionMeters: z.number().nullable(), exact: z.boolean(), countryIso3: z.string().nullable(), adminArea: z.string().nullable() });
const Attachment = z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), sha256: z.string(), workingSha256: z.string().nullable(), capturedAt: z.string().nullable(), receivedAt: z.string() });
export const ReportView = z
  .object({
    id: z.string(), status: z.enum(REPORT_STATUSES), submittedBy: z.string().nullable().describe("the author's user id: analysts and the author only, else null"), firstReviewerId: z.string().nullable(), duplicateOf: z.string().nullable(),
    occurred: z.object({ from: z.string(), to: z.string().nullable(), precision: z.string() }),
    location: Location.nullable(), description: z.string(), victims: Victims, perpetratorType: z.string(), targetedGroup: z.string().nullable(), sources: z.array(Source),
    reporter: z.object({ name: z.string().optional(), contact: z.string().optional() }).nullable().optional(),
    published: z.boolean(), attachments: z.array(Attachment), receivedAt: z.string(), updatedAt: z.string(),
  })
  .describe("Report");
const Review = z.object({ fromStatus: z.string(), toStatus: z.string(), reviewerId: z.string(), reason: z.string().nullable(), duplicateOf: z.string().nullable(), at: z.string() });

/** Incident reports: submit, list, read, review, publish, attachments; and the public list. */
export const reportRoutes = (ctx: ProtectionContext): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));

  app.post(
    "/api/reports",
    {
      bodyLimit: 30 * 1024 * 1024,
      schema: {
        tags: ["reports"],
        summary: "Submit an incident report (monitors, analysts). Idempotency-Key makes retries safe: the same key returns the same report",
        headers: z.object({ "idempotency-key": z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/).describe("Client-chosen unique key per submission") }),
        body: ReportSubmissionBody,
        response: { 200: ReportView, 201: ReportView, ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      const { attachments, ...rest } = request.body;
      const { report, replayed } = await submitReport(ctx, actorOf(request), { ...rest, attachments: attachments.map(({ data, ...a }) => ({ ...a, bytes: Buffer.from(data, "base64") })) }, request.headers["idempotency-key"]);
      reply.header("idempotent-replayed", String(replayed));
      return reply.code(replayed ? 200 : 201).send(report);
    },
  );

  app.get(
    "/api/reports",
    {
      schema: { tags: ["reports"], summary: "Reports of your organisation (monitors: their own)", querystring: z.object({ status: z.enum(REPORT_STATUSES).optional() }), response: { 200: z.object({ reports: z.array(ReportView) }), ...securedErrorResponses } },
    },
    async (request) => ({ reports: await listReports(ctx, actorOf(request), { status: request.query.status }) }),
  );

  app.get(
    "/api/reports/:id",
    { schema: { tags: ["reports"], summary: "One report with its review history", params: UuidParam, response: { 200: ReportView.extend({ reviews: z.array(Review) }), ...securedErrorResponses } } },
    async (request) => getReport(ctx, actorOf(request), request.params.id),
  );

  app.post(
    "/api/reports/:id/review",
    {
      schema: {
        tags: ["reports"],
        summary: "Workflow decision: under_review, verified (second analyst), unverifiable, false, duplicate (with duplicateOf)",
        params: UuidParam,
        body: z.object({ to: z.enum(["under_review", "verified", "unverifiable", "false", "duplicate"]), reason: text(5000).optional(), duplicateOf: Uuid.optional() }).strict(),
        response: { 200: ReportView, ...securedErrorResponses },
      },
    },
    async (request) => {
      const b = request.body;
      const decision = (b.to === "duplicate" ? { to: b.to, reason: b.reason ?? "", duplicateOf: b.duplicateOf ?? "" } : { to: b.to, reason: b.reason ?? "" }) as Decision;
      if (b.to === "duplicate" && !b.duplicateOf) throw new InvalidInputError("duplicateOf is required for a duplicate", "duplicateOf");
      return reviewReport(ctx, actorOf(request), request.params.id, decision);
    },
  );

  app.post(
    "/api/reports/:id/publish",
    {
      schema: {
        tags: ["reports"],
        summary: "Publish a verified report with its location blurred to blurMeters (≥ 1000)",
        params: UuidParam,
        body: z.object({ blurMeters: z.number().int().min(1000).max(500_000) }).strict(),
        response: { 200: ReportView, ...securedErrorResponses },
      },
    },
    async (request) => publishReport(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/api/reports/:id/unpublish",
    {
      schema: {
        tags: ["reports"],
        summary: "Withdraw a published report from the public list (report:publish; audited with the reason)",
        params: UuidParam,
        body: z.object({ reason: text(2000) }).strict(),
        response: { 200: ReportView, ...securedErrorResponses },
      },
    },
    async (request) => unpublishReport(ctx, actorOf(request), request.params.id, request.body.reason),
  );

  app.get(
    "/api/reports/:id/attachments/:attachmentId",
    {
      schema: {
        tags: ["reports"],
        summary: "An attachment's metadata-free working copy, or the sealed original (evidence permission)",
        params: z.object({ id: Uuid, attachmentId: Uuid }),
        querystring: z.object({ variant: z.enum(["working", "original"]).default("working") }),
        response: { 200: z.string().describe("The file's bytes (binary)"), ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      const file = await getAttachment(ctx, actorOf(request), request.params.id, request.params.attachmentId, request.query.variant);
      // Always a download, never rendered in our origin; the name is ASCII-only in the header.
      reply.header("content-disposition", `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._ -]/g, "_")}"`);
      reply.header("cache-control", "private, no-store");
      // Buffers bypass the response serializer; the cast only satisfies the schema's type.
      return reply.type(file.mediaType).send(file.bytes as unknown as string);
    },
  );

  app.get(
    "/api/public/reports",
    {
      schema: {
        tags: ["reports"],
        summary: "Published reports, for anyone: location blurred, day-level dates, no people",
        response: {
          200: z.object({
            reports: z.array(
              z.object({
                id: z.string(), occurredOn: z.string(), timePrecision: z.string(),
                location: z.object({ lat: z.number(), lon: z.number(), precisionMeters: z.number(), countryIso3: z.string().nullable(), adminArea: z.string().nullable() }).nullable(),
                description: z.string(), victims: Victims, perpetratorType: z.string(), targetedGroup: z.string().nullable(),
              }),
            ),
          }),
          ...securedErrorResponses,
        },
      },
    },
    async () => ({ reports: await listPublicReports(ctx) }),
  );
};
