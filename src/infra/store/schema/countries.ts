import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text } from "drizzle-orm/pg-core";
import { datasetVersions } from "./datasets.ts";

/**
 * The country registry, copied from the domain registry at start-up so that SQL can join on it.
 * `iso3` is the key everywhere; historical states carry their former ISO codes (SUN, YUG, CSK …).
 */
export const countries = pgTable(
  "countries",
  {
    iso3: text("iso3").primaryKey(),
    iso2: text("iso2"),
    isoNumeric: text("iso_numeric"),
    name: text("name").notNull(),
    cow: integer("cow"),
    gw: integer("gw"),
    ewpName: text("ewp_name"),
    gedName: text("ged_name"),
    region: text("region"),
    validFrom: integer("valid_from"),
    validTo: integer("valid_to"),
    historical: boolean("historical").notNull().default(false),
  },
  (t) => [index("countries_cow").on(t.cow), index("countries_iso_numeric").on(t.isoNumeric)],
);

/**
 * One country-year of the EWP modelling table. `values` keeps every numeric column of the row by
 * its EWP name (predictors and outcomes; `null` for NA) so any vintage of the table round-trips.
 */
export const ewpCountryYears = pgTable(
  "ewp_country_years",
  {
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    year: integer("year").notNull(),
    ewpName: text("ewp_name").notNull(),
    ccode: integer("ccode").notNull(),
    mkOnset: integer("mk_onset"),
    values: jsonb("values").$type<Record<string, number | null>>().notNull(),
    datasetVersionId: integer("dataset_version_id").notNull().references(() => datasetVersions.id),
  },
  (t) => [primaryKey({ columns: [t.countryIso3, t.year] }), index("ewp_country_years_year").on(t.year)],
);

/** EWP's master list of mass-killing episodes since 1945. */
export const massKillingEpisodes = pgTable(
  "mass_killing_episodes",
  {
    code: text("code").primaryKey(),
    countryIso3: text("country_iso3").notNull().references(() => countries.iso3),
    countryName: text("country_name").notNull(),
    name: text("name").notNull(),
    summary: text("summary"),
    startYear: integer("start_year").notNull(),
    /** `null` when the episode is ongoing or its end is not coded. */
    endYear: integer("end_year"),
    stateLed: boolean("state_led"),
    ethnicGroups: real("ethnic_groups"),
    locationCow: integer("location_cow"),
    responsibleStateCow: integer("responsible_state_cow"),
    notes: jsonb("notes").$type<Record<string, string>>().notNull().default({}),
    datasetVersionId: integer("dataset_version_id").notNull().references(() => datasetVersions.id),
  },
  (t) => [index("mass_killing_episodes_country").on(t.countryIso3)],
);
