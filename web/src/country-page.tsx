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
import { fmtDate, fmtList, fmtNumber, t } from "./i18n/i18n.ts";
import { countryName, driverLabel, regionName, registerCountryCodes } from "./i18n/names.ts";

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
  if (state.status === "error") return isNotFound(state.error) ? <p role="alert">{t("country.notFound", { iso3 })}</p> : <Failed what={iso3} error={state.error} />;
  return <CountryReady {...state.data} />;
}

function CountryReady({ profile, forecasts, list, events }: { profile: CountryProfile; forecasts: CountryForecasts | null; list: ForecastList | null; events: EventMonth[] }) {
  const { country: raw, indicators, episodes } = profile;
  registerCountryCodes([raw]);
  // The name in the reader's language everywhere on the page (charts included).
  const country = { ...raw, name: countryName(raw.iso3, raw.name) };
  const onsets = indicators.filter((y) => y.mkOnset === 1).map((y) => y.year);
  const latest = forecasts?.latest;
  useEffect(() => {
    document.title = t("country.docTitle", { name: country.name });
    requestAnimationFrame(() => performance.mark("tocsin:country-rendered"));
    return () => { document.title = t("app.docTitle"); };
  }, [country.name]);
  const firstYear = indicators[0]?.year ?? 1960;
  const lastYear = indicators.at(-1)?.year ?? new Date().getFullYear();
  return (
    <article className="country">
      <header className="country-head">
        <h1 dir="auto"><bdi>{country.name}</bdi></h1>
        <button type="button" className="print" onClick={() => window.print()}>{t("country.print")}</button>
      </header>
      <AlertPanel iso3={country.iso3} countryName={country.name} />
      <OwnLevelPanel iso3={country.iso3} />
      <dl className="identity">
        <dt>{t("country.isoCodes")}</dt><dd><bdi translate="no">{country.iso3} · {country.iso2 ?? "—"} · {country.isoNumeric ?? "—"}</bdi></dd>
        <dt>{t("world.region")}</dt><dd>{country.region ? regionName(country.region) : "—"}</dd>
        <dt>{t("country.cowCodes")}</dt><dd><bdi>{country.cow ?? "—"} / {country.gw ?? "—"}</bdi></dd>
        <dt>{t("country.ewpYears")}</dt><dd>{indicators.length ? <bdi>{firstYear}–{lastYear}</bdi> : t("country.none")}</dd>
      </dl>

      <section aria-labelledby="risk-h">
        <h2 id="risk-h">{t("country.riskWhy")}</h2>
        {latest ? (
          <>
            <div className="risk-summary">
              <span className="swatch big" style={{ background: riskBand(latest.risk).color }} aria-hidden="true" />
              <p>
                <strong className="risk-value"><bdi>{formatRisk(latest.risk)}</bdi></strong>{" "}
                {t("country.riskSentence", {
                  years: `${latest.targetFrom}–${latest.targetTo}`, level: fmtNumber(list ? Math.round(list.run.intervals.level * 100) : 90),
                  interval: formatInterval(latest.interval), rank: latest.rank, total: list ? list.forecasts.length : 0,
                  band: riskBand(latest.risk).label, baseYear: String(latest.baseYear),
                })} <bdi translate="no"><em>{forecasts!.model}</em></bdi>.
              </p>
            </div>
            <p>
              {t("country.why", {
                drivers: fmtList(latest.drivers.slice(0, 3).map((d) =>
                  t(d.contribution >= 0 ? "country.driverRaises" : "country.driverLowers", { driver: driverLabel(d) }))),
              })}{" "}
              {t("country.barsNote")} <bdi>({latest.baselineDefinition})</bdi>
            </p>
            <PlotFigure deps={[latest]} render={() => driversChart(latest.drivers, { country: country.name, width: 720 })} />
          </>
        ) : (
          <p>{forecasts ? t("country.noForecast", { name: country.name }) : t("country.noForecastYet", { name: country.name })}</p>
        )}
      </section>

      <AssessmentPanel iso3={country.iso3} countryName={country.name} />

      <section aria-labelledby="history-h">
        <h2 id="history-h">{t("country.history")}</h2>
        <p className="note">{t("country.historyNote")}</p>
        <PlotFigure
          deps={[forecasts, onsets.join()]}
          render={() => riskHistoryChart({ history: forecasts?.history ?? [], backtest: forecasts?.backtest ?? [], onsetYears: onsets, lastYear }, { country: country.name, width: 720 })}
        />
      </section>

      <section aria-labelledby="episodes-h">
        <h2 id="episodes-h">{t("country.episodes")}</h2>
        {episodes.length === 0 ? <p>{t("country.episodesNone")}</p> : (
          <>
          <PlotFigure deps={[episodes]} render={() => episodeTimeline(episodes, { firstYear: Math.min(firstYear, ...episodes.map((e) => e.startYear)), lastYear }, { country: country.name, width: 720 })} />
          <ul className="episodes">
            {episodes.map((e) => (
              <li key={e.code}>
                <strong><bdi>{e.startYear}–{e.endYear ?? t("country.ongoing")}</bdi></strong> <bdi dir="auto">{e.name}</bdi>
                {e.stateLed === false ? ` ${t("country.nonStateLed")}` : e.stateLed ? ` ${t("country.stateLed")}` : ""}
                {e.summary ? <p dir="auto" lang="en" translate="no">{e.summary}</p> : null}
              </li>
            ))}
          </ul>
          </>
        )}
      </section>

      <section aria-labelledby="events-h">
        <h2 id="events-h">{t("country.events")}</h2>
        {events.length === 0 || events.every((m) => m.events === 0) ? <p className="no-events">{t("country.noEvents", { name: country.name })}</p> : (
          <>
            <p className="note">{t("country.eventsNote", { from: fmtDate(events[0].month, { year: "numeric", month: "short", timeZone: "UTC" }), to: fmtDate(events.at(-1)!.month, { year: "numeric", month: "short", timeZone: "UTC" }) })}</p>
            <PlotFigure deps={[events]} render={() => eventsChart(events, { measure: "events", country: country.name, width: 720 })} />
            <PlotFigure deps={[events]} render={() => eventsChart(events, { measure: "civilianDeaths", country: country.name, width: 720 })} />
          </>
        )}
      </section>

      <CountryPanels country={{ iso3: country.iso3, name: country.name, isoNumeric: country.isoNumeric }} />

      <section aria-labelledby="indicators-h">
        <h2 id="indicators-h">{t("country.indicators")}</h2>
        <details>
          <summary>{t("country.indicatorsShow", { n: indicators.length })}</summary>
          <div className="scroll" tabIndex={0} role="region" aria-label={t("country.indicators")}>
            <table>
              <thead><tr><th scope="col">{t("country.year")}</th><th scope="col">{t("country.onset")}</th>{SHOWN.map((k) => <th scope="col" key={k} title={driverLabel({ predictor: k, label: k })}><bdi translate="no">{k}</bdi></th>)}</tr></thead>
              <tbody>
                {indicators.slice().reverse().map((y) => (
                  <tr key={y.year}>
                    <td>{y.year}</td>
                    <td>{y.mkOnset === 1 ? t("country.onsetMark") : ""}</td>
                    {SHOWN.map((k) => <td key={k}>{y.values[k] == null ? t("country.na") : fmtNumber(Number(y.values[k]), { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</td>)}
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
