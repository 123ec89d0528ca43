/** The dashboard's only way to the data: the HTTP API. */
export interface Country {
  iso3: string;
  iso2: string | null;
  isoNumeric: string | null;
  name: string;
  cow: number | null;
  gw: number | null;
  ewpName: string | null;
  gedName: string | null;
  region: string | null;
  historical: boolean;
  ewpCoverage: { firstYear: number; lastYear: number; years: number } | null;
}

export interface CountryProfile {
  country: Omit<Country, "ewpCoverage">;
  indicators: { year: number; mkOnset: number | null; values: Record<string, number | null> }[];
  episodes: { code: string; name: string; summary: string | null; startYear: number; endYear: number | null; stateLed: boolean | null }[];
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

export const api = {
  countries: () => getJson<{ countries: Country[] }>("/api/countries"),
  country: (iso3: string) => getJson<CountryProfile>(`/api/countries/${encodeURIComponent(iso3)}`),
};
