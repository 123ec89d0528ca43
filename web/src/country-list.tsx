import { useEffect, useMemo, useState } from "react";
import { api, type Country } from "./api.ts";
import { navigate } from "./app.tsx";

export function CountryList() {
  const [countries, setCountries] = useState<Country[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  useEffect(() => {
    api.countries().then((r) => setCountries(r.countries), (e: Error) => setError(e.message));
  }, []);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (countries ?? []).filter((c) => c.ewpCoverage && (!q || c.name.toLowerCase().includes(q) || c.iso3.toLowerCase() === q));
  }, [countries, query]);
  if (error) return <p role="alert">Could not load countries: {error}</p>;
  if (!countries) return <p aria-busy="true">Loading countries…</p>;
  return (
    <section>
      <h1>Countries</h1>
      <p className="lede">
        {shown.length} countries with Early Warning Project data. Choose one for its indicator history and mass-killing episodes.
      </p>
      <label>
        Filter <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name or ISO code" />
      </label>
      <table className="countries">
        <thead>
          <tr><th scope="col">Country</th><th scope="col">ISO</th><th scope="col">Region</th><th scope="col">EWP years</th></tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.iso3}>
              <td><a href={`/countries/${c.iso3}`} onClick={(e) => { e.preventDefault(); navigate(`/countries/${c.iso3}`); }}>{c.name}</a></td>
              <td>{c.iso3}</td>
              <td>{c.region ?? ""}</td>
              <td>{c.ewpCoverage ? `${c.ewpCoverage.firstYear}–${c.ewpCoverage.lastYear}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
