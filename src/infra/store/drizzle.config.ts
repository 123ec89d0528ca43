import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema files and run unchanged on PGlite and PostgreSQL.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/infra/store/schema/mod.ts",
  out: "./src/infra/store/migrations",
  // Timestamped names (as Immich does) so migrations written on parallel branches do not collide.
  migrations: { prefix: "timestamp" },
});
