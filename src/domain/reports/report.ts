/**
 * What a monitor submits about an incident, and the views different readers get of a report.
 */
import type { ReportStatus } from "./workflow.ts";

/** How exact the time is. */
export const TIME_PRECISIONS = ["exact", "hour", "day", "week", "month", "year"] as const;
export type TimePrecision = (typeof TIME_PRECISIONS)[number];

/** Who did it, as far as the reporter knows. */
export const PERPETRATOR_TYPES = ["state_forces", "police", "non_state_armed_group", "militia", "civilians", "unknown", "other"] as const;
export type PerpetratorType = (typeof PERPETRATOR_TYPES)[number];

/** Accepted attachment types. JPEG and PNG get a metadata-free working copy. */
export const ATTACHMENT_TYPES = [
  "image/jpeg", "image/png", "video/mp4", "video/webm", "audio/mpeg", "audio/ogg", "audio/mp4", "application/pdf", "text/plain",
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** Victim counts: totals by outcome and, where known, a breakdown by sex and age group. */
export interface VictimCounts {
  killed?: number;
  injured?: number;
  missing?: number;
  detained?: number;
  displaced?: number;
  breakdown?: { sex: "female" | "male" | "other" | "unknown"; age: "child" | "adult" | "elderly" | "unknown"; count: number }[];
}

/** One submitted file. */
export interface AttachmentInput {
  fileName: string;
  mediaType: AttachmentType;
  /** When the file was captured, if the reporter knows. */
  capturedAt?: string;
  bytes: Buffer;
}

/** A report as submitted (already validated for shape at the edge). */
export interface ReportSubmission {
  occurred: { from: string; to?: string; precision: TimePrecision };
  location?: {
    lat: number;
    lon: number;
    /** How precise the point is, metres. */
    precisionMeters: number;
    countryIso3?: string;
    adminArea?: string;
    /** Encrypt the exact point; other views see it blurred. */
    protect: boolean;
  };
  description: string;
  victims: VictimCounts;
  perpetratorType: PerpetratorType;
  targetedGroup?: string;
  sources: { kind: "witness" | "victim" | "media" | "document" | "social_media" | "other"; description?: string; url?: string }[];
  reporter?: { name?: string; contact?: string };
  attachments: AttachmentInput[];
}

/** Where information in a report came from; `description` and `url` may name or reach a person. */
export type ReportSource = ReportSubmission["sources"][number];

/**
 * What of a source list may be stored and shown in clear: each source's kind. Names, contacts and
 * links of witnesses and sources are protected like the reporter's identity (#14 point 6).
 */
export function sourceKinds(sources: readonly ReportSource[]): ReportSource[] {
  return sources.map((s) => ({ kind: s.kind }));
}

/** Whether a source list holds anything beyond kinds (then it is stored encrypted). */
export function hasSourceDetails(sources: readonly ReportSource[]): boolean {
  return sources.some((s) => s.description !== undefined || s.url !== undefined);
}

/** An attachment as listed in a report view. */
export interface AttachmentView {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  /** Null when no metadata-free copy exists (non-image types): only the original, under evidence permission. */
  workingSha256: string | null;
  capturedAt: string | null;
  receivedAt: string;
}

/** A report as an organisation member sees it; protected fields appear only with permission. */
export interface ReportView {
  id: string;
  status: ReportStatus;
  /** The author's user id: shown only to readers of identities (analysts) and to the author. */
  submittedBy: string | null;
  firstReviewerId: string | null;
  duplicateOf: string | null;
  occurred: { from: string; to: string | null; precision: string };
  location: {
    lat: number;
    lon: number;
    /** Metres: the reported precision for exact points, the blur cell size otherwise. */
    precisionMeters: number | null;
    exact: boolean;
    countryIso3: string | null;
    adminArea: string | null;
  } | null;
  description: string;
  victims: VictimCounts;
  perpetratorType: string;
  targetedGroup: string | null;
  /** Each source's kind; with `report:read-identity` also its description and link (names, contacts). */
  sources: ReportSubmission["sources"];
  /** Present only for readers holding `report:read-identity`. */
  reporter?: { name?: string; contact?: string } | null;
  published: boolean;
  attachments: AttachmentView[];
  receivedAt: string;
  updatedAt: string;
}

/** The public view of a published report: blurred place, day-level time, no people. */
export interface PublicReportView {
  id: string;
  occurredOn: string;
  timePrecision: string;
  location: { lat: number; lon: number; precisionMeters: number; countryIso3: string | null; adminArea: string | null } | null;
  description: string;
  victims: VictimCounts;
  perpetratorType: string;
  targetedGroup: string | null;
}
