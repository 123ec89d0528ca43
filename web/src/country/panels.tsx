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

/** The country the panels describe. */
export interface PanelCountry {
  iso3: string;
  name: string;
  isoNumeric: string | null;
}

const km = (m: number | null) => (m === null ? "unknown precision" : m >= 1000 ? `±${Math.round(m / 1000)} km` : `±${m} m`);
const victimsText = (v: PublicReport["victims"]) =>
  (["killed", "injured", "missing", "detained", "displaced"] as const).filter((k) => v[k] !== undefined).map((k) => `${v[k]} ${k}`).join(", ") || "no counts given";
const label = (s: string) => s.replace(/_/g, " ");

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
      <h2 id="speech-h">Dangerous speech</h2>
      {state.status === "loading" ? <Loading what="speech trends" /> : state.status === "error" ? <Failed what="speech trends" error={state.error} /> : state.data.total === 0 ? (
        <p className="no-speech">No public-source texts about {country.name} have been analysed.</p>
      ) : (
        <>
          <p className="note">Texts analysed per week (grey) and the weekly count of the most frequent hallmarks of dangerous speech (lines). Counts, not verdicts: an analyst reads the texts.</p>
          <PlotFigure deps={[state.data]} render={() => speechTrendsChart(state.data, { country: country.name, width: 720 })} />
          <div className="row">
            <KeyList title="Hallmarks" items={state.data.hallmarks} />
            <KeyList title="Target groups" items={state.data.targets} />
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
      {items.length === 0 ? <p className="note">None found.</p> : (
        <ul className="keys">
          {items.map((k) => <li key={k.key}><strong>{label(k.key)}</strong>: {k.count} ({Math.round(k.share * 100)} % of texts), most in the week of {k.peakPeriod}</li>)}
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
      <h2 id="reports-h">Verified reports</h2>
      {state.status === "loading" ? <Loading what="reports" /> : state.status === "error" ? <Failed what="reports" error={state.error} /> : (
        <>
          {state.data.published.length === 0 ? <p className="no-reports">No published reports about {country.name}.</p> : (
            <ul className="reports">
              {state.data.published.map((r) => (
                <li key={r.id}>
                  <strong>{r.occurredOn}</strong> · {label(r.perpetratorType)} · {victimsText(r.victims)}
                  {r.location ? <span className="note"> · near {r.location.adminArea ? <bdi dir="auto">{r.location.adminArea}</bdi> : `${r.location.lat.toFixed(1)}, ${r.location.lon.toFixed(1)}`} (location blurred {km(r.location.precisionMeters)})</span> : null}
                  <p dir="auto">{r.description}</p>
                </li>
              ))}
            </ul>
          )}
          {state.data.organisation && (
            <>
              <h3>Your organisation's verified reports</h3>
              {state.data.organisation.length === 0 ? <p className="note">None about {country.name}.</p> : (
                <ul className="reports">
                  {state.data.organisation.map((r) => (
                    <li key={r.id}>
                      <strong>{r.occurred.from.slice(0, 10)}</strong> · {r.status}{r.published ? ", published" : ""} · {label(r.perpetratorType)} · {victimsText(r.victims)}
                      {r.location ? <span className="note"> · {r.location.exact ? "exact point" : "blurred"} {r.location.lat.toFixed(3)}, {r.location.lon.toFixed(3)} ({km(r.location.precisionMeters)})</span> : null}
                      {r.targetedGroup ? <span className="note"> · targeted: <bdi dir="auto">{r.targetedGroup}</bdi></span> : null}
                      <p dir="auto">{r.description}</p>
                      {r.sources.length > 0 && <p className="note">Sources: {r.sources.map((s) => label(s.kind)).join(", ")}; {r.attachments.length} attachment{r.attachments.length === 1 ? "" : "s"}.</p>}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          <p className="note">Published reports show day-level dates and locations blurred by at least 1 km; reporters are never shown.</p>
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
      <h2 id="areas-h">Events by area</h2>
      {state.status === "loading" ? <Loading what="the area map" /> : state.status === "error" ? <Failed what="the area map" error={state.error} /> : (() => {
        const { model, areas } = state.data!;
        const top = model.symbols.slice(0, 3).map((s) => `${s.admin1} (${s.events})`).join(", ");
        return (
          <>
            <p className="note">Circles sit at the mean location of each first-order area's geolocated events; their areas are proportional to the number of events. Outline: Natural Earth 1:50m.</p>
            <div className="chart area-map">
              <svg viewBox={`0 0 ${model.width} ${model.height}`} width={model.width} height={model.height} role="img" aria-labelledby="areas-title areas-desc">
                <title id="areas-title">Events by first-order area in {country.name}</title>
                <desc id="areas-desc">{model.symbols.length} areas with geolocated events; most: {top}.</desc>
                {model.outline && <path d={model.outline} className="outline" />}
                {model.symbols.map((s) => <circle key={s.admin1} cx={s.x} cy={s.y} r={s.r} className="symbol" />)}
                {model.symbols.slice(0, 5).map((s) => <text key={s.admin1} x={s.x} y={s.y - s.r - 3} textAnchor="middle" className="symbol-label">{s.admin1}</text>)}
              </svg>
            </div>
            <details>
              <summary>Show the {areas.length} areas as a table</summary>
              <div className="scroll" tabIndex={0} role="region" aria-label="Events by area">
                <table>
                  <thead><tr><th scope="col">Area</th><th scope="col">Events</th><th scope="col">Deaths</th><th scope="col">Civilian deaths</th></tr></thead>
                  <tbody>{areas.map((a) => <tr key={a.admin1}><td><bdi dir="auto">{a.admin1}</bdi></td><td className="num">{a.events}</td><td className="num">{a.fatalities}</td><td className="num">{a.civilianDeaths}</td></tr>)}</tbody>
                </table>
              </div>
            </details>
          </>
        );
      })()}
    </section>
  );
}
