import { useEffect, useMemo, useState } from "react";
import { api, type ForecastList } from "./api.ts";
import { OwnLevelCell, useOwnLevels } from "./cooperation/own-level.tsx";
import { LEVEL_LABELS, matchesAlertFilter, RAISED_LEVELS, type AlertLevel } from "./alerts/lib.ts";
import { isNotFound, loadAtlas, loadCountries, loadForecasts, loadModel } from "./data.ts";
import { filterForecasts, regionsOf } from "./lib/forecast-list.ts";
import { formatInterval, formatRisk, NO_DATA_COLOR, RISK_BANDS, riskBand } from "./lib/risk-scale.ts";
import { navigate } from "./navigation.ts";
import { Failed, Loading } from "./status.tsx";
import { useAsync } from "./use-async.ts";
import { WorldMap } from "./world-map-view.tsx";

/** How often the world view asks again while no forecast has been computed (ms). */
const POLL_MS = 10_000;

async function loadWorld() {
  // All three in parallel: the forecasts follow the model choice, not the (larger) atlas.
  const listed = loadModel().then((model) =>
    model ? loadForecasts(model).catch((e: unknown): ForecastList | null => { if (isNotFound(e)) return null; throw e; }) : null,
  );
  const [list, countries, atlas] = await Promise.all([listed, loadCountries(), loadAtlas()]);
  performance.mark("tocsin:world-data");
  return { countries, atlas, list };
}

/** The world view: choropleth, legend, filters and the ranked table. */
export function WorldView() {
  const [attempt, setAttempt] = useState(0);
  const state = useAsync(`world:${attempt}`, loadWorld);
  const pending = state.status === "ready" && !state.data.list;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, attempt]);

  if (state.status === "loading" && attempt === 0) return <Loading what="the world view" />;
  if (state.status === "error") return <Failed what="the world view" error={state.error} />;
  if (state.status === "loading" || !state.data.list) {
    return (
      <section>
        <h1>World view</h1>
        <p className="status" role="status">
          No risk forecast has been computed yet. <code>npm start</code> computes one in the background after the first
          import (a few minutes); this page checks again every {POLL_MS / 1000} seconds.
        </p>
      </section>
    );
  }
  return <WorldReady {...state.data} list={state.data.list} />;
}

/**
 * Current whole-country alert levels, fetched after the first render (they must not delay the map):
 * an older server or a failed call leaves the column empty, not the page.
 */
function useAlertLevels(): Map<string, AlertLevel> {
  const [levels, setLevels] = useState(() => new Map<string, AlertLevel>());
  useEffect(() => {
    const abort = new AbortController();
    api.alerts(abort.signal).then((r) => setLevels(new Map(r.alerts.map((a) => [a.iso3, a.level]))), () => undefined);
    return () => abort.abort();
  }, []);
  return levels;
}

