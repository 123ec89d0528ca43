/**
 * Signed exchange between Tocsin instances, pure: what an exchange bundle holds, the redaction
 * rules items pass before they leave, and the checks an importer makes before writing anything.
 *
 * File form (JSON): `{ "bundle": "<JSON text>", "signature": { algorithm, keyFingerprint, signature } }`.
 * The signature covers the UTF-8 bytes of the `bundle` text exactly, so no re-serialisation can
 * change what was signed; any changed byte either breaks the JSON or the signature.
 *
 * Redaction is by rule (an allow-list per kind, never by hand): reporter identity, witness and
 * source details, exact and protected points, reviewers, internal notes and alert overrides never
 * leave. Reports leave only when verified, with the place as the stored 10 km-class blurred cell.
 * Assessments leave only when reviewed or published, in exactly the shared shape of sharing between
 * organisations (`domain/sharing/shared-item.ts`, `SHARED_SCHEMAS.assessment`) plus the version id:
 * summary and synthesis, never the indicator answers, their rationale notes or evidence, nor who
 * wrote or reviewed it. The importer checks them field by field against that schema again.
 */
import { z } from "zod";
import type { VictimCounts } from "../reports/report.ts";
import { redactAssessment as redactSharedAssessment, SharedShapeError, validateShared, type AssessmentSource as SharedAssessmentSource } from "../sharing/shared-item.ts";
import { checkSignature, fingerprint, type DetachedSignature } from "../signing/signature.ts";

export const EXCHANGE_FORMAT = "tocsin-exchange/1";

/** An alert as it may leave an instance. */
export const exchangedAlert = z.strictObject({
  id: z.string().uuid(),
  countryIso3: z.string().regex(/^[A-Z]{3}$/),
  level: z.string().max(40),
  previousLevel: z.string().max(40),
  situation: z.string().max(20_000),
  explanation: z.string().max(20_000),
  reassessOn: z.string().max(10).nullable(),
  createdAt: z.string().datetime(),
});

const count = z.number().int().min(0).max(100_000_000);

/** A verified report as it may leave an instance: no people, no exact place, no sources. */
export const exchangedReport = z.strictObject({
  id: z.string().uuid(),
  status: z.literal("verified"),
  occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  timePrecision: z.string().max(20),
  countryIso3: z.string().regex(/^[A-Z]{3}$/).nullable(),
  adminArea: z.string().max(200).nullable(),
  location: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180), precisionMeters: z.number().int().min(1000) }).nullable(),
  description: z.string().max(20_000),
  victims: z.strictObject({
    killed: count.optional(), injured: count.optional(), missing: count.optional(), detained: count.optional(), displaced: count.optional(),
    breakdown: z.array(z.strictObject({ sex: z.enum(["female", "male", "other", "unknown"]), age: z.enum(["child", "adult", "elderly", "unknown"]), count })).max(100).optional(),
  }),
  perpetratorType: z.string().max(100),
  targetedGroup: z.string().max(200).nullable(),
});

/**
 * A reviewed or published assessment version as it may leave an instance: the version id and the
 * shared shape of sharing (`SHARED_SCHEMAS.assessment`), checked against that schema field by field.
 */
export const exchangedAssessment = z
  .strictObject({
    id: z.string().uuid(),
    iso3: z.string().regex(/^[A-Z]{3}$/),
    version: z.number().int().min(1),
    assessedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    summary: z.string().max(20_000),
    score: z.number().nullable(),
    level: z.string().max(40).nullable(),
    coverage: z.number().min(0).max(1),
    sufficient: z.boolean(),
    rule: z.string().max(2000),
    framework: z.strictObject({ key: z.string().max(200), version: z.number().int() }),
    factors: z.array(z.strictObject({ factorId: z.string().max(100), name: z.string().max(500), score: z.number().nullable(), level: z.string().max(40).nullable(), coverage: z.number().min(0).max(1) })).max(200),
  })
  .superRefine((value, ctx) => {
    const { id: _id, ...shared } = value;
    try {
      validateShared("assessment", shared);
    } catch (error) {
      if (!(error instanceof SharedShapeError)) throw error;
      ctx.addIssue({ code: "custom", path: error.path.split("."), message: error.message });
    }
  });

export type ExchangedAlert = z.infer<typeof exchangedAlert>;
export type ExchangedAssessment = z.infer<typeof exchangedAssessment>;
export type ExchangedReport = z.infer<typeof exchangedReport>;

/** The signed content. */
export const exchangeBundle = z.strictObject({
  format: z.literal(EXCHANGE_FORMAT),
  bundleId: z.string().uuid(),
  /** 32 random bytes (hex): with `bundleId`, what the importer remembers to refuse replays. */
  nonce: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string().datetime(),
  from: z.strictObject({ organisation: z.string().max(200) }),
  to: z.strictObject({ partner: z.string().max(200) }),
  items: z.array(z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("alert"), data: exchangedAlert }),
    z.strictObject({ kind: z.literal("report"), data: exchangedReport }),
    z.strictObject({ kind: z.literal("assessment"), data: exchangedAssessment }),
  ])).max(10_000),
});
export type ExchangeBundle = z.infer<typeof exchangeBundle>;

/** The fields of a stored alert an exchange may read. */
export interface AlertSource {
  id: string; countryIso3: string; level: string; previousLevel: string; situation: string; explanation: string; reassessOn: string | null; createdAt: Date;
}

