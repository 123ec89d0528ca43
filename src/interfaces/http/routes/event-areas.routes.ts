import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { countryEventAreas } from "../../../services/event-areas.service.ts";
import type { AppContext } from "../context.ts";
import { errorResponses } from "../errors.ts";
import { Day, FROM_AFTER_TO, Iso3, fromNotAfterTo } from "../schemas.ts";


/** `GET /api/countries/:iso3/events/areas`: events per admin1 with their mean location, for the admin-area map. */
export const eventAreaRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/countries/:iso3/events/areas",
    {
      schema: {
        tags: ["events"],
        summary: "A country's events per first-order administrative area, with the mean location of its geolocated events",
        description: "Areas as the sources name them (events without one are left out), most events first; `lat`/`lon` null when no event there has coordinates.",
        params: z.object({ iso3: Iso3 }),
        querystring: z.object({ from: Day.optional(), to: Day.optional() }).refine(fromNotAfterTo, FROM_AFTER_TO),
        response: {
          200: z.object({
            country: z.string(),
            areas: z.array(z.object({ admin1: z.string(), events: z.number().int(), fatalities: z.number().int(), civilianDeaths: z.number().int(), lat: z.number().nullable(), lon: z.number().nullable() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => countryEventAreas(ctx.store, request.params.iso3, request.query),
  );
};
