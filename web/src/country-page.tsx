import { useEffect } from "react";
import { api, type CountryForecasts, type CountryProfile, type EventMonth, type ForecastList } from "./api.ts";
import { driversChart } from "./charts/drivers-chart.ts";
import { eventsChart } from "./charts/events-chart.ts";
import { episodeTimeline, riskHistoryChart } from "./charts/risk-history-chart.ts";
import { isNotFound, loadForecasts, loadModel } from "./data.ts";
import { formatInterval, formatRisk, riskBand } from "./lib/risk-scale.ts";
import { AlertPanel } from "./alerts/country-panel.tsx";
import { AssessmentPanel } from "./assessments/country-panel.tsx";
import { OwnLevelPanel } from "./cooperation/own-level.tsx";
import { PlotFigure } from "./plot-figure.tsx";
import { CountryPanels } from "./country/panels.tsx";
import { Failed, Loading } from "./status.tsx";
import { useAsync } from "./use-async.ts";

/** Indicator columns shown in the table of EWP years. */
const SHOWN = ["battledeaths.log2", "mk_ongoing_count_log2", "coup.try.5yr", "discrimpop", "freediscussion", "un_imr_sqrt"];

async function loadCountry(iso3: string) {
  const notFoundAsNull = <T,>(p: Promise<T>) => p.catch((e: unknown) => { if (isNotFound(e)) return null; throw e; });
  const [profile, model] = await Promise.all([api.country(iso3), loadModel()]);
  const [forecasts, list, events] = await Promise.all([
    model ? api.countryForecasts(iso3, model) : Promise.resolve(null),
    model ? notFoundAsNull(loadForecasts(model)) : Promise.resolve(null),
    // The events API may be absent (older server) or the country may have no events: both mean "no event data".
    notFoundAsNull(api.eventSummary(iso3)).catch(() => null),
  ]);
  return { profile, forecasts, list, events: events?.months ?? [] };
}

/** One country's page: identity, risk and why, history, episodes, events, EWP indicators. */
export function CountryPage({ iso3 }: { iso3: string }) {
  const state = useAsync(iso3, () => loadCountry(iso3));
  if (state.status === "loading") return <Loading what={iso3} />;
  if (state.status === "error") return isNotFound(state.error) ? <p role="alert">No country with the code {iso3}.</p> : <Failed what={iso3} error={state.error} />;
  return <CountryReady {...state.data} />;
}

