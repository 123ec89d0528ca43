/**
 * The report form's rules, apart from React: turns what a monitor typed into the body of
 * `POST /api/reports`, or says which fields are wrong. The server validates again (zod); these
 * checks only let the form answer offline.
 */
import type { ReportSubmission } from "../api.ts";
import { t, tDynamic } from "../i18n/i18n.ts";

/** How the time is known (the API's `occurred.precision`). */
export const TIME_PRECISIONS = ["exact", "hour", "day", "week", "month", "year"] as const;
/** Who did it (the API's `perpetratorType`), with labels. */
export const PERPETRATORS = [
  ["unknown", "Unknown"], ["state_forces", "State forces"], ["police", "Police"], ["non_state_armed_group", "Non-state armed group"],
  ["militia", "Militia"], ["civilians", "Civilians"], ["other", "Other"],
] as const;
/** Coarse location choices: how far the point may be from the place, in metres. */
export const LOCATION_PRECISIONS = [
  [100, "Exact spot (about 100 m)"], [1_000, "Neighbourhood (about 1 km)"], [10_000, "Town or village (about 10 km)"], [100_000, "District or region (about 100 km)"],
] as const;
/** Attachment types the server accepts. */
export const ATTACHMENT_TYPES = ["image/jpeg", "image/png", "video/mp4", "video/webm", "audio/mpeg", "audio/ogg", "audio/mp4", "application/pdf", "text/plain"] as const;
/** Largest attachment, bytes (the API takes 12,000,000 base64 characters). */
export const MAX_ATTACHMENT_BYTES = 8_900_000;
/** Victim count fields, with labels. */
export const VICTIM_FIELDS = [["killed", "Killed"], ["injured", "Injured"], ["missing", "Missing"], ["detained", "Detained"], ["displaced", "Displaced"]] as const;

/** The form's raw values (strings as typed). */
export interface ReportFormValues {
  description: string;
  /** `datetime-local` value, e.g. `2026-11-20T14:30`, read in the device's time zone. */
  occurredAt: string;
  precision: string;
  lat: string;
  lon: string;
  precisionMeters: string;
  countryIso3: string;
  adminArea: string;
  protectLocation: boolean;
  perpetratorType: string;
  targetedGroup: string;
  victims: Partial<Record<(typeof VICTIM_FIELDS)[number][0], string>>;
  sourceKind: string;
  sourceDescription: string;
}

/** A file already read into base64 (the API's attachment item). */
export interface EncodedAttachment {
  fileName: string;
  mediaType: string;
  data: string;
}

/** The outcome of `buildSubmission`. */
export type BuildResult = { ok: true; body: ReportSubmission } | { ok: false; errors: Record<string, string> };

const numberOrUndefined = (s: string | undefined): number | undefined => (s === undefined || s.trim() === "" ? undefined : Number(s));

/**
 * Checks the values and builds the API body.
 * @param values the form's values
 * @param attachments files read as base64
 * @returns the body, or an error message per field name
 */
export function buildSubmission(values: ReportFormValues, attachments: EncodedAttachment[] = []): BuildResult {
  const errors: Record<string, string> = {};
  const description = values.description.trim();
  if (!description) errors.description = t("report.error.description");
  else if (description.length > 20_000) errors.description = t("report.error.descriptionLong", { max: 20_000 });
  const when = new Date(values.occurredAt);
  if (!values.occurredAt || Number.isNaN(when.getTime())) errors.occurredAt = t("report.error.occurredAt");
  if (!(TIME_PRECISIONS as readonly string[]).includes(values.precision)) errors.precision = t("report.error.precision");

  let location: ReportSubmission["location"];
  const lat = numberOrUndefined(values.lat);
  const lon = numberOrUndefined(values.lon);
  if (lat !== undefined || lon !== undefined) {
    if (lat === undefined || !Number.isFinite(lat) || lat < -90 || lat > 90) errors.lat = t("report.error.lat");
    if (lon === undefined || !Number.isFinite(lon) || lon < -180 || lon > 180) errors.lon = t("report.error.lon");
    const iso3 = values.countryIso3.trim().toUpperCase();
    if (iso3 && !/^[A-Z]{3}$/.test(iso3)) errors.countryIso3 = t("report.error.country");
    const precisionMeters = Number(values.precisionMeters) || 10_000;
    if (!errors.lat && !errors.lon && !errors.countryIso3) {
      location = { lat: lat!, lon: lon!, precisionMeters, protect: values.protectLocation, ...(iso3 ? { countryIso3: iso3 } : {}), ...(values.adminArea.trim() ? { adminArea: values.adminArea.trim() } : {}) };
    }
  }

  const victims: ReportSubmission["victims"] = {};
  for (const [field, label] of VICTIM_FIELDS) {
    const n = numberOrUndefined(values.victims[field]);
    if (n === undefined) continue;
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000) errors[`victims.${field}`] = t("report.error.victims", { label: tDynamic(`report.victims.${field}`, label) });
    else victims[field] = n;
  }
  if (!PERPETRATORS.some(([v]) => v === values.perpetratorType)) errors.perpetratorType = t("report.error.perpetrator");
  for (const a of attachments) {
    if (!(ATTACHMENT_TYPES as readonly string[]).includes(a.mediaType)) errors.attachments = t("report.error.fileType", { file: a.fileName });
    else if (a.data.length > 12_000_000) errors.attachments = t("report.error.fileSize", { file: a.fileName, mb: Math.round(MAX_ATTACHMENT_BYTES / 1e6) });
  }
  if (attachments.length > 10) errors.attachments = t("report.error.fileCount", { max: 10 });
  if (Object.keys(errors).length) return { ok: false, errors };

  const sourceDescription = values.sourceDescription.trim();
  const body: ReportSubmission = {
    occurred: { from: when.toISOString(), precision: values.precision as ReportSubmission["occurred"]["precision"] },
    description,
    victims,
    perpetratorType: values.perpetratorType as ReportSubmission["perpetratorType"],
    sources: values.sourceKind ? [{ kind: values.sourceKind as ReportSubmission["sources"][number]["kind"], ...(sourceDescription ? { description: sourceDescription } : {}) }] : [],
    attachments: attachments.map((a) => ({ fileName: a.fileName.slice(0, 200), mediaType: a.mediaType as NonNullable<ReportSubmission["attachments"]>[number]["mediaType"], data: a.data })),
    ...(location ? { location } : {}),
    ...(values.targetedGroup.trim() ? { targetedGroup: values.targetedGroup.trim() } : {}),
  };
  return { ok: true, body };
}

/**
 * A new Idempotency-Key for one submission (kept with the queued report and sent on every retry).
 * @param random the UUID source (tests pass a fixed one)
 */
export function newIdempotencyKey(random: () => string = () => crypto.randomUUID()): string {
  return `report:${random()}`;
}
