import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import { countries, ewpCountryYears, massKillingEpisodes } from "./schema/mod.ts";

export type CountryRecord = typeof countries.$inferSelect;
export type CountryYearRecord = typeof ewpCountryYears.$inferSelect;
export type EpisodeRecord = typeof massKillingEpisodes.$inferSelect;
export type NewCountryYear = typeof ewpCountryYears.$inferInsert;
export type NewEpisode = typeof massKillingEpisodes.$inferInsert;

/** SQL for countries, their EWP country-years and their mass-killing episodes. */
export class CountryRepository {
  constructor(private readonly db: Db) {}

  /** Inserts or updates registry entries (the registry in code is the source of truth). */
  async upsertCountries(rows: CountryRecord[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await this.db
        .insert(countries)
        .values(rows.slice(i, i + 200))
        .onConflictDoUpdate({
          target: countries.iso3,
          set: {
            iso2: sql`excluded.iso2`, isoNumeric: sql`excluded.iso_numeric`, name: sql`excluded.name`,
            cow: sql`excluded.cow`, gw: sql`excluded.gw`, ewpName: sql`excluded.ewp_name`,
            gedName: sql`excluded.ged_name`, region: sql`excluded.region`, validFrom: sql`excluded.valid_from`,
            validTo: sql`excluded.valid_to`, historical: sql`excluded.historical`,
          },
        });
    }
  }

  async list(): Promise<CountryRecord[]> {
    return this.db.select().from(countries).orderBy(asc(countries.name));
  }

  async get(iso3: string): Promise<CountryRecord | undefined> {
    const [row] = await this.db.select().from(countries).where(eq(countries.iso3, iso3));
    return row;
  }

  async countryYears(iso3: string): Promise<CountryYearRecord[]> {
    return this.db.select().from(ewpCountryYears).where(eq(ewpCountryYears.countryIso3, iso3)).orderBy(asc(ewpCountryYears.year));
  }

  /** Every EWP country-year held, ordered by year and country. */
  async allCountryYears(): Promise<CountryYearRecord[]> {
    return this.db.select().from(ewpCountryYears).orderBy(asc(ewpCountryYears.year), asc(ewpCountryYears.countryIso3));
  }

  async episodes(iso3: string): Promise<EpisodeRecord[]> {
    return this.db
      .select()
      .from(massKillingEpisodes)
      .where(eq(massKillingEpisodes.countryIso3, iso3))
      .orderBy(asc(massKillingEpisodes.startYear), asc(massKillingEpisodes.code));
  }

  /** Country-year counts per country, for the country list. */
  async coverage(): Promise<Map<string, { firstYear: number; lastYear: number; years: number }>> {
    const rows = await this.db
      .select({
        iso3: ewpCountryYears.countryIso3,
        firstYear: sql<number>`min(${ewpCountryYears.year})`.mapWith(Number),
        lastYear: sql<number>`max(${ewpCountryYears.year})`.mapWith(Number),
        years: sql<number>`count(*)`.mapWith(Number),
      })
      .from(ewpCountryYears)
      .groupBy(ewpCountryYears.countryIso3);
    return new Map(rows.map((r) => [r.iso3, r]));
  }

  /** Replaces every EWP country-year with `rows` (one data set version is current at a time). */
  async replaceCountryYears(rows: NewCountryYear[], onBatch?: (done: number) => void): Promise<void> {
    await this.db.delete(ewpCountryYears);
    for (let i = 0; i < rows.length; i += 500) {
      await this.db.insert(ewpCountryYears).values(rows.slice(i, i + 500));
      onBatch?.(Math.min(i + 500, rows.length));
    }
  }

  /** The codes of every stored mass-killing episode. */
  async allEpisodes(): Promise<{ code: string }[]> {
    return this.db.select({ code: massKillingEpisodes.code }).from(massKillingEpisodes);
  }

  /** Replaces the whole episode list with `rows`. */
  async replaceEpisodes(rows: NewEpisode[]): Promise<void> {
    await this.db.delete(massKillingEpisodes);
    for (let i = 0; i < rows.length; i += 200) await this.db.insert(massKillingEpisodes).values(rows.slice(i, i + 200));
  }

  async countRows(): Promise<{ countries: number; countryYears: number; episodes: number }> {
    const [c] = await this.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(countries);
    const [a] = await this.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(ewpCountryYears);
    const [b] = await this.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(massKillingEpisodes);
    return { countries: c.n, countryYears: a.n, episodes: b.n };
  }
}
