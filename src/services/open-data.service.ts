/**
 * Use case: the instance's public data in open formats, for other tools (issue 16, "open formats").
 * - Bulk exports of forecasts, events and published reports as HXL-tagged CSV and as GeoJSON.
 *   Each export is an async iterable of text chunks read from the store page by page (keyset
 *   pagination, {@link EXPORT_PAGE} rows a read), so a million-row export holds one page at a time;
 *   the HTTP layer pipes it into the response as a stream.
 * - Public alert levels as CAP 1.2 messages and an Atom feed of them.
 * Public data only: events come from public datasets; reports only when published, with the
 * blurred place of their public view and none of their protected fields (reporter, witnesses,
 * exact point, internal notes).
 */
import type { CapAlertInput, CapSource } from "../domain/open-formats/cap.ts";
import { capAtomFeed, capMessage } from "../domain/open-formats/cap.ts";
import { featureCollectionEnd, featureCollectionStart, geoJsonFeature } from "../domain/open-formats/geojson.ts";
import { hxlHeader, hxlRow, type HxlColumn } from "../domain/open-formats/hxl.ts";
import type { PublicReportView } from "../domain/reports/report.ts";
import type { Keyring } from "../infra/secrets/keyring.ts";
import type { Store } from "../infra/store/database.ts";
import { EventRepository, type EventFilter } from "../infra/store/event.repository.ts";
import { ForecastRepository } from "../infra/store/forecast.repository.ts";
import { ReportRepository } from "../infra/store/report.repository.ts";
import type { EventRow } from "../infra/store/schema/mod.ts";
import { listAlerts } from "./alert-level.service.ts";
import { NotFoundError } from "./errors.ts";
import { publicReportView } from "./report.service.ts";
import { PublishedAreaRepository } from "../infra/store/published-area.repository.ts";

/** Rows read from the store per page of an export. */
export const EXPORT_PAGE = 5000;

/** Export formats. */
export type ExportFormat = "csv" | "geojson";

/** Event columns of the HXL CSV (and the GeoJSON properties, by header). */
export const EVENT_COLUMNS: readonly HxlColumn<EventRow>[] = [
  { header: "source", tag: "#meta+source", value: (e) => e.source },
  { header: "source_id", tag: "#event+id", value: (e) => e.sourceId },
  { header: "date_start", tag: "#date+start", value: (e) => e.dateStart },
  { header: "date_end", tag: "#date+end", value: (e) => e.dateEnd },
  { header: "date_precision", tag: "#date+precision", value: (e) => e.datePrecision },
  { header: "country_iso3", tag: "#country+code", value: (e) => e.countryIso3 },
  { header: "country_name", tag: "#country+name", value: (e) => e.countryName },
  { header: "admin1", tag: "#adm1+name", value: (e) => e.admin1 },
  { header: "admin2", tag: "#adm2+name", value: (e) => e.admin2 },
  { header: "latitude", tag: "#geo+lat", value: (e) => e.lat },
  { header: "longitude", tag: "#geo+lon", value: (e) => e.lon },
  { header: "location_precision", tag: "#geo+precision", value: (e) => e.locationPrecision },
  { header: "violence_type", tag: "#event+type+violence", value: (e) => e.violenceType },
  { header: "event_type", tag: "#event+type", value: (e) => e.eventType },
  { header: "civilian_targeting", tag: "#indicator+civilians_targeted", value: (e) => e.civilianTargeting },
  { header: "identity_targeting", tag: "#indicator+identity_targeted", value: (e) => e.identityTargeting },
  { header: "actor1", tag: "#group+actor1", value: (e) => e.actor1 },
  { header: "actor2", tag: "#group+actor2", value: (e) => e.actor2 },
  { header: "fatalities", tag: "#affected+killed", value: (e) => e.fatalitiesBest },
  { header: "fatalities_low", tag: "#affected+killed+min", value: (e) => e.fatalitiesLow },
  { header: "fatalities_high", tag: "#affected+killed+max", value: (e) => e.fatalitiesHigh },
  { header: "civilian_deaths", tag: "#affected+killed+civilians", value: (e) => e.civilianDeaths },
  { header: "description", tag: "#description", value: (e) => e.sourceText },
];

/** One exported forecast. */
export interface ForecastExportRow {
  iso3: string;
  name: string;
  region: string | null;
  model: string;
  baseYear: number;
  horizon: string;
  targetFrom: number;
  targetTo: number;
  risk: number;
  intervalLow: number;
  intervalHigh: number;
  rank: number;
}

