/**
 * What leaves an organisation when an analyst shares an alert, an assessment or a verified report
 * (issue 16 part 2): one schema per item type listing every field of the shared shape, one redaction
 * function per type that builds exactly that shape from the original, and a validator that refuses
 * any payload with a field the schema does not list. Redaction is by rule, never by hand: the
 * functions copy named fields only, so a field added to a report later stays home unless someone
 * adds it here, in review.
 *
 * Never shared (`PROTECTED_FIELDS`): reporter identity and contact, witness and source details,
 * exact points (only the blurred point and its grid size leave), internal notes (review notes,
 * override reasons, indicator notes), and who inside the organisation wrote or reviewed what.
 */
import type { AlertLevel } from "../alerts/level.ts";

/** Kinds of item that can be shared. */
export const SHARE_ITEM_TYPES = ["alert", "assessment", "report"] as const;
/** One kind of shareable item. */
export type ShareItemType = (typeof SHARE_ITEM_TYPES)[number];

/** A field's type in a shared schema; objects and arrays of objects carry their own field lists. */
export type FieldSpec =
  | { type: "string" | "number" | "boolean"; nullable?: boolean }
  | { type: "object"; nullable?: boolean; fields: SharedSchema }
  | { type: "array"; of: "string" | "number" }
  | { type: "array"; of: SharedSchema };
/** A shared shape: field name → its type. */
export type SharedSchema = { readonly [field: string]: FieldSpec };

const str = { type: "string" } as const;
const strN = { type: "string", nullable: true } as const;
const num = { type: "number" } as const;
const numN = { type: "number", nullable: true } as const;
const bool = { type: "boolean" } as const;

/** The shared shape of each item type, field by field. */
export const SHARED_SCHEMAS: Readonly<Record<ShareItemType, SharedSchema>> = {
  alert: {
    iso3: str, situation: str, level: str, computedLevel: str, overridden: bool, since: str, explanation: str,
    signals: { type: "array", of: { kind: str, sentence: str, supports: strN, periodFrom: str, periodTo: str } },
  },
  assessment: {
    iso3: str, version: num, assessedOn: str, summary: str, score: numN, level: strN, coverage: num, sufficient: bool, rule: str,
    framework: { type: "object", fields: { key: str, version: num } },
    factors: { type: "array", of: { factorId: str, name: str, score: numN, level: strN, coverage: num } },
  },
  report: {
    occurredFrom: str, occurredTo: strN, timePrecision: str, iso3: strN, adminArea: strN,
    blurredLocation: { type: "object", nullable: true, fields: { lat: num, lon: num, gridMeters: num } },
    description: str, perpetratorType: str, targetedGroup: strN,
    victims: { type: "object", fields: { killed: numN, injured: numN, missing: numN, detained: numN, displaced: numN } },
  },
};

/**
 * Field names that must never appear in any shared shape, at any depth (compared case-insensitively).
 * The test checks every schema path against this list and every shared payload against its schema.
 */
export const PROTECTED_FIELDS = [
  "reporter", "reporterSecret", "reporterName", "reporterContact", "submittedBy", "author", "authorId", "reviewerId", "firstReviewerId", "by",
  "witness", "witnesses", "sources", "source", "contact", "phone", "email", "name_of_source",
  "lat_exact", "lon_exact", "exactLocation", "locationSecret", "lat", "lon", "point",
  "notes", "note", "internalNotes", "reviewNote", "reason", "answers", "evidence", "attachments",
] as const;

// `lat`/`lon` are protected as top-level report fields; inside `blurredLocation` they are the
// published, grid-snapped point. The checker treats that one path as the documented exception.
/** Schema paths allowed despite a protected last segment, with the reason. */
export const PROTECTED_EXCEPTIONS: Readonly<Record<string, string>> = {
  "report.blurredLocation.lat": "the point snapped to a grid of gridMeters, as published; never the exact one",
  "report.blurredLocation.lon": "the point snapped to a grid of gridMeters, as published; never the exact one",
};

/** Every field path of a schema (`signals[].sentence`, `framework.key`, …). */
export function schemaPaths(schema: SharedSchema, prefix = ""): string[] {
  const out: string[] = [];
  for (const [field, spec] of Object.entries(schema)) {
    const path = prefix ? `${prefix}.${field}` : field;
    out.push(path);
    if (spec.type === "object") out.push(...schemaPaths(spec.fields, path));
    if (spec.type === "array" && typeof spec.of === "object") out.push(...schemaPaths(spec.of, `${path}[]`));
  }
  return out;
}

/** A shared payload does not fit its schema; `path` names the field. */
export class SharedShapeError extends Error {
  constructor(message: string, readonly path: string) {
    super(`${path}: ${message}`);
    this.name = "SharedShapeError";
  }
}

function checkValue(spec: FieldSpec, value: unknown, path: string): void {
  if (value === null && "nullable" in spec && spec.nullable) return;
  if (spec.type === "object") {
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new SharedShapeError("must be an object", path);
    checkObject(spec.fields, value as Record<string, unknown>, path);
  } else if (spec.type === "array") {
    if (!Array.isArray(value)) throw new SharedShapeError("must be an array", path);
    value.forEach((v, i) => (typeof spec.of === "string" ? checkValue({ type: spec.of }, v, `${path}[${i}]`) : checkValue({ type: "object", fields: spec.of }, v, `${path}[${i}]`)));
  } else if (typeof value !== spec.type || (spec.type === "number" && !Number.isFinite(value))) {
    throw new SharedShapeError(`must be a ${spec.type}${"nullable" in spec && spec.nullable ? " or null" : ""}`, path);
  }
}

