// The whole store schema: one file per concept, re-exported here for Drizzle and the migrator.
export * from "./datasets.ts";
export * from "./countries.ts";
