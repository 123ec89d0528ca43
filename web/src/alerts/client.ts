/**
 * The alert, delivery and response routes as the dashboard calls them, through the typed
 * `openapi-fetch` client of `../api.ts` (types generated from the server's OpenAPI, so the pages and
 * the routes cannot drift apart). Kept out of `api.ts` so the world view's bundle does not carry them.
 */
import { client, unwrap, type ApiBody, type ApiResponse } from "../api.ts";

/** One current alert level with its explanation and signals (`GET /api/alerts`). */
export type AlertView = ApiResponse<"/api/alerts">["alerts"][number];
/** An alert level name. */
export type Level = AlertView["level"];
/** `GET /api/countries/:iso3/alert`. */
export type CountryAlert = ApiResponse<"/api/countries/{iso3}/alert">;
/** One recorded level change. */
export type AlertHistory = CountryAlert["history"][number];
/** One signal behind a level. */
export type AlertSignal = AlertView["signals"][number];
/** `GET /api/countries/:iso3/response`. */
export type CountryResponse = ApiResponse<"/api/countries/{iso3}/response">;
/** One recommended response option with the reason it fits. */
export type Recommendation = CountryResponse["recommended"][number];
/** `GET /api/alerts/:id/response`. */
export type AlertResponse = ApiResponse<"/api/alerts/{id}/response">;
/** One recorded response action. */
export type ResponseAction = AlertResponse["actions"][number];
/** Who acknowledged an alert, and when. */
export type Acknowledgement = AlertResponse["acknowledgement"];
/** A response option of the catalogue. */
export type CatalogueOption = ApiResponse<"/api/response/catalogue">["options"][number];
/** The body of a new or changed action. */
export type ActionBody = ApiBody<"/api/alerts/{id}/actions", "post">;
/** An action status. */
export type ActionStatus = ResponseAction["status"];
/** `GET /api/inbox`. */
export type Inbox = ApiResponse<"/api/inbox">;
/** One inbox entry. */
export type InboxItem = Inbox["items"][number];
/** An alert subscription. */
export type Subscription = ApiResponse<"/api/subscriptions">["subscriptions"][number];
/** The body of a new subscription. */
export type SubscriptionBody = ApiBody<"/api/subscriptions", "post">;
/** The body of a subscription change. */
export type SubscriptionPatch = ApiBody<"/api/subscriptions/{id}", "patch">;
/** `GET /api/response/gaps`. */
export type GapMetrics = ApiResponse<"/api/response/gaps">;
/** The gap summary of the organisation or of one country. */
export type GapSummary = GapMetrics["overall"];
/** `GET /api/track-record`. */
export type TrackRecord = ApiResponse<"/api/track-record">;

const id = (v: string) => ({ params: { path: { id: v } } });
const iso = (v: string) => ({ params: { path: { iso3: v } } });

/** Typed calls to the alert, delivery and response routes. */
export const alertsApi = {
  alerts: (signal?: AbortSignal) => unwrap(client.GET("/api/alerts", { params: { query: { scope: "country" } }, signal })),
  countryAlert: (iso3: string) => unwrap(client.GET("/api/countries/{iso3}/alert", iso(iso3))),
  override: (iso3: string, body: ApiBody<"/api/countries/{iso3}/alert/override", "post">) =>
    unwrap(client.POST("/api/countries/{iso3}/alert/override", { ...iso(iso3), body })),
  clearOverride: (iso3: string) => unwrap(client.DELETE("/api/countries/{iso3}/alert/override", iso(iso3))),
  countryResponse: (iso3: string) => unwrap(client.GET("/api/countries/{iso3}/response", iso(iso3))),
  alertResponse: (alertId: string) => unwrap(client.GET("/api/alerts/{id}/response", id(alertId))),
  acknowledge: (alertId: string) => unwrap(client.POST("/api/alerts/{id}/acknowledge", id(alertId))),
  acknowledgements: (alertId: string) => unwrap(client.GET("/api/alerts/{id}/acknowledgements", id(alertId))),
  catalogue: () => unwrap(client.GET("/api/response/catalogue")),
  addAction: (alertId: string, body: ActionBody) => unwrap(client.POST("/api/alerts/{id}/actions", { ...id(alertId), body })),
  updateAction: (actionId: string, body: ActionBody) => unwrap(client.PATCH("/api/actions/{id}", { ...id(actionId), body })),
  inbox: () => unwrap(client.GET("/api/inbox")),
  markRead: (itemId: string) => unwrap(client.POST("/api/inbox/{id}/read", id(itemId))),
  subscriptions: () => unwrap(client.GET("/api/subscriptions")),
  subscribe: (body: SubscriptionBody) => unwrap(client.POST("/api/subscriptions", { body })),
  updateSubscription: (subId: string, body: SubscriptionPatch) => unwrap(client.PATCH("/api/subscriptions/{id}", { ...id(subId), body })),
  unsubscribe: (subId: string) => unwrap(client.DELETE("/api/subscriptions/{id}", id(subId))),
  gaps: (days?: number) => unwrap(client.GET("/api/response/gaps", { params: { query: days === undefined ? {} : { days } } })),
  trackRecord: () => unwrap(client.GET("/api/track-record")),
};