function checkObject(schema: SharedSchema, value: Record<string, unknown>, path: string): void {
  for (const key of Object.keys(value)) if (!Object.hasOwn(schema, key)) throw new SharedShapeError("is not a field of the shared shape", path ? `${path}.${key}` : key);
  for (const [key, spec] of Object.entries(schema)) {
    if (!Object.hasOwn(value, key)) throw new SharedShapeError("is missing", path ? `${path}.${key}` : key);
    checkValue(spec, value[key], path ? `${path}.${key}` : key);
  }
}

/**
 * Checks a payload against its type's shared schema: every field present with its type, and no
 * field the schema does not list (at any depth).
 * @throws {SharedShapeError} naming the first offending path
 */
export function validateShared(type: ShareItemType, payload: unknown): Record<string, unknown> {
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) throw new SharedShapeError("must be an object", type);
  checkObject(SHARED_SCHEMAS[type], payload as Record<string, unknown>, "");
  return payload as Record<string, unknown>;
}

/** An alert as the redaction reads it (a stored `alerts` row). */
export interface AlertSource {
  countryIso3: string;
  situation: string;
  level: AlertLevel;
  computedLevel: AlertLevel;
  override: unknown;
  createdAt: Date;
  explanation: string;
  signals: unknown[];
}

/**
 * The shared shape of an alert: level, rule level, whether overridden (never the reason nor who),
 * and each signal's kind, sentence and period. The explanation is rebuilt from the signals'
 * sentences, because the stored one quotes the override's reason.
 */
export function redactAlert(a: AlertSource): Record<string, unknown> {
  const signals = (Array.isArray(a.signals) ? a.signals : []).filter((s): s is Record<string, unknown> => !!s && typeof s === "object").map((s) => {
    const period = (s.period ?? {}) as Record<string, unknown>;
    return {
      kind: String(s.kind ?? ""), sentence: String(s.sentence ?? ""), supports: typeof s.supports === "string" ? s.supports : null,
      periodFrom: String(period.from ?? ""), periodTo: String(period.to ?? ""),
    };
  });
  const overridden = a.override !== null && a.override !== undefined;
  const explanation = `${a.level} for ${a.countryIso3}${a.situation ? ` / ${a.situation}` : ""}${overridden ? " (set by an analyst of the sharing organisation)" : ""}. ` + signals.map((s) => s.sentence).join(" ");
  return validateShared("alert", {
    iso3: a.countryIso3, situation: a.situation, level: a.level, computedLevel: a.computedLevel, overridden, since: a.createdAt.toISOString(), explanation: explanation.trim(), signals,
  });
}

/** An assessment version as the redaction reads it. */
export interface AssessmentSource {
  countryIso3: string;
  version: number;
  assessedOn: string;
  summary: string;
  synthesis: { framework: { key: string; version: number }; score: number | null; level: string | null; coverage: number; sufficient: boolean; rule: string; factors: { factorId: string; name: string; score: number | null; level: string | null; coverage: number }[] };
}

/** The shared shape of an assessment: its summary and synthesis, never the indicator answers, their notes or evidence, nor who wrote or reviewed it. */
export function redactAssessment(a: AssessmentSource): Record<string, unknown> {
  const s = a.synthesis;
  return validateShared("assessment", {
    iso3: a.countryIso3, version: a.version, assessedOn: a.assessedOn, summary: a.summary, score: s.score, level: s.level, coverage: s.coverage, sufficient: s.sufficient, rule: s.rule,
    framework: { key: s.framework.key, version: s.framework.version },
    factors: s.factors.map((f) => ({ factorId: f.factorId, name: f.name, score: f.score, level: f.level, coverage: f.coverage })),
  });
}

/** A verified report as the redaction reads it (the stored row; secrets stay encrypted and unread). */
export interface ReportSource {
  occurredFrom: Date;
  occurredTo: Date | null;
  timePrecision: string;
  countryIso3: string | null;
  adminArea: string | null;
  blurredLat: number | null;
  blurredLon: number | null;
  blurM: number | null;
  description: string;
  perpetratorType: string;
  targetedGroup: string | null;
  victims: { killed?: number; injured?: number; missing?: number; detained?: number; displaced?: number };
}

/**
 * The shared shape of a verified report: when, the country and admin area, the blurred point and
 * its grid, the description, victims' counts, perpetrator type and targeted group. Never the
 * reporter, the witnesses and sources, the exact point, attachments or review notes.
 */
export function redactReport(r: ReportSource): Record<string, unknown> {
  const v = r.victims ?? {};
  const n = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);
  return validateShared("report", {
    occurredFrom: r.occurredFrom.toISOString(), occurredTo: r.occurredTo ? r.occurredTo.toISOString() : null, timePrecision: r.timePrecision, iso3: r.countryIso3, adminArea: r.adminArea,
    blurredLocation: r.blurredLat !== null && r.blurredLon !== null && r.blurM !== null ? { lat: r.blurredLat, lon: r.blurredLon, gridMeters: r.blurM } : null,
    description: r.description, perpetratorType: r.perpetratorType, targetedGroup: r.targetedGroup,
    victims: { killed: n(v.killed), injured: n(v.injured), missing: n(v.missing), detained: n(v.detained), displaced: n(v.displaced) },
  });
}
