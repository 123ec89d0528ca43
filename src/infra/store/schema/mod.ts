// The whole store schema: one file per concept, re-exported here for Drizzle and the migrator.
export * from "./datasets.ts";
export * from "./countries.ts";
export * from "./forecasts.ts";
export * from "./events.ts";
export * from "./identity.ts";
export * from "./reports.ts";
export * from "./audit.ts";
export * from "./assessments.ts";
export * from "./speech.ts";
export * from "./alerts.ts";
export * from "./alert-states.ts";
export * from "./delivery.ts";
export * from "./response.ts";
export * from "./cooperation.ts";
