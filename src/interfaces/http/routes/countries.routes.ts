import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { getCountryProfileJson, listCountries } from "../../../services/country.service.ts";
import type { AppContext } from "../context.ts";
import { errorResponses } from "../errors.ts";
import { Iso3Param, optionalText } from "../schemas.ts";

export const Country = z
  .object({
    iso3: z.string().describe("ISO 3166-1 alpha-3 (former code for historical states)"),
    iso2: z.string().nullable(),
    isoNumeric: z.string().nullable().describe("ISO 3166-1 numeric, as world-atlas uses"),
    name: z.string(),
    cow: z.number().int().nullable().describe("Correlates of War state code"),
    gw: z.number().int().nullable().describe("Gleditsch–Ward code"),
    ewpName: z.string().nullable(),
    gedName: z.string().nullable().describe("UCDP GED country name"),
    region: z.string().nullable(),
    validFrom: z.number().int().nullable(),
    validTo: z.number().int().nullable(),
    historical: z.boolean(),
  })
  .describe("Country");


/** `/api/countries` and `/api/countries/:iso3`. */
export const countryRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/countries",
    {
      schema: {
        tags: ["countries"],
        summary: "All countries in the registry, with the EWP years held for each",
        querystring: z.object({
          region: optionalText(60).optional(),
          historical: z.enum(["true", "false"]).optional().describe("Filter on historical states"),
        }),
        response: {
          200: z.object({
            countries: z.array(Country.extend({ ewpCoverage: z.object({ firstYear: z.number(), lastYear: z.number(), years: z.number() }).nullable() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { region, historical } = request.query;
      let countries = await listCountries(ctx.store);
      if (region) countries = countries.filter((c) => c.region?.toLowerCase() === region.toLowerCase());
      if (historical) countries = countries.filter((c) => c.historical === (historical === "true"));
      return { countries };
    },
  );

  app.get(
    "/api/countries/:iso3",
    {
      schema: {
        tags: ["countries"],
        summary: "One country: identity, EWP indicator history, mass-killing episodes and the freshness of each source",
        params: Iso3Param,
        response: {
          200: z.object({
            country: Country,
            indicators: z.array(
              z.object({
                year: z.number().int(),
                mkOnset: z.number().nullable().describe("1 when a new mass killing began that year"),
                values: z.record(z.string(), z.number().nullable()).describe("Every EWP column by name; null = missing"),
                datasetVersionId: z.number().int(),
              }),
            ),
            episodes: z.array(
              z.object({
                code: z.string(),
                name: z.string(),
                summary: z.string().nullable(),
                startYear: z.number().int(),
                endYear: z.number().int().nullable(),
                stateLed: z.boolean().nullable(),
                countryName: z.string().describe("Country as named in EWP's list"),
              }),
            ),
            sources: z
              .array(
                z.object({
                  source: z.string().describe("ewp, ged, acled or gdelt"),
                  latestEventDate: z.string().nullable().describe("The country's latest event date in this source (EWP: end of its latest year); null when none"),
                  importedAt: z.string().nullable().describe("When this source was last imported (any country), ISO 8601; null when never"),
                }),
              )
              .describe("How fresh each source is for this country"),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      // The body is built and validated once per data version (see getCountryProfileJson) and sent
      // pre-serialised; clients holding the same version get a 304.
      const { json, etag } = await getCountryProfileJson(ctx.store, request.params.iso3);
      reply.header("etag", etag).header("cache-control", "no-cache");
      if (request.headers["if-none-match"] === etag) return reply.code(304 as 200).send(undefined as never);
      return reply.type("application/json; charset=utf-8").send(json as never);
    },
  );
};
