import { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { CapSource } from "../../../domain/open-formats/cap.ts";
import {
  alertCapMessage, alertsCapFeed, exportEvents, exportForecasts, exportPublishedReports, type ExportFormat,
} from "../../../services/open-data.service.ts";
import type { AppContext } from "../context.ts";
import { errorResponses } from "../errors.ts";
import { Day, FROM_AFTER_TO, fromNotAfterTo, Iso3 } from "../schemas.ts";

const tags = ["open data"];
const TYPES: Record<ExportFormat, string> = { csv: "text/csv; charset=utf-8", geojson: "application/geo+json" };

// The Host header names this instance in CAP senders and links; anything odd falls back to localhost.
function capSource(request: FastifyRequest): CapSource {
  const host = /^[A-Za-z0-9.-]{1,253}$/.test(request.hostname) ? request.hostname : "localhost";
  const authority = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(request.host) ? request.host : host;
  return { host, baseUrl: `${request.protocol}://${authority}` };
}

// A Node stream reply: Fastify pipes it with backpressure, so the export is read from the store
// only as fast as the client takes it.
function streamReply(reply: FastifyReply, chunks: AsyncIterable<string>, format: ExportFormat, name: string) {
  return reply
    .type(TYPES[format])
    .header("content-disposition", `attachment; filename="${name}.${format === "csv" ? "csv" : "geojson"}"`)
    .send(Readable.from(chunks));
}

// The typed reply knows only the JSON error bodies; a 200 without a schema is sent as the text it is.
function sendXml(reply: FastifyReply, type: string, xml: string) {
  return reply.type(type).send(xml as never);
}

const formatOf = (file: string) => (file.endsWith(".csv") ? "csv" : "geojson") as ExportFormat;

/**
 * Open formats (issue 16): bulk exports of events, forecasts and published reports as HXL CSV and
 * GeoJSON (streamed), and the public alert levels as CAP 1.2 (an Atom feed and single messages).
 */
export const openDataRoutes = (ctx: AppContext): FastifyPluginAsyncZod => async (app) => {
  app.get(
    "/api/exports/:file",
    {
      schema: {
        tags,
        summary: "Bulk export of public events or forecasts as HXL-tagged CSV or GeoJSON, streamed",
        description:
          "`events.csv` / `events.geojson`: every stored event (filter by country and start day); `forecasts.csv` / `forecasts.geojson`: the newest " +
          "forecast run, both horizons (GeoJSON features without geometry: join on `country_iso3`). CSV has the HXL hashtag row under the header; " +
          "cells starting with = + - @, tab or CR are prefixed with ' so spreadsheets do not run them.",
        params: z.object({ file: z.enum(["events.csv", "events.geojson", "forecasts.csv", "forecasts.geojson"]) }),
        querystring: z
          .object({
            country: Iso3.optional().describe("events only"),
            from: Day.optional().describe("events starting on or after this day"),
            to: Day.optional().describe("events starting on or before this day"),
          })
          // The shared strict day: a lax pattern let 2026-02-31 reach the database after the stream had started.
          .refine(fromNotAfterTo, FROM_AFTER_TO),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      const format = formatOf(file);
      if (file.startsWith("events.")) {
        const { country, from, to } = request.query;
        return streamReply(reply, exportEvents(ctx.store, format, { country: country?.toUpperCase(), from, to }), format, "tocsin-events");
      }
      return streamReply(reply, await exportForecasts(ctx.store, format), format, "tocsin-forecasts");
    },
  );

  const protection = ctx.protection;
  if (protection) {
    app.get(
      "/api/exports/reports/:file",
      {
        schema: {
          tags,
          summary: "Published reports of every organisation as HXL-tagged CSV or GeoJSON, streamed: blurred places (≥ 1 km), day-level dates, no people",
          params: z.object({ file: z.enum(["published.csv", "published.geojson"]) }),
          response: { ...errorResponses },
        },
      },
      async (request, reply) => {
        const format = formatOf(request.params.file);
        return streamReply(reply, exportPublishedReports(protection, format), format, "tocsin-published-reports");
      },
    );
  }

  app.get(
    "/api/alerts.cap.xml",
    {
      schema: {
        tags,
        summary: "Current public alert levels (Watch and above) as an Atom feed of OASIS CAP 1.2 messages",
        response: { ...errorResponses },
      },
    },
    async (request, reply) => sendXml(reply, "application/atom+xml; charset=utf-8", await alertsCapFeed(ctx.store, capSource(request))),
  );

  app.get(
    "/api/alerts/:id.cap.xml",
    {
      schema: {
        tags,
        summary: "One current public alert level as an OASIS CAP 1.2 message",
        params: z.object({ id: z.uuid().describe("the alert's id (`id` in /api/alerts)") }),
        response: { ...errorResponses },
      },
    },
    async (request, reply) => sendXml(reply, "application/cap+xml; charset=utf-8", await alertCapMessage(ctx.store, request.params.id, capSource(request))),
  );
};
