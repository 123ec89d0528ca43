import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DETECTORS } from "../../../domain/events/escalation.ts";
import { VIOLENCE_TYPES } from "../../../domain/events/event.ts";
import { countryEscalations, countryEventSummary, listEvents } from "../../../services/event.service.ts";
import { EVENT_SOURCE_IDS } from "../../../infra/importers/event-sources.ts";
import type { EventPosition } from "../../../infra/store/event.repository.ts";
import type { AppContext } from "../context.ts";
import { errorResponses } from "../errors.ts";
import { Day, FROM_AFTER_TO, Iso3, fromNotAfterTo, isCalendarDay, text } from "../schemas.ts";

const UCDP_CITATION =
  "Event data from the UCDP Georeferenced Event Dataset (GED), CC BY 4.0: Sundberg & Melander 2013, " +
  "Journal of Peace Research 50(4); Davies et al. 2024, Journal of Peace Research 61(4). ACLED and GDELT events, when imported, follow their own terms.";


/**
 * Encodes a page position as an opaque cursor (base64url of a JSON triple). Clients must not
 * build or parse cursors; the format may change.
 * @param p the sort key of the last event returned
 */
export function encodeCursor(p: EventPosition): string {
  return Buffer.from(JSON.stringify([p.dateStart, p.source, p.sourceId])).toString("base64url");
}

/**
 * Decodes a cursor made by {@link encodeCursor}.
 * @returns the position, or `undefined` when the text is not a valid cursor
 */
export function decodeCursor(cursor: string): EventPosition | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === "string")) return undefined;
    const [dateStart, source, sourceId] = v as string[];
    if (!isCalendarDay(dateStart) || source.length > 10 || sourceId.length > 100) return undefined;
    return { dateStart, source, sourceId };
  } catch {
    return undefined;
  }
}


export const EventSchema = z
  .object({
    id: z.string().describe("Stable key `source:sourceId`, e.g. `ged:71686`"),
    source: z.enum(EVENT_SOURCE_IDS).describe("Event source id from the registry (src/infra/importers/event-sources.ts)"),
    sourceId: z.string().describe("The source's identifier (GED `id`, ACLED `event_id_cnty`, GDELT `GlobalEventID`)"),
    dateStart: z.string().describe("First day, YYYY-MM-DD"),
    dateEnd: z.string().describe("Last day, YYYY-MM-DD"),
    datePrecision: z.number().int().describe("UCDP scale: 1 exact day … 5 longer than a month"),
    countryIso3: z.string().nullable().describe("Registry key (ISO3); null when the source's country could not be resolved"),
    countryName: z.string().describe("Country as the source names it"),
    gwCode: z.number().int().nullable(),
    admin1: z.string().nullable(),
    admin2: z.string().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    locationPrecision: z.number().int().nullable().describe("UCDP where_prec: 1 exact … 7 international waters"),
    violenceType: z.enum(VIOLENCE_TYPES as [string, ...string[]]),
    civilianTargeting: z.boolean(),
    identityTargeting: z.boolean(),
    actor1: z.string().nullable(),
    actor2: z.string().nullable(),
    fatalitiesBest: z.number().int().nullable(),
    fatalitiesLow: z.number().int().nullable(),
    fatalitiesHigh: z.number().int().nullable(),
    civilianDeaths: z.number().int().nullable(),
    sourceText: z.string().nullable(),
    eventType: z.string().nullable(),
    datasetVersionId: z.number().int().describe("Dataset version (see /api/datasets) that last wrote the event"),
  })
  .describe("Event");

const Alert = z
  .object({
    id: z.string().describe("Stable id: detector|level|period|place|periodStart"),
    detector: z.enum(DETECTORS as [string, ...string[]]),
    level: z.enum(["country", "admin1"]),
    period: z.enum(["week", "month"]),
    place: z.object({ countryIso3: z.string().nullable(), countryName: z.string(), admin1: z.string().nullable().describe("null for country-level alerts") }),
    periodStart: z.string().describe("First day of the first flagged period"),
    periodEnd: z.string().describe("Last day of the last flagged period"),
    peakPeriodStart: z.string(),
    score: z.number().describe("tocsin: −log10 p at the peak (alarm at −log10 α); acled-surge: ratio to the baseline mean"),
    flaggedPeriods: z.number().int(),
    events: z.number().int().describe("Number of distinct events behind the alert"),
    eventIds: z.array(z.string()).describe("Keys (`source:sourceId`) of those events; fetch them from /api/events"),
    fatalities: z.number().int(),
    civilianDeaths: z.number().int(),
    severity: z.enum(["low", "moderate", "high", "critical"]),
  })
  .describe("EscalationAlert");