function WorldReady({ countries, atlas, list }: Awaited<ReturnType<typeof loadWorld>> & { list: ForecastList }) {
  const alerts = useAlertLevels();
  const [region, setRegion] = useState("");
  const [band, setBand] = useState("");
  const [alert, setAlert] = useState("");
  const regions = useMemo(() => regionsOf(list.forecasts), [list]);
  const shown = useMemo(
    () => filterForecasts(list.forecasts, { region, band }).filter((f) => matchesAlertFilter(alert, alerts.get(f.iso3))),
    [list, region, band, alert, alerts],
  );
  const visible = useMemo(() => new Set(shown.map((f) => f.iso3)), [shown]);
  const years = `${list.targetYears[0]}–${list.targetYears.at(-1)}`;
  useEffect(() => {
    // Time to first render for bench/web.ts: the map's paths are in the DOM and about to paint.
    requestAnimationFrame(() => performance.mark("tocsin:world-rendered"));
  }, []);

  return (
    <section className="world">
      <h1>Risk of a new mass killing, {years}</h1>
      <p className="lede">
        {list.forecasts.length} countries ranked by the probability that a new mass killing starts in {years}, forecast from{" "}
        {list.run.baseYear} data by the model <em>{list.model.id}</em>. Choose a country on the map or in the table for its page.
      </p>
      <div className="filters" role="search" aria-label="Filter countries">
        <label>
          Region{" "}
          <select value={region} onChange={(e) => setRegion(e.target.value)}>
            <option value="">All regions</option>
            {regions.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <label>
          Risk band{" "}
          <select value={band} onChange={(e) => setBand(e.target.value)}>
            <option value="">All bands</option>
            {[...RISK_BANDS].reverse().map((b) => <option key={b.id} value={b.id}>{b.label}</option>)}
          </select>
        </label>
        <label>
          Alert level{" "}
          <select value={alert} onChange={(e) => setAlert(e.target.value)}>
            <option value="">All levels</option>
            <option value="any">Any alert</option>
            {RAISED_LEVELS.map((l) => <option key={l} value={l}>{LEVEL_LABELS[l]}</option>)}
            <option value="none">No alert</option>
          </select>
        </label>
        <span role="status" className="count">{shown.length} of {list.forecasts.length} countries shown</span>
      </div>
      <div className="world-grid">
        <figure className="map-figure">
          <a className="skip" href="#ranked-table">Skip the map to the ranked table</a>
          <WorldMap atlas={atlas} countries={countries} forecasts={list.forecasts} visible={visible} targetYears={years} />
          <Legend years={years} list={list} />
        </figure>
        <RankedTable list={list} shown={shown} years={years} alerts={alerts} />
      </div>
    </section>
  );
}

function Legend({ years, list }: { years: string; list: ForecastList }) {
  return (
    <figcaption className="legend">
      <p className="legend-title">
        Probability of a new mass killing starting in {years} (EWP-style model)
      </p>
      <ul className="legend-keys">
        {RISK_BANDS.map((b) => (
          <li key={b.id}><span className="swatch" style={{ background: b.color }} aria-hidden="true" />{b.label}</li>
        ))}
        <li><span className="swatch hatched" style={{ backgroundColor: NO_DATA_COLOR }} aria-hidden="true" />no forecast</li>
      </ul>
      <p className="legend-note">
        A mass killing, in the Early Warning Project's definition, is the deliberate killing of at least 1,000 civilians of a
        group by armed forces or groups over a year or less. Each band doubles the risk of the one below; EWP calls 4 % and more
        (about 1 in 25) high. The numbers are model probabilities from {list.run.baseYear} data, with {Math.round(list.run.intervals.level * 100)} %
        bootstrap intervals in the table; they rank countries for attention and are not predictions that a killing will happen.
        Hatched: no forecast (no EWP data for the country, or not an independent state in EWP's list).
      </p>
    </figcaption>
  );
}

function RankedTable({ list, shown, years, alerts }: { list: ForecastList; shown: ForecastList["forecasts"]; years: string; alerts: Map<string, AlertLevel> }) {
  // The signed-in organisation's own levels (issue 16); the column shows only for members.
  const own = useOwnLevels();
  return (
    <div className="table-wrap" id="ranked-table" tabIndex={-1}>
      <table className="ranked">
        <caption>Countries ranked by risk of a new mass killing in {years}</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Country</th>
            <th scope="col">Risk</th>
            <th scope="col">{Math.round(list.run.intervals.level * 100)} % interval</th>
            <th scope="col">Alert</th>
            {own.size ? <th scope="col">Your organisation</th> : null}
            <th scope="col" className="hide-narrow hide-side">Region</th>
            <th scope="col" className="hide-narrow">Main driver</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => {
            const b = riskBand(f.risk);
            return (
              <tr key={f.iso3} data-iso3={f.iso3}>
                <td className="num">{f.rank}</td>
                <td><a href={`/countries/${f.iso3}`} onClick={(e) => { e.preventDefault(); navigate(`/countries/${f.iso3}`); }}>{f.name}</a></td>
                <td className="num risk"><span className="swatch" style={{ background: b.color }} aria-hidden="true" />{formatRisk(f.risk)}</td>
                <td className="num">{formatInterval(f.interval)}</td>
                <td>{alerts.has(f.iso3) ? <span className={`alert-badge alert-${alerts.get(f.iso3)}`}>{LEVEL_LABELS[alerts.get(f.iso3)!]}</span> : <span className="note">—</span>}</td>
                {own.size ? <OwnLevelCell own={own.get(f.iso3)} /> : null}
                <td className="hide-narrow hide-side">{f.region ?? "—"}</td>
                <td className="hide-narrow driver">{f.drivers[0]?.label ?? "—"}</td>
              </tr>
            );
          })}
          {shown.length === 0 ? <tr><td colSpan={7}>No country matches the filters.</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}
