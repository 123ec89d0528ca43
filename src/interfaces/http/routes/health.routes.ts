import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { errorResponses } from "../errors.ts";

/** `GET /api/health`: is the server up and can it reach its store. */
export const healthRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/health",
    {
      schema: {
        tags: ["system"],
        summary: "Server and store health",
        response: {
          200: z.object({ status: z.literal("ok"), store: z.enum(["pglite", "postgres"]), version: z.string(), countries: z.number(), countryYears: z.number() }),
          ...errorResponses,
        },
      },
    },
    async () => {
      const counts = await ctx.health();
      return { status: "ok" as const, store: ctx.store.kind, version: ctx.version, ...counts };
    },
  );
};
