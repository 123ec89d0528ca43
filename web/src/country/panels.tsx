/**
 * The country page's panels on monitoring data: dangerous-speech trends, verified reports (public:
 * published and blurred; more detail for readers whose role allows it) and the admin-area map of
 * events. Each loads on its own and says plainly when there is no data.
 */
import { api, type PublicReport, type Report } from "../api.ts";
import { speechTrendsChart } from "../charts/speech-trends-chart.ts";
import { isNotFound, loadAtlas } from "../data.ts";
import { areaMapModel } from "../lib/area-map.ts";
import { summariseSpeechTrends } from "../lib/speech-trends.ts";
import { PlotFigure } from "../plot-figure.tsx";
import { useMe } from "../session.ts";
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";
import { fmtDate, fmtNumber, fmtPercent, t, tDynamic } from "../i18n/i18n.ts";

/** The country the panels describe. */
export interface PanelCountry {
  iso3: string;
  name: string;
  isoNumeric: string | null;
}

const km = (m: number | null) => (m === null ? t("panels.unknownPrecision") : m >= 1000 ? t("panels.km", { n: Math.round(m / 1000) }) : t("panels.m", { n: m }));
const victimsText = (v: PublicReport["victims"]) =>
  (["killed", "injured", "missing", "detained", "displaced"] as const).filter((k) => v[k] !== undefined).map((k) => `${fmtNumber(v[k]!)} ${tDynamic(`report.victims.${k}`, k).toLowerCase()}`).join(", ") || t("panels.noCounts");
/** A perpetrator type, source kind or hallmark code in words. */
const label = (s: string) => tDynamic(`report.perpetrator.${s}`, "") || tDynamic(`report.source.${s}`, "") || tDynamic(`hallmark.${s}`, s.replace(/_/g, " "));

/** Speech trends, verified reports and the admin-area map for one country. */
export function CountryPanels({ country }: { country: PanelCountry }) {
  return (
    <>
      <SpeechPanel country={country} />
      <ReportsPanel country={country} />
      <AreaMapPanel country={country} />
    </>
  );
}

function SpeechPanel({ country }: { country: PanelCountry }) {
  const state = useAsync(`speech:${country.iso3}`, () => api.speechTrends(country.iso3).then((r) => summariseSpeechTrends(r.rows)));
  return (
    <section aria-labelledby="speech-h">
      <h2 id="speech-h">{t("panels.speech")}</h2>
      {state.status === "loading" ? <Loading what={t("panels.speechWhat")} /> : state.status === "error" ? <Failed what={t("panels.speechWhat")} error={state.error} /> : state.data.total === 0 ? (
        <p className="no-speech">{t("panels.noSpeech", { name: country.name })}</p>
      ) : (
        <>
          <p className="note">{t("panels.speechNote")}</p>
          <PlotFigure deps={[state.data]} render={() => speechTrendsChart(state.data, { country: country.name, width: 720 })} />
          <div className="row">
            <KeyList title={t("panels.hallmarks")} items={state.data.hallmarks} />
            <KeyList title={t("panels.targets")} items={state.data.targets} />
          </div>
        </>
      )}
    </section>
  );
}

function KeyList({ title, items }: { title: string; items: ReturnType<typeof summariseSpeechTrends>["hallmarks"] }) {
  return (
    <div>
      <h3>{title}</h3>
      {items.length === 0 ? <p className="note">{t("panels.noneFound")}</p> : (
        <ul className="keys">
          {items.map((k) => <li key={k.key}><strong><bdi>{label(k.key)}</bdi></strong>: {t("panels.keyLine", { count: k.count, share: fmtPercent(k.share, { maximumFractionDigits: 0 }), week: fmtDate(k.peakPeriod) })}</li>)}
        </ul>
      )}
    </div>
  );
}

async function loadReports(iso3: string, canRead: boolean): Promise<{ published: PublicReport[]; organisation: Report[] | null }> {
  const [pub, own] = await Promise.all([
    api.publicReports().then((r) => r.reports.filter((x) => x.location?.countryIso3 === iso3)),
    // Readers with report:read also see their organisation's verified (not yet published) reports.
    canRead ? api.reports().then((r) => r.reports.filter((x) => x.location?.countryIso3 === iso3 && (x.status === "verified" || x.published))) : Promise.resolve(null),
  ]);
  return { published: pub, organisation: own };
}

