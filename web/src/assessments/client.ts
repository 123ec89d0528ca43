/**
 * The assessment routes as the dashboard calls them. Types come straight from the domain
 * (type-only imports, erased at build) so the pages and the server cannot drift apart; requests go
 * through `fetch` with the session cookie and the CSRF header, like `../api.ts`'s client.
 */
import type { AssessmentContent, EvidenceArchive, IndicatorAnswer } from "../../../src/domain/assessment/assessment.ts";
import type { ContentChange } from "../../../src/domain/assessment/diff.ts";
import type { Disagreement, StatisticalRisk } from "../../../src/domain/assessment/disagreement.ts";
import type { Framework } from "../../../src/domain/assessment/framework.ts";
import type { Synthesis } from "../../../src/domain/assessment/scoring.ts";
import type { AssessmentStatus } from "../../../src/domain/assessment/workflow.ts";
import { ApiError, csrfToken } from "../api.ts";

export type { AssessmentContent, ContentChange, Disagreement, EvidenceArchive, Framework, IndicatorAnswer, StatisticalRisk, Synthesis, AssessmentStatus };

/** A framework as `GET /api/frameworks` lists it. */
export type FrameworkView = Framework & { origin: "builtin" | "organisation" };

/** One version of an assessment (`VersionView` on the server). */
export interface Version {
  id: string;
  version: number;
  status: AssessmentStatus;
  authorId: string;
  reviewerId: string | null;
  reviewNote: string | null;
  assessedOn: string;
  content: AssessmentContent;
  synthesis: Synthesis;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  publishedAt: string | null;
}

/** An assessment with its newest version, and every version from `get`. */
export interface Assessment {
  id: string;
  countryIso3: string;
  situation: string | null;
  title: string;
  framework: { key: string; version: number };
  createdBy: string;
  createdAt: string;
  latest: Version;
  versions?: Version[];
}

/** A published assessment on the public country list. */
export interface PublishedAssessment {
  id: string;
  version: number;
  countryIso3: string;
  situation: string | null;
  title: string;
  framework: { key: string; version: number; name: string };
  assessedOn: string;
  publishedAt: string;
  content: AssessmentContent;
  synthesis: Synthesis;
  /** The synthesis in words, overall first (for briefs and print). */
  synthesisSummary: string[];
}

/** `GET /api/countries/:iso3/assessments`. */
export interface CountryAssessments {
  iso3: string;
  assessments: PublishedAssessment[];
  statistical: StatisticalRisk | null;
  disagreement: Disagreement;
}

/** One entry of `GET /api/assessments/:id/history`. */
export interface HistoryEntry {
  version: number;
  status: AssessmentStatus;
  authorId: string;
  reviewerId: string | null;
  assessedOn: string;
  score: number | null;
  updatedAt: string;
  publishedAt: string | null;
  changes: ContentChange[];
}

/** `POST /api/assessments/:id/evidence/archive`. */
export interface ArchiveResult {
  assessmentId: string;
  version: number;
  remaining: number;
  archived: { indicatorId: string; url: string; archive: EvidenceArchive }[];
}

/** A refusal from the API with the field it names (`details.field` or the message's `path:` prefix). */
export class AssessmentApiError extends ApiError {
  constructor(message: string, status: number, code: string, readonly field: string | null) {
    super(message, status, code);
    this.name = "AssessmentApiError";
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const token = method !== "GET" ? csrfToken() : undefined;
  if (token) headers["x-csrf-token"] = token;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new AssessmentApiError("No connection to the server.", 0, "offline", null);
  }
  let data: unknown = null;
  try {
    data = await response.json();
  } catch {
    // An empty or non-JSON body: the status says enough.
  }
  if (!response.ok) {
    const e = (data as { error?: { message?: string; code?: string; field?: string; details?: { field?: string } } } | null)?.error;
    throw new AssessmentApiError(e?.message ?? `HTTP ${response.status}`, response.status, e?.code ?? "http_error", e?.field ?? e?.details?.field ?? null);
  }
  return data as T;
}

const enc = encodeURIComponent;

/** Calls to the assessment routes. */
export const assessmentsApi = {
  frameworks: () => request<{ frameworks: FrameworkView[] }>("GET", "/api/frameworks"),
  countryAssessments: (iso3: string) => request<CountryAssessments>("GET", `/api/countries/${enc(iso3)}/assessments`),
  list: (country?: string) => request<{ assessments: Assessment[] }>("GET", `/api/assessments${country ? `?country=${enc(country)}` : ""}`),
  get: (id: string) => request<Assessment>("GET", `/api/assessments/${enc(id)}`),
  create: (input: { countryIso3: string; title: string; situation?: string; framework: { key: string; version: number }; assessedOn: string; summary?: string }) =>
    request<Assessment>("POST", "/api/assessments", input),
  update: (id: string, patch: { assessedOn?: string; summary?: string; answers?: Record<string, IndicatorAnswer | null> }) => request<Assessment>("PATCH", `/api/assessments/${enc(id)}`, patch),
  submit: (id: string) => request<Assessment>("POST", `/api/assessments/${enc(id)}/submit`),
  review: (id: string, decision: "approve" | "return", note: string) => request<Assessment>("POST", `/api/assessments/${enc(id)}/review`, { decision, note }),
  publish: (id: string) => request<Assessment>("POST", `/api/assessments/${enc(id)}/publish`),
  revise: (id: string) => request<Assessment>("POST", `/api/assessments/${enc(id)}/versions`),
  archive: (id: string) => request<ArchiveResult>("POST", `/api/assessments/${enc(id)}/evidence/archive`, {}),
  history: (id: string) => request<{ assessmentId: string; history: HistoryEntry[] }>("GET", `/api/assessments/${enc(id)}/history`),
  exportUrl: (id: string) => `/api/assessments/${enc(id)}/export`,
  me: () => request<{ kind: "anonymous" | "user"; userId?: string; role?: string; permissions: string[] }>("GET", "/api/auth/me"),
};
