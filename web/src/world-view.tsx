import { useEffect, useMemo, useState } from "react";
import { api, type ForecastList } from "./api.ts";
import { OwnLevelCell, useOwnLevels } from "./cooperation/own-level.tsx";
import { LEVEL_LABELS, matchesAlertFilter, RAISED_LEVELS, type AlertLevel } from "./alerts/lib.ts";
import { isNotFound, loadAtlas, loadCountries, loadForecasts, loadModel } from "./data.ts";
import { filterForecasts, regionsOf } from "./lib/forecast-list.ts";
import { formatInterval, formatRisk, NO_DATA_COLOR, RISK_BANDS, riskBand } from "./lib/risk-scale.ts";
import { navigate } from "./navigation.ts";
import { Failed, Loading } from "./status.tsx";
import { fmtNumber, t } from "./i18n/i18n.ts";
import { useAsync } from "./use-async.ts";
import { WorldMap } from "./world-map-view.tsx";
import { countryName, driverLabel, regionName } from "./i18n/names.ts";

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

  if (state.status === "loading" && attempt === 0) return <Loading what={t("world.loadingWhat")} />;
  if (state.status === "error") return <Failed what={t("world.loadingWhat")} error={state.error} />;
  if (state.status === "loading" || !state.data.list) {
    return (
      <section>
        <h1>{t("world.heading")}</h1>
        <p className="status" role="status">
          {t("world.pending", { seconds: POLL_MS / 1000 })} <code translate="no">npm start</code>
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
      <h1>{t("world.title", { years })}</h1>
      <p className="lede">
        {t("world.lede", { count: list.forecasts.length, years, baseYear: String(list.run.baseYear) })} <bdi translate="no"><em>{list.model.id}</em></bdi>.{" "}
        {t("world.choose")}
      </p>
      <div className="filters" role="search" aria-label={t("world.filters")}>
        <label>
          {t("world.region")}{" "}
          <select value={region} onChange={(e) => setRegion(e.target.value)}>
            <option value="">{t("world.allRegions")}</option>
            {regions.map((r) => <option key={r} value={r}>{regionName(r)}</option>)}
          </select>
        </label>
        <label>
          {t("world.band")}{" "}
          <select value={band} onChange={(e) => setBand(e.target.value)}>
            <option value="">{t("world.allBands")}</option>
            {[...RISK_BANDS].reverse().map((b) => <option key={b.id} value={b.id}>{b.label}</option>)}
          </select>
        </label>
        <label>
          {t("world.alertLevel")}{" "}
          <select value={alert} onChange={(e) => setAlert(e.target.value)}>
            <option value="">{t("world.allLevels")}</option>
            <option value="any">{t("world.anyAlert")}</option>
            {RAISED_LEVELS.map((l) => <option key={l} value={l}>{LEVEL_LABELS[l]}</option>)}
            <option value="none">{LEVEL_LABELS.none}</option>
          </select>
        </label>
        <span role="status" className="count">{t("world.shown", { shown: shown.length, total: list.forecasts.length })}</span>
      </div>
      <div className="world-grid">
        <figure className="map-figure">
          <a className="skip" href="#ranked-table">{t("world.skipMap")}</a>
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
      <p className="legend-title">{t("world.legend.title", { years })}</p>
      <ul className="legend-keys">
        {RISK_BANDS.map((b) => (
          <li key={b.id}><span className="swatch" style={{ background: b.color }} aria-hidden="true" />{b.label}</li>
        ))}
        <li><span className="swatch hatched" style={{ backgroundColor: NO_DATA_COLOR }} aria-hidden="true" />{t("world.legend.noForecast")}</li>
      </ul>
      <p className="legend-note">
        {t("world.legend.note", { baseYear: String(list.run.baseYear), level: fmtNumber(Math.round(list.run.intervals.level * 100)) })}
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
        <caption>{t("world.table.caption", { years })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("world.table.rank")}</th>
            <th scope="col">{t("world.table.country")}</th>
            <th scope="col">{t("world.table.risk")}</th>
            <th scope="col">{t("world.table.interval", { level: fmtNumber(Math.round(list.run.intervals.level * 100)) })}</th>
            <th scope="col">{t("world.table.alert")}</th>
            {own.size ? <th scope="col">{t("world.table.own")}</th> : null}
            <th scope="col" className="hide-narrow hide-side">{t("world.region")}</th>
            <th scope="col" className="hide-narrow">{t("world.table.driver")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => {
            const b = riskBand(f.risk);
            return (
              <tr key={f.iso3} data-iso3={f.iso3}>
                <td className="num">{fmtNumber(f.rank)}</td>
                <td><a href={`/countries/${f.iso3}`} onClick={(e) => { e.preventDefault(); navigate(`/countries/${f.iso3}`); }}><bdi>{countryName(f.iso3, f.name)}</bdi></a></td>
                <td className="num risk"><span className="swatch" style={{ background: b.color }} aria-hidden="true" />{formatRisk(f.risk)}</td>
                <td className="num">{formatInterval(f.interval)}</td>
                <td>{alerts.has(f.iso3) ? <span className={`alert-badge alert-${alerts.get(f.iso3)}`}>{LEVEL_LABELS[alerts.get(f.iso3)!]}</span> : <span className="note">—</span>}</td>
                {own.size ? <OwnLevelCell own={own.get(f.iso3)} /> : null}
                <td className="hide-narrow hide-side">{f.region ? regionName(f.region) : "—"}</td>
                <td className="hide-narrow driver">{f.drivers[0] ? driverLabel(f.drivers[0]) : "—"}</td>
              </tr>
            );
          })}
          {shown.length === 0 ? <tr><td colSpan={7}>{t("world.table.empty")}</td></tr> : null}
        </tbody>
      </table>
    </div>
  );
}
