import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authorize } from "../../../domain/identity/permissions.ts";
import { submitReport } from "../../../services/report.service.ts";
import { actorOf, authenticate, type ProtectionContext } from "../auth.ts";
import type { AppContext } from "../context.ts";
import { errorBody } from "../error-body.ts";
import { securedErrorResponses } from "../errors.ts";
import { ReportSubmissionBody, ReportView } from "./reports.routes.ts";

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const Sealed = z.object({ v: z.literal(1), kid: z.string().regex(/^[0-9a-f]{16}$/), epk: b64.max(200), iv: b64.max(40), ct: b64.max(40 * 1024 * 1024) }).strict();

/** `GET /api/reports/queue-key` (public): the key browsers seal offline-queued reports to. */
export const queueKeyRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/reports/queue-key",
    { schema: { tags: ["reports"], summary: "The P-256 public key the browser seals queued reports to (tocsin-sealed/1)", response: { 200: z.object({ kid: z.string(), publicKey: z.string() }) } } },
    async () => {
      const key = ctx.queueKey!();
      return { kid: key.kid, publicKey: key.publicKey };
    },
  );
};

/** `POST /api/reports/sealed`: a report sealed in the browser's offline queue, opened here only. */
export const sealedReportRoutes = (ctx: ProtectionContext & { queueKey: NonNullable<AppContext["queueKey"]> }): FastifyPluginAsyncZod => async (app) => {
  app.addHook("onRequest", authenticate(ctx));
  app.post(
    "/api/reports/sealed",
    {
      bodyLimit: 40 * 1024 * 1024,
      schema: {
        tags: ["reports"],
        summary: "Submit a report sealed to the server's queue key (the offline queue); same rules and Idempotency-Key as POST /api/reports",
        headers: z.object({ "idempotency-key": z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/) }),
        body: z.object({ sealed: Sealed }).strict(),
        response: { 200: ReportView, 201: ReportView, ...securedErrorResponses },
      },
    },
    async (request, reply) => {
      // Signed-in reporters only, before anything is opened.
      const actor = actorOf(request);
      authorize(actor, "report:create");
      let text: string;
      try {
        text = ctx.queueKey().open(request.body.sealed, request.headers["idempotency-key"]);
      } catch (error) {
        return reply.code(400).send(errorBody("invalid_request", (error as Error).message, { issues: [{ path: "/sealed", message: "cannot be opened" }] }));
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return reply.code(400).send(errorBody("invalid_request", "the sealed report is not JSON", { issues: [{ path: "/sealed", message: "not JSON" }] }));
      }
      const parsed = ReportSubmissionBody.safeParse(json);
      if (!parsed.success) {
        return reply.code(400).send(errorBody("invalid_request", "The sealed report did not match the API schema", { issues: parsed.error.issues.map((i) => ({ path: `/${i.path.join("/")}`, message: i.message })) }));
      }
      const { attachments, ...rest } = parsed.data;
      const { report, replayed } = await submitReport(ctx, actor, { ...rest, attachments: attachments.map(({ data, ...a }) => ({ ...a, bytes: Buffer.from(data, "base64") })) }, request.headers["idempotency-key"]);
      reply.header("idempotent-replayed", String(replayed));
      return reply.code(replayed ? 200 : 201).send(report);
    },
  );
};
