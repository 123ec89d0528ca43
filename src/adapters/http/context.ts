import type { CountryRegistry } from "../../domain/country/registry.ts";
import type { Store } from "../store/database.ts";
import type { ProtectionContext } from "./auth.ts";

/** What the HTTP routes are given by the composition root (`src/app.ts`). */
export interface AppContext {
  store: Store;
  registry: CountryRegistry;
  version: string;
  health(): Promise<{ countries: number; countryYears: number }>;
  /** Identity, reports and evidence; their routes are registered only when present. */
  protection?: ProtectionContext;
}