function CountryReady({ profile, forecasts, list, events }: { profile: CountryProfile; forecasts: CountryForecasts | null; list: ForecastList | null; events: EventMonth[] }) {
  const { country, indicators, episodes } = profile;
  const onsets = indicators.filter((y) => y.mkOnset === 1).map((y) => y.year);
  const latest = forecasts?.latest;
  useEffect(() => {
    document.title = `${country.name} — Tocsin`;
    requestAnimationFrame(() => performance.mark("tocsin:country-rendered"));
    return () => { document.title = "Tocsin — early warning of mass atrocities"; };
  }, [country.name]);
  const firstYear = indicators[0]?.year ?? 1960;
  const lastYear = indicators.at(-1)?.year ?? new Date().getFullYear();
  return (
    <article className="country">
      <header className="country-head">
        <h1 dir="auto">{country.name}</h1>
        <button type="button" className="print" onClick={() => window.print()}>Print brief / save as PDF</button>
      </header>
      <AlertPanel iso3={country.iso3} countryName={country.name} />
      <OwnLevelPanel iso3={country.iso3} />
      <dl className="identity">
        <dt>ISO codes</dt><dd>{country.iso3} · {country.iso2 ?? "—"} · {country.isoNumeric ?? "—"}</dd>
        <dt>Region</dt><dd>{country.region ?? "—"}</dd>
        <dt>COW / G&amp;W codes</dt><dd>{country.cow ?? "—"} / {country.gw ?? "—"}</dd>
        <dt>EWP years</dt><dd>{indicators.length ? `${firstYear}–${lastYear}` : "none"}</dd>
      </dl>

      <section aria-labelledby="risk-h">
        <h2 id="risk-h">Risk and why</h2>
        {latest ? (
          <>
            <div className="risk-summary">
              <span className="swatch big" style={{ background: riskBand(latest.risk).color }} aria-hidden="true" />
              <p>
                <strong className="risk-value">{formatRisk(latest.risk)}</strong> probability of a new mass killing starting in{" "}
                {latest.targetFrom}–{latest.targetTo} ({list ? Math.round(list.run.intervals.level * 100) : 90} % interval {formatInterval(latest.interval)});
                rank <strong>{latest.rank}</strong>{list ? ` of ${list.forecasts.length}` : ""}; band {riskBand(latest.risk).label}. Forecast from {latest.baseYear} data
                by the model <em>{forecasts!.model}</em>.
              </p>
            </div>
            <p>
              Why: the largest drivers are{" "}
              {latest.drivers.slice(0, 3).map((d, i) => (
                <span key={d.predictor}>{i > 0 ? (i === 2 ? " and " : ", ") : ""}<em>{d.label.toLowerCase()}</em> ({d.contribution >= 0 ? "raises" : "lowers"} risk)</span>
              ))}. Bars show each predictor's contribution to the log-odds of an onset, relative to the model's baseline ({latest.baselineDefinition}); the value in the base year is in brackets.
            </p>
            <PlotFigure deps={[latest]} render={() => driversChart(latest.drivers, { country: country.name, width: 720 })} />
          </>
        ) : (
          <p>No forecast covers {country.name}{forecasts ? "" : " yet (none has been computed)"}: EWP's table has no complete row for its latest year.</p>
        )}
      </section>

      <AssessmentPanel iso3={country.iso3} countryName={country.name} />

      <section aria-labelledby="history-h">
        <h2 id="history-h">Risk history</h2>
        <p className="note">Grey line: the risk a model trained only on earlier years gave for the two years starting there (the walk-forward backtest, EWP's protocol). Red dots: current forecasts with their 90 % intervals. Dark ticks: onset years in EWP's table.</p>
        <PlotFigure
          deps={[forecasts, onsets.join()]}
          render={() => riskHistoryChart({ history: forecasts?.history ?? [], backtest: forecasts?.backtest ?? [], onsetYears: onsets, lastYear }, { country: country.name, width: 720 })}
        />
      </section>

      <section aria-labelledby="episodes-h">
        <h2 id="episodes-h">Mass-killing episodes (EWP list)</h2>
        {episodes.length === 0 ? <p>None in EWP's list.</p> : (
          <>
          <PlotFigure deps={[episodes]} render={() => episodeTimeline(episodes, { firstYear: Math.min(firstYear, ...episodes.map((e) => e.startYear)), lastYear }, { country: country.name, width: 720 })} />
          <ul className="episodes">
            {episodes.map((e) => (
              <li key={e.code}>
                <strong>{e.startYear}–{e.endYear ?? "ongoing"}</strong> <span dir="auto">{e.name}</span>
                {e.stateLed === false ? " (non-state-led)" : e.stateLed ? " (state-led)" : ""}
                {e.summary ? <p dir="auto">{e.summary}</p> : null}
              </li>
            ))}
          </ul>
          </>
        )}
      </section>

      <section aria-labelledby="events-h">
        <h2 id="events-h">Conflict events</h2>
        {events.length === 0 || events.every((m) => m.events === 0) ? <p className="no-events">No event data for {country.name}.</p> : (
          <>
            <p className="note">Monthly events and civilian deaths from the imported event data ({events[0].month.slice(0, 7)} to {events.at(-1)!.month.slice(0, 7)}).</p>
            <PlotFigure deps={[events]} render={() => eventsChart(events, { measure: "events", country: country.name, width: 720 })} />
            <PlotFigure deps={[events]} render={() => eventsChart(events, { measure: "civilianDeaths", country: country.name, width: 720 })} />
          </>
        )}
      </section>

      <CountryPanels country={{ iso3: country.iso3, name: country.name, isoNumeric: country.isoNumeric }} />

      <section aria-labelledby="indicators-h">
        <h2 id="indicators-h">EWP indicators by year</h2>
        <details>
          <summary>Show {indicators.length} years of selected indicators</summary>
          <div className="scroll" tabIndex={0} role="region" aria-label="EWP indicators by year">
            <table>
              <thead><tr><th scope="col">Year</th><th scope="col">Onset</th>{SHOWN.map((k) => <th scope="col" key={k}>{k}</th>)}</tr></thead>
              <tbody>
                {indicators.slice().reverse().map((y) => (
                  <tr key={y.year}>
                    <td>{y.year}</td>
                    <td>{y.mkOnset === 1 ? "onset" : ""}</td>
                    {SHOWN.map((k) => <td key={k}>{y.values[k] == null ? "NA" : Number(y.values[k]).toFixed(2)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      </section>
    </article>
  );
}