/** `/api/events`, `/api/countries/:iso3/events/summary` and `/api/escalations`. */
export const eventRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/events",
    {
      schema: {
        tags: ["events"],
        summary: "Stored conflict events, filtered, in date order, with cursor pagination",
        description:
          "Events ordered by start date, then source and id. Pass `nextCursor` back as `cursor` for the next page; " +
          "the order is total, so paging is stable and complete while the data do not change. " + UCDP_CITATION,
        querystring: z
          .object({
            country: Iso3.optional().describe("ISO3 code, e.g. MMR"),
            admin1: text(200).optional().describe("First-order admin unit as the source names it, e.g. `Rakhine state`"),
            from: Day.optional().describe("Events starting on or after this day"),
            to: Day.optional().describe("Events starting on or before this day"),
            violenceType: z.enum(VIOLENCE_TYPES as [string, ...string[]]).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100).describe("Page size, at most 500"),
            cursor: z
              .string()
              .max(400)
              .refine((c) => decodeCursor(c) !== undefined, "is not a cursor returned by this API")
              .optional()
              .describe("Opaque cursor from the previous page's `nextCursor`"),
          })
          .refine(fromNotAfterTo, FROM_AFTER_TO),
        response: {
          200: z.object({ events: z.array(EventSchema), nextCursor: z.string().nullable().describe("null on the last page") }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { country, admin1, from, to, violenceType, limit, cursor } = request.query;
      const page = await listEvents(
        ctx.store,
        { country, admin1, from, to, violenceType: violenceType as (typeof VIOLENCE_TYPES)[number] | undefined },
        limit,
        cursor ? decodeCursor(cursor) : undefined,
      );
      return {
        events: page.events.map((e) => ({ id: `${e.source}:${e.sourceId}`, ...e, source: e.source })),
        nextCursor: page.next ? encodeCursor(page.next) : null,
      };
    },
  );

  app.get(
    "/api/countries/:iso3/events/summary",
    {
      schema: {
        tags: ["events"],
        summary: "A country's events per month (events, deaths, civilian deaths, one-sided events), for charts",
        description:
          "One entry per calendar month of the event start date, from the first to the last month with events (or from `from` to `to`), " +
          "zeros for months without events. `fatalities` sums best estimates; `civilianDeaths` is the source's civilian count, or " +
          "for one-sided/civilian-targeting events without one, all their deaths; `oneSidedEvents` counts violence against civilians. " +
          UCDP_CITATION,
        params: z.object({ iso3: Iso3.describe("ISO alpha-3, e.g. MMR") }),
        querystring: z.object({ from: Day.optional(), to: Day.optional() }).refine(fromNotAfterTo, FROM_AFTER_TO),
        response: {
          200: z.object({
            country: z.string(),
            months: z.array(
              z.object({
                month: z.string().describe("First day of the month, YYYY-MM-01"),
                events: z.number().int(),
                fatalities: z.number().int(),
                civilianDeaths: z.number().int(),
                oneSidedEvents: z.number().int(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => countryEventSummary(ctx.store, request.params.iso3, request.query),
  );

  app.get(
    "/api/escalations",
    {
      schema: {
        tags: ["events"],
        summary: "Escalation alerts for a country, computed from the stored events",
        description:
          "Runs a detector over the country's stored events (all events up to `to` form the baseline; `from`/`to` select alerts by " +
          "the start of their first flagged period). `tocsin` is Tocsin's statistical detector (false-alarm rate α = 0.001 per place " +
          "and period); `acled-surge` is ACLED's surge rule. Each alert lists the events behind it. One country per request: " +
          "detection reads all of its events. " + UCDP_CITATION,
        querystring: z
          .object({
            country: Iso3.describe("ISO3 code, e.g. MMR"),
            detector: z.enum(DETECTORS as [string, ...string[]]).default("tocsin"),
            level: z.enum(["country", "admin1"]).default("admin1"),
            period: z.enum(["week", "month"]).default("week"),
            from: Day.optional(),
            to: Day.optional(),
          })
          .refine(fromNotAfterTo, FROM_AFTER_TO),
        response: { 200: z.object({ alerts: z.array(Alert) }), ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const alerts = await countryEscalations(ctx.store, {
        country: q.country,
        detector: q.detector as (typeof DETECTORS)[number],
        level: q.level,
        period: q.period,
        from: q.from,
        to: q.to,
      });
      return {
        alerts: alerts.map(({ countryIso3, countryName, admin1, eventKeys, ...a }) => ({ ...a, place: { countryIso3, countryName, admin1 }, eventIds: eventKeys })),
      };
    },
  );
};