/** Redacts an alert by rule: signals, overrides (who and why) and the computation basis stay home. */
export function redactAlert(a: AlertSource): ExchangedAlert {
  return exchangedAlert.parse({
    id: a.id, countryIso3: a.countryIso3, level: a.level, previousLevel: a.previousLevel, situation: a.situation, explanation: a.explanation,
    reassessOn: a.reassessOn, createdAt: a.createdAt.toISOString(),
  });
}

/** An assessment version as the exchange reads it: the sharing redaction's source plus the version id and its status. */
export interface AssessmentSource extends SharedAssessmentSource {
  id: string;
  status: string;
}

/**
 * Redacts an assessment version by the sharing rule (`redactAssessment` of `domain/sharing`): the
 * answers, their notes and evidence, the author and the reviewer and the review note are never read.
 * @throws {NotExchangeableError} when the version has not been through review
 */
export function redactAssessment(a: AssessmentSource): ExchangedAssessment {
  if (a.status !== "reviewed" && a.status !== "published") throw new NotExchangeableError(`assessment version ${a.id} is ${a.status}; only reviewed or published assessments can be exchanged`);
  const { id, status: _status, ...source } = a;
  return exchangedAssessment.parse({ id, ...redactSharedAssessment(source) });
}

/** The fields of a stored report an exchange may read (the blurred point, never the exact one). */
export interface ReportSource {
  id: string; status: string; occurredFrom: Date; timePrecision: string; countryIso3: string | null; adminArea: string | null;
  blurredLat: number | null; blurredLon: number | null; blurM: number | null;
  description: string; victims: VictimCounts; perpetratorType: string; targetedGroup: string | null;
}

/** A report is not verified: it may not leave. */
export class NotExchangeableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotExchangeableError";
  }
}

/**
 * Redacts a report by rule: reporter, submitter, reviewers, sources and witnesses, the exact or
 * protected point and internal review notes are never read.
 * @throws {NotExchangeableError} when the report is not verified
 */
export function redactReport(r: ReportSource): ExchangedReport {
  if (r.status !== "verified") throw new NotExchangeableError(`report ${r.id} is ${r.status}; only verified reports can be exchanged`);
  return exchangedReport.parse({
    id: r.id, status: "verified", occurredOn: r.occurredFrom.toISOString().slice(0, 10),
    timePrecision: ["exact", "hour"].includes(r.timePrecision) ? "day" : r.timePrecision,
    countryIso3: r.countryIso3, adminArea: r.adminArea,
    location: r.blurredLat !== null && r.blurredLon !== null && r.blurM !== null ? { lat: r.blurredLat, lon: r.blurredLon, precisionMeters: Math.max(1000, r.blurM) } : null,
    description: r.description, victims: r.victims, perpetratorType: r.perpetratorType, targetedGroup: r.targetedGroup,
  });
}

/** The file form of a signed bundle. */
export interface SignedExchange {
  bundle: string;
  signature: DetachedSignature;
}

/** Why an import was refused (stable codes, safe to show and to audit). */
export type RefusalCode = "malformed" | "unknown_signer" | "bad_signature" | "invalid_content" | "replayed";

/** An exchange bundle was refused; nothing was written. */
export class ExchangeRefusedError extends Error {
  constructor(readonly code: RefusalCode, message: string) {
    super(message);
    this.name = "ExchangeRefusedError";
  }
}

/** A partner as the importer knows it. */
export interface KnownPartner {
  id: string;
  name: string;
  publicKey: string;
}

/**
 * Opens a signed bundle: the signature must verify with a registered partner's key, then the
 * content must be a valid bundle. Replays are checked by the caller against stored receipts.
 * @throws {ExchangeRefusedError} naming the reason
 */
export function openSignedExchange(text: string, partners: readonly KnownPartner[]): { partner: KnownPartner; bundle: ExchangeBundle } {
  let signed: SignedExchange;
  try {
    signed = JSON.parse(text) as SignedExchange;
  } catch {
    throw new ExchangeRefusedError("malformed", "the file is not JSON (changed or truncated)");
  }
  if (!signed || typeof signed.bundle !== "string" || !signed.signature || typeof signed.signature !== "object") {
    throw new ExchangeRefusedError("malformed", "the file needs a \"bundle\" text and a \"signature\"");
  }
  const bytes = Buffer.from(signed.bundle, "utf8");
  const partner = partners.find((p) => checkSignature([p.publicKey], bytes, signed.signature).ok);
  if (!partner) {
    // The fingerprint named in the file is only used to word the refusal, never to trust.
    const claimed = partners.find((p) => fingerprint(p.publicKey) === signed.signature.keyFingerprint);
    if (claimed) throw new ExchangeRefusedError("bad_signature", `the signature does not match the content for partner ${claimed.name} (the bundle was changed after signing)`);
    throw new ExchangeRefusedError("unknown_signer", `signed by key ${String(signed.signature.keyFingerprint)}, which is not a registered partner`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(signed.bundle);
  } catch {
    throw new ExchangeRefusedError("invalid_content", "the signed bundle is not JSON");
  }
  const result = exchangeBundle.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ExchangeRefusedError("invalid_content", `the bundle is not valid at ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return { partner, bundle: result.data };
}
