import { useEffect, useState } from "react";
import { api, type CountryProfile } from "./api.ts";

const SHOWN = ["battledeaths.log2", "mk_ongoing_count_log2", "coup.try.5yr", "discrimpop", "freediscussion", "un_imr_sqrt"];

export function CountryPage({ iso3 }: { iso3: string }) {
  const [profile, setProfile] = useState<CountryProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setProfile(null);
    api.country(iso3).then(setProfile, (e: Error) => setError(e.message));
  }, [iso3]);
  if (error) return <p role="alert">{error}</p>;
  if (!profile) return <p aria-busy="true">Loading {iso3}…</p>;
  const { country, indicators, episodes } = profile;
  const onsets = indicators.filter((y) => y.mkOnset === 1).map((y) => y.year);
  return (
    <article>
      <h1>{country.name}</h1>
      <dl className="identity">
        <dt>ISO</dt><dd>{country.iso3} / {country.iso2 ?? "—"} / {country.isoNumeric ?? "—"}</dd>
        <dt>COW</dt><dd>{country.cow ?? "—"}</dd>
        <dt>Region</dt><dd>{country.region ?? "—"}</dd>
        <dt>EWP years</dt><dd>{indicators.length ? `${indicators[0].year}–${indicators[indicators.length - 1].year}` : "none"}</dd>
        <dt>Mass-killing onsets</dt><dd>{onsets.length ? onsets.join(", ") : "none recorded"}</dd>
      </dl>
      <h2>Mass-killing episodes (EWP)</h2>
      {episodes.length === 0 ? <p>None in EWP's list.</p> : (
        <ul className="episodes">
          {episodes.map((e) => (
            <li key={e.code}>
              <strong>{e.startYear}–{e.endYear ?? "ongoing"}</strong> {e.name}
              {e.stateLed === false ? " (non-state-led)" : ""}
              {e.summary ? <p>{e.summary}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <h2>Indicator history</h2>
      <div className="scroll">
        <table>
          <thead><tr><th scope="col">Year</th><th scope="col">Onset</th>{SHOWN.map((k) => <th scope="col" key={k}>{k}</th>)}</tr></thead>
          <tbody>
            {indicators.slice().reverse().map((y) => (
              <tr key={y.year}>
                <td>{y.year}</td>
                <td>{y.mkOnset === 1 ? "●" : ""}</td>
                {SHOWN.map((k) => <td key={k}>{y.values[k] == null ? "NA" : Number(y.values[k]).toFixed(2)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}
