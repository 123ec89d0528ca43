/**
 * The assessment routes as the dashboard calls them, through the typed `openapi-fetch` client of
 * `../api.ts` (session cookie, CSRF header). Every type below is derived from the server's OpenAPI
 * (`../api/schema.d.ts`, `npm run api:types`), so the pages and the routes cannot drift apart; the
 * exported names stay stable for the pages.
 */
import { ApiError, client, unwrap, type ApiBody, type ApiResponse } from "../api.ts";

/** A framework as `GET /api/frameworks` lists it. */
export type FrameworkView = ApiResponse<"/api/frameworks">["frameworks"][number];
/**
 * A framework's definition: factors, indicators and answer scale. The scale is read-only (as in the
 * domain's built-in frameworks, which the tests pass in); the generated type makes it a mutable array.
 */
export type Framework = Omit<FrameworkView, "origin" | "scale"> & { readonly scale: readonly FrameworkView["scale"][number][] };
/** An assessment with its newest version, and every version from `get`. */
export type Assessment = ApiResponse<"/api/assessments/{id}">;
/** One version of an assessment (`VersionView` on the server). */
export type Version = Assessment["latest"];
/** A version's workflow state. */
export type AssessmentStatus = Version["status"];
/** A version's answers and summary. */
export type AssessmentContent = Version["content"];
/** One indicator's answer with its confidence, rationale and evidence. */
export type IndicatorAnswer = AssessmentContent["answers"][string];
/** Tocsin's archived copy of a URL given as evidence. */
export type EvidenceArchive = NonNullable<IndicatorAnswer["evidence"][number]["archive"]>;
/** The synthesis of a version: overall and per-factor scores and levels. */
export type Synthesis = Version["synthesis"];
/** `GET /api/countries/:iso3/assessments`. */
export type CountryAssessments = ApiResponse<"/api/countries/{iso3}/assessments">;
/** A published assessment on the public country list. */
export type PublishedAssessment = CountryAssessments["assessments"][number];
/** The statistical model's risk shown beside the published assessments. */
export type StatisticalRisk = NonNullable<CountryAssessments["statistical"]>;
/** Where the published assessments and the statistical risk disagree. */
export type Disagreement = CountryAssessments["disagreement"];
/** One entry of `GET /api/assessments/:id/history`. */
export type HistoryEntry = ApiResponse<"/api/assessments/{id}/history">["history"][number];
/** One content change between two versions. */
export type ContentChange = HistoryEntry["changes"][number];
/** `POST /api/assessments/:id/evidence/archive`. */
export type ArchiveResult = ApiResponse<"/api/assessments/{id}/evidence/archive", "post">;
/** The body of `POST /api/assessments`. */
export type CreateBody = ApiBody<"/api/assessments", "post">;
/** The body of `PATCH /api/assessments/:id`. */
export type UpdateBody = ApiBody<"/api/assessments/{id}", "patch">;

/**
 * `unwrap`, plus the refusal a failed connection gets: fetch itself throws then, and the pages show
 * the message (same text as before the move to the typed client).
 * @throws {ApiError}
 */
async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  try {
    return await unwrap(request);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError("No connection to the server.", 0, "offline");
  }
}

const id = (v: string) => ({ params: { path: { id: v } } });

/** Calls to the assessment routes. */
export const assessmentsApi = {
  frameworks: () => call(client.GET("/api/frameworks")),
  countryAssessments: (iso3: string) => call(client.GET("/api/countries/{iso3}/assessments", { params: { path: { iso3 } } })),
  list: (country?: string) => call(client.GET("/api/assessments", { params: { query: country ? { country } : {} } })),
  get: (assessmentId: string) => call(client.GET("/api/assessments/{id}", id(assessmentId))),
  create: (body: CreateBody) => call(client.POST("/api/assessments", { body })),
  update: (assessmentId: string, body: UpdateBody) => call(client.PATCH("/api/assessments/{id}", { ...id(assessmentId), body })),
  submit: (assessmentId: string) => call(client.POST("/api/assessments/{id}/submit", id(assessmentId))),
  review: (assessmentId: string, decision: "approve" | "return", note: string) =>
    call(client.POST("/api/assessments/{id}/review", { ...id(assessmentId), body: { decision, note } })),
  publish: (assessmentId: string) => call(client.POST("/api/assessments/{id}/publish", id(assessmentId))),
  revise: (assessmentId: string) => call(client.POST("/api/assessments/{id}/versions", id(assessmentId))),
  archive: (assessmentId: string) => call(client.POST("/api/assessments/{id}/evidence/archive", { ...id(assessmentId), body: {} })),
  history: (assessmentId: string) => call(client.GET("/api/assessments/{id}/history", id(assessmentId))),
  exportUrl: (assessmentId: string) => `/api/assessments/${encodeURIComponent(assessmentId)}/export`,
  me: () => call(client.GET("/api/auth/me")),
};