/** Forecast columns of the HXL CSV. */
export const FORECAST_COLUMNS: readonly HxlColumn<ForecastExportRow>[] = [
  { header: "country_iso3", tag: "#country+code", value: (f) => f.iso3 },
  { header: "country_name", tag: "#country+name", value: (f) => f.name },
  { header: "region", tag: "#region+name", value: (f) => f.region },
  { header: "model", tag: "#meta+model", value: (f) => f.model },
  { header: "base_year", tag: "#date+year+base", value: (f) => f.baseYear },
  { header: "horizon", tag: "#meta+horizon", value: (f) => f.horizon },
  { header: "target_from", tag: "#date+year+start", value: (f) => f.targetFrom },
  { header: "target_to", tag: "#date+year+end", value: (f) => f.targetTo },
  { header: "risk", tag: "#indicator+risk+num", value: (f) => f.risk },
  { header: "interval_low", tag: "#indicator+risk+min", value: (f) => f.intervalLow },
  { header: "interval_high", tag: "#indicator+risk+max", value: (f) => f.intervalHigh },
  { header: "rank", tag: "#indicator+rank", value: (f) => f.rank },
];

/** Published-report columns of the HXL CSV: exactly the public view, place blurred. */
export const REPORT_COLUMNS: readonly HxlColumn<PublicReportView>[] = [
  { header: "report_id", tag: "#meta+id", value: (r) => r.id },
  { header: "occurred_on", tag: "#date+occurred", value: (r) => r.occurredOn },
  { header: "time_precision", tag: "#date+precision", value: (r) => r.timePrecision },
  { header: "country_iso3", tag: "#country+code", value: (r) => r.location?.countryIso3 ?? null },
  { header: "admin_area", tag: "#adm1+name", value: (r) => r.location?.adminArea ?? null },
  { header: "latitude_blurred", tag: "#geo+lat+blurred", value: (r) => r.location?.lat ?? null },
  { header: "longitude_blurred", tag: "#geo+lon+blurred", value: (r) => r.location?.lon ?? null },
  { header: "blur_m", tag: "#geo+precision+m", value: (r) => r.location?.precisionMeters ?? null },
  { header: "killed", tag: "#affected+killed", value: (r) => r.victims.killed ?? null },
  { header: "injured", tag: "#affected+injured", value: (r) => r.victims.injured ?? null },
  { header: "missing", tag: "#affected+missing", value: (r) => r.victims.missing ?? null },
  { header: "detained", tag: "#affected+detained", value: (r) => r.victims.detained ?? null },
  { header: "displaced", tag: "#affected+displaced", value: (r) => r.victims.displaced ?? null },
  { header: "perpetrator_type", tag: "#group+perpetrator+type", value: (r) => r.perpetratorType },
  { header: "targeted_group", tag: "#group+targeted", value: (r) => r.targetedGroup },
  { header: "description", tag: "#description", value: (r) => r.description },
];

/**
 * Writes rows as HXL CSV or a GeoJSON FeatureCollection, chunk by chunk.
 * @param rows the rows, as pages (arrays) so each page becomes one chunk
 * @param columns the table's columns (GeoJSON properties use the headers)
 * @param format csv or geojson
 * @param point where a row is on the map (GeoJSON), or null
 * @param meta collection-level GeoJSON members (name, licence)
 */
export async function* writeTable<T>(
  rows: AsyncIterable<readonly T[]>,
  columns: readonly HxlColumn<T>[],
  format: ExportFormat,
  point: (row: T) => { lat: number; lon: number } | null,
  meta: Record<string, string> = {},
): AsyncGenerator<string> {
  let first = true;
  yield format === "csv" ? hxlHeader(columns) : featureCollectionStart(meta);
  for await (const page of rows) {
    let chunk = "";
    for (const row of page) {
      if (format === "csv") chunk += hxlRow(columns, row);
      else {
        const properties: Record<string, unknown> = {};
        for (const c of columns) properties[c.header] = c.value(row);
        chunk += geoJsonFeature(point(row), properties, first);
      }
      first = false;
    }
    if (chunk) yield chunk;
  }
  if (format === "geojson") yield featureCollectionEnd();
}

/**
 * Stored events page by page in the API's order (date, source, id).
 * @param store the store
 * @param filter country / date filters
 * @param pageSize rows per read (default {@link EXPORT_PAGE})
 */
export async function* eventPages(store: Store, filter: EventFilter = {}, pageSize = EXPORT_PAGE): AsyncGenerator<EventRow[]> {
  const repo = new EventRepository(store.db);
  let after: { dateStart: string; source: string; sourceId: string } | undefined;
  for (;;) {
    const page = await repo.list(filter, pageSize, after);
    if (page.length) yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    after = { dateStart: last.dateStart, source: last.source, sourceId: last.sourceId };
  }
}

