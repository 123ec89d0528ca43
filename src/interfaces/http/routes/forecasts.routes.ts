import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { countryForecasts, HORIZONS, listModels, rankedForecasts } from "../../../services/forecast.service.ts";
import type { AppContext } from "../context.ts";
import { errorResponses } from "../errors.ts";
import { Iso3 } from "../schemas.ts";

const Interval = z.object({ low: z.number(), high: z.number() }).describe("Bootstrap percentile interval of the risk");
const Driver = z.object({
  predictor: z.string().describe("EWP column"),
  label: z.string(),
  contribution: z.number().describe("Additive log-odds contribution relative to the baseline"),
  value: z.number().nullable().describe("The predictor's value in the base year"),
});
const ModelQuery = z.string().regex(/^[a-z0-9-]{1,40}$/).default("default").describe("Model id (see /api/models)");
const HorizonQuery = z.enum(Object.keys(HORIZONS) as [keyof typeof HORIZONS, ...(keyof typeof HORIZONS)[]]).default("two-year");

/** `/api/forecasts`, `/api/countries/:iso3/forecasts`, `/api/models`. */
export const forecastRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/forecasts",
    {
      schema: {
        tags: ["forecasts"],
        summary: "Ranked risk of a new mass killing, per country, with intervals and top drivers",
        description:
          "`year` is the first year forecast: `year=2025` returns the forecast made from 2024 data for an onset in 2025 or 2026 " +
          "(`horizon=two-year`, EWP's target) or in 2025 alone (`horizon=one-year`). Defaults to the newest forecast.",
        querystring: z.object({
          year: z.coerce.number().int().min(1950).max(2200).optional(),
          model: ModelQuery,
          horizon: HorizonQuery,
        }),
        response: {
          200: z.object({
            model: z.object({ id: z.string(), description: z.string() }),
            run: z.object({
              id: z.number().int(), baseYear: z.number().int(), dataVersionId: z.number().int(), createdAt: z.string(),
              intervals: z.object({
                resamples: z.number(), level: z.number(), seed: z.number(),
                refit: z.enum(["frozen", "full"]).optional().describe("frozen: bootstrap refits kept the tuned hyperparameters (intervals are conditional on the tuning)"),
              }), baselineDefinition: z.string(),
            }),
            horizon: z.string(),
            targetYears: z.array(z.number().int()),
            forecasts: z.array(
              z.object({
                iso3: z.string(), name: z.string(), isoNumeric: z.string().nullable(), region: z.string().nullable(),
                risk: z.number().describe("Probability of an onset in the target years"), rank: z.number().int(), interval: Interval, drivers: z.array(Driver),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => rankedForecasts(ctx.store, { year: request.query.year, modelId: request.query.model, horizon: request.query.horizon }),
  );

  app.get(
    "/api/countries/:iso3/forecasts",
    {
      schema: {
        tags: ["forecasts"],
        summary: "One country's stored forecasts over time and every driver of the newest",
        params: z.object({ iso3: Iso3 }),
        querystring: z.object({ model: ModelQuery }),
        response: {
          200: z.object({
            iso3: z.string(),
            model: z.string(),
            history: z.array(z.object({
              runId: z.number().int(), baseYear: z.number().int(), horizon: z.string(), targetFrom: z.number().int(), targetTo: z.number().int(),
              risk: z.number(), rank: z.number().int(), interval: Interval,
            })),
            backtest: z
              .array(z.object({ dataYear: z.number().int(), targetFrom: z.number().int(), targetTo: z.number().int(), risk: z.number(), rank: z.number().int() }))
              .describe("Out-of-sample risk history from the newest stored backtest (EWP protocol: each from a model trained on years ≤ dataYear − 2)"),
            latest: z
              .object({
                baseYear: z.number().int(), targetFrom: z.number().int(), targetTo: z.number().int(), risk: z.number(), rank: z.number().int(),
                interval: Interval, score: z.number(), baseline: z.number(), baselineDefinition: z.string(), drivers: z.array(Driver),
              })
              .optional()
              .describe("Absent when no forecast covers the country"),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => countryForecasts(ctx.store, request.params.iso3, request.query.model),
  );

  app.get(
    "/api/models",
    {
      schema: {
        tags: ["forecasts"],
        summary: "Forecasting models: versions (runs) and walk-forward backtest scores",
        response: {
          200: z.object({
            models: z.array(z.object({
              id: z.string(), description: z.string(),
              runs: z.array(z.object({ id: z.number().int(), baseYear: z.number().int(), dataVersionId: z.number().int(), createdAt: z.string() })),
              backtests: z.array(z.object({
                dataVersionId: z.number().int(), wallMs: z.number(), createdAt: z.string(),
                scores: z.record(z.string(), z.object({ auc: z.number(), recallAt30: z.number(), brier: z.number(), n: z.number(), onsets: z.number() })),
              })),
            })),
          }),
          ...errorResponses,
        },
      },
    },
    async () => ({ models: await listModels(ctx.store) }),
  );
};
