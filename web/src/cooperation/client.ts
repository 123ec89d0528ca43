/**
 * The cooperation routes as the dashboard calls them (issue 16): the organisation's own view of
 * alert levels beside the public one, partners on the instance, and deliberate sharing.
 */
import { client, unwrap, type ApiBody, type ApiResponse } from "../api.ts";

/** `GET /api/org/countries/:iso3/alert`. */
export type OrgCountryAlert = ApiResponse<"/api/org/countries/{iso3}/alert">;
/** One subject as the organisation sees it. */
export type OrgAlert = ApiResponse<"/api/org/alerts">["alerts"][number];
/** A partner organisation. */
export type Partner = ApiResponse<"/api/partners">["partners"][number];
/** A share, outgoing or incoming. */
export type Share = ApiResponse<"/api/shares/incoming">["shares"][number];
/** A response action a recipient recorded on a shared alert. */
export type ShareResponse = Share["responses"][number];
/** The body of a new response action on a shared alert. */
export type ShareResponseBody = ApiBody<"/api/shares/{id}/responses", "post">;
/** A partner instance whose signed bundles this instance accepts. */
export type PartnerInstance = ApiResponse<"/api/partner-instances">["partners"][number];
/** A bundle the organisation received from a partner instance. */
export type ReceivedBundle = ApiResponse<"/api/exchange/bundles">["bundles"][number];
/** The body of a new share. */
export type ShareBody = ApiBody<"/api/shares", "post">;

export const cooperationApi = {
  orgAlerts: (signal?: AbortSignal) => unwrap(client.GET("/api/org/alerts", { params: { query: { level: ["none", "watch", "warning", "emergency"] } }, signal })),
  orgCountryAlert: (iso3: string, signal?: AbortSignal) => unwrap(client.GET("/api/org/countries/{iso3}/alert", { params: { path: { iso3 } }, signal })),
  partners: (signal?: AbortSignal) => unwrap(client.GET("/api/partners", { signal })),
  incoming: (signal?: AbortSignal) => unwrap(client.GET("/api/shares/incoming", { signal })),
  outgoing: (signal?: AbortSignal) => unwrap(client.GET("/api/shares/outgoing", { signal })),
  share: (body: ShareBody) => unwrap(client.POST("/api/shares", { body })),
  revoke: (id: string) => unwrap(client.DELETE("/api/shares/{id}", { params: { path: { id } } })),
  acknowledge: (id: string, note: string) => unwrap(client.POST("/api/shares/{id}/acknowledge", { params: { path: { id } }, body: { note } })),
  respond: (id: string, body: ShareResponseBody) => unwrap(client.POST("/api/shares/{id}/responses", { params: { path: { id } }, body })),
  partnerInstances: (signal?: AbortSignal) => unwrap(client.GET("/api/partner-instances", { signal })),
  receivedBundles: (signal?: AbortSignal) => unwrap(client.GET("/api/exchange/bundles", { signal })),
};