const point = (lat: number | null | undefined, lon: number | null | undefined) => (lat != null && lon != null ? { lat, lon } : null);

/**
 * The events export (every stored event matching the filter).
 * @param store the store
 * @param format csv (HXL) or geojson
 * @param filter country / date filters
 */
export function exportEvents(store: Store, format: ExportFormat, filter: EventFilter = {}): AsyncGenerator<string> {
  return writeTable(eventPages(store, filter), EVENT_COLUMNS, format, (e) => point(e.lat, e.lon), {
    name: "tocsin-events",
    attribution: "Each event's source (see `source`) sets its terms: UCDP GED is CC BY 4.0; ACLED and GDELT follow their own terms.",
  });
}

/**
 * The newest forecast run of a model, both horizons, best rank first. GeoJSON features have no
 * geometry (the store holds no country shapes): join them on `country_iso3`.
 * @throws {NotFoundError} when the model has no stored run
 */
export async function exportForecasts(store: Store, format: ExportFormat, modelId = "default"): Promise<AsyncGenerator<string>> {
  const repo = new ForecastRepository(store.db);
  const run = await repo.latestRun(modelId);
  if (!run) throw new NotFoundError("forecast", modelId);
  async function* pages(): AsyncGenerator<ForecastExportRow[]> {
    for (const horizon of ["two-year", "one-year"]) {
      const rows = await repo.forecastsOf(run!.id, horizon);
      yield rows.map(({ forecast: f, name, region }) => ({
        iso3: f.countryIso3, name, region, model: run!.modelId, baseYear: run!.baseYear, horizon, targetFrom: f.targetFrom, targetTo: f.targetTo,
        risk: f.risk, intervalLow: f.intervalLow, intervalHigh: f.intervalHigh, rank: f.rank,
      }));
    }
  }
  return writeTable(pages(), FORECAST_COLUMNS, format, () => null, { name: `tocsin-forecasts-${run.modelId}-${run.baseYear}` });
}

/**
 * Published reports (every organisation's), as their public view: blurred place, no people.
 * @param deps the store and the keyring (the sealed exact point is opened only to be blurred)
 * @param format csv (HXL) or geojson
 */
export function exportPublishedReports(deps: { store: Store; keyring: () => Keyring }, format: ExportFormat, pageSize = EXPORT_PAGE): AsyncGenerator<string> {
  async function* pages(): AsyncGenerator<PublicReportView[]> {
    const repo = new ReportRepository(deps.store.db);
    let after: string | undefined;
    for (;;) {
      const rows = await repo.publishedPage(pageSize, after);
      if (rows.length) {
        // The areas fixed at first publication, as the public list answers (no narrower place here either).
        const first = await new PublishedAreaRepository(deps.store.db).forReports(rows.map((r) => r.id));
        yield rows.map((r) => publicReportView(r, deps.keyring, first.get(r.id)));
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].id;
    }
  }
  return writeTable(pages(), REPORT_COLUMNS, format, (r) => point(r.location?.lat, r.location?.lon), { name: "tocsin-published-reports" });
}

async function publicAlerts(store: Store): Promise<CapAlertInput[]> {
  const views = await listAlerts({ store }, { levels: ["watch", "warning", "emergency"] });
  return views.map((v) => ({
    id: v.id, iso3: v.iso3, name: v.name, situation: v.situation, level: v.level as CapAlertInput["level"], label: v.label,
    explanation: v.explanation, since: v.since, reassessOn: v.reassessOn, overridden: v.override !== null,
  }));
}

/**
 * The Atom feed of the current public alert levels (Watch and above), each as a CAP 1.2 message.
 * @param store the store
 * @param source the instance's host and base URL
 */
export async function alertsCapFeed(store: Store, source: CapSource): Promise<string> {
  const alerts = await publicAlerts(store);
  const updated = alerts.reduce((max, a) => (a.since > max ? a.since : max), alerts.length ? alerts[0].since : new Date().toISOString());
  return capAtomFeed(alerts, source, updated);
}

/**
 * One current public alert level as a CAP 1.2 message.
 * @throws {NotFoundError} when no current alert (Watch or above) has the id
 */
export async function alertCapMessage(store: Store, id: string, source: CapSource): Promise<string> {
  const alert = (await publicAlerts(store)).find((a) => a.id === id);
  if (!alert) throw new NotFoundError("alert", id);
  return capMessage(alert, source);
}