function ReportsPanel({ country }: { country: PanelCountry }) {
  const me = useMe();
  const canRead = me?.kind === "user" && me.permissions.includes("report:read");
  const state = useAsync(`reports:${country.iso3}:${canRead}`, () => loadReports(country.iso3, canRead));
  return (
    <section aria-labelledby="reports-h">
      <h2 id="reports-h">{t("panels.reports")}</h2>
      {state.status === "loading" ? <Loading what={t("panels.reportsWhat")} /> : state.status === "error" ? <Failed what={t("panels.reportsWhat")} error={state.error} /> : (
        <>
          {state.data.published.length === 0 ? <p className="no-reports">{t("panels.noReports", { name: country.name })}</p> : (
            <ul className="reports">
              {state.data.published.map((r) => (
                <li key={r.id}>
                  <strong>{fmtDate(r.occurredOn)}</strong> · {label(r.perpetratorType)} · {victimsText(r.victims)}
                  {r.location ? <span className="note"> · {t("panels.near")} {r.location.adminArea ? <bdi dir="auto">{r.location.adminArea}</bdi> : <bdi>{`${r.location.lat.toFixed(1)}, ${r.location.lon.toFixed(1)}`}</bdi>} {t("panels.blurred", { distance: km(r.location.precisionMeters) })}</span> : null}
                  <p dir="auto">{r.description}</p>
                </li>
              ))}
            </ul>
          )}
          {state.data.organisation && (
            <>
              <h3>{t("panels.orgReports")}</h3>
              {state.data.organisation.length === 0 ? <p className="note">{t("panels.noneAbout", { name: country.name })}</p> : (
                <ul className="reports">
                  {state.data.organisation.map((r) => (
                    <li key={r.id}>
                      <strong>{fmtDate(r.occurred.from)}</strong> · {tDynamic(`reportStatus.${r.status}`, r.status)}{r.published ? `, ${t("panels.published")}` : ""} · {label(r.perpetratorType)} · {victimsText(r.victims)}
                      {r.location ? <span className="note"> · {r.location.exact ? t("panels.exactPoint") : t("panels.blurredPoint")} <bdi>{r.location.lat.toFixed(3)}, {r.location.lon.toFixed(3)}</bdi> ({km(r.location.precisionMeters)})</span> : null}
                      {r.targetedGroup ? <span className="note"> · {t("panels.targeted")} <bdi dir="auto">{r.targetedGroup}</bdi></span> : null}
                      <p dir="auto">{r.description}</p>
                      {r.sources.length > 0 && <p className="note">{t("panels.sources", { sources: r.sources.map((s) => label(s.kind)).join(", "), n: r.attachments.length })}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          <p className="note">{t("panels.reportsNote")}</p>
        </>
      )}
    </section>
  );
}

function AreaMapPanel({ country }: { country: PanelCountry }) {
  const state = useAsync(`areas:${country.iso3}`, async () => {
    const areas = await api.eventAreas(country.iso3).then((r) => r.areas).catch((e: unknown) => { if (isNotFound(e)) return []; throw e; });
    if (areas.length === 0) return null;
    return { areas, model: areaMapModel(await loadAtlas(), country, areas, { width: 640 }) };
  });
  // Nothing to show without event data (the events section above says so already).
  if (state.status === "ready" && state.data === null) return null;
  return (
    <section aria-labelledby="areas-h">
      <h2 id="areas-h">{t("panels.areas")}</h2>
      {state.status === "loading" ? <Loading what={t("panels.areasWhat")} /> : state.status === "error" ? <Failed what={t("panels.areasWhat")} error={state.error} /> : (() => {
        const { model, areas } = state.data!;
        const top = model.symbols.slice(0, 3).map((s) => `${s.admin1} (${fmtNumber(s.events)})`).join(", ");
        return (
          <>
            <p className="note">{t("panels.areasNote")}</p>
            <div className="chart area-map">
              <svg viewBox={`0 0 ${model.width} ${model.height}`} width={model.width} height={model.height} role="img" aria-labelledby="areas-title areas-desc">
                <title id="areas-title">{t("panels.areasTitle", { name: country.name })}</title>
                <desc id="areas-desc">{t("panels.areasDesc", { n: model.symbols.length, top })}</desc>
                {model.outline && <path d={model.outline} className="outline" />}
                {model.symbols.map((s) => <circle key={s.admin1} cx={s.x} cy={s.y} r={s.r} className="symbol" />)}
                {model.symbols.slice(0, 5).map((s) => <text key={s.admin1} x={s.x} y={s.y - s.r - 3} textAnchor="middle" className="symbol-label">{s.admin1}</text>)}
              </svg>
            </div>
            <details>
              <summary>{t("panels.areasShow", { n: areas.length })}</summary>
              <div className="scroll" tabIndex={0} role="region" aria-label={t("panels.areas")}>
                <table>
                  <thead><tr><th scope="col">{t("panels.area")}</th><th scope="col">{t("panels.eventsCol")}</th><th scope="col">{t("panels.deaths")}</th><th scope="col">{t("panels.civilianDeaths")}</th></tr></thead>
                  <tbody>{areas.map((a) => <tr key={a.admin1}><td><bdi dir="auto">{a.admin1}</bdi></td><td className="num">{fmtNumber(a.events)}</td><td className="num">{fmtNumber(a.fatalities)}</td><td className="num">{fmtNumber(a.civilianDeaths)}</td></tr>)}</tbody>
                </table>
              </div>
            </details>
          </>
        );
      })()}
    </section>
  );
}
