import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listDatasets } from "../../../services/dataset.service.ts";
import type { AppContext } from "../context.ts";
import { errorResponses } from "../errors.ts";
import { optionalText } from "../schemas.ts";

/** `GET /api/datasets`: every imported data set version, newest first. */
export const datasetRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/datasets",
    {
      schema: {
        tags: ["datasets"],
        summary: "Imported data set versions (provenance)",
        querystring: z.object({ dataset: optionalText(60).optional() }),
        response: {
          200: z.object({
            datasets: z.array(
              z.object({
                id: z.number().int(),
                dataset: z.string(),
                source: z.string(),
                sourceCommit: z.string().nullable(),
                fileName: z.string(),
                sha256: z.string(),
                importedAt: z.string().describe("ISO 8601 time"),
                rowCounts: z.record(z.string(), z.number()),
                warnings: z.array(z.string()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ datasets: await listDatasets(ctx.store, request.query.dataset) }),
  );
};
