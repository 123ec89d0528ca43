/**
 * The country page's analyst panel: the newest published assessment per framework with its factor
 * bars, and — prominently — the flag when analysts and the statistical model strongly disagree,
 * with the rule's own explanation (`GET /api/countries/:iso3/assessments`).
 */
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";
import { assessmentsApi, type CountryAssessments } from "./client.ts";
import { latestPerFramework } from "./lib.ts";
import { FactorBars, Link, OverallScore } from "./parts.tsx";

/** The panel; renders its own section with a heading. */
export function AssessmentPanel({ iso3, countryName }: { iso3: string; countryName: string }) {
  const state = useAsync(iso3, () => assessmentsApi.countryAssessments(iso3));
  return (
    <section aria-labelledby="assess-h" className="assessment-panel">
      <h2 id="assess-h">Analyst assessments</h2>
      {state.status === "loading" ? <Loading what="analyst assessments" /> : state.status === "error" ? <Failed what="analyst assessments" error={state.error} /> : <Ready data={state.data} countryName={countryName} />}
    </section>
  );
}

function Ready({ data, countryName }: { data: CountryAssessments; countryName: string }) {
  const latest = latestPerFramework(data.assessments);
  const d = data.disagreement;
  return (
    <>
      {d.flag ? (
        <div className="disagreement-flag" role="note" aria-labelledby="flag-h">
          <p id="flag-h" className="flag-title">
            <span aria-hidden="true">⚑ </span>
            {d.flag === "analyst-higher" ? "Analysts see more risk than the statistical model" : "Analysts see less risk than the statistical model"}
          </p>
          <p>{d.explanation}</p>
          <p className="note">
            Flag rule: analysts' newest sufficient published score ≥ 0.6 (high) or ≤ 0.25 (low) against the model's rank: top 30 is high, below max(60, half the ranked countries) is low. Only strong opposites raise it.
          </p>
        </div>
      ) : (
        latest.length > 0 && <p className="note">{d.explanation}</p>
      )}
      {latest.length === 0 ? (
        <p>No published analyst assessment of {countryName}.</p>
      ) : (
        latest.map((p) => (
          <div key={p.id} className="published-assessment">
            <h3 dir="auto">{p.framework.name}: {p.title}{p.situation ? ` — ${p.situation}` : ""}</h3>
            <p className="note">Version {p.version}, assessed on {p.assessedOn}, published {p.publishedAt.slice(0, 10)}.</p>
            <OverallScore synthesis={p.synthesis} />
            {p.content.summary && <p dir="auto" className="summary-text">{p.content.summary}</p>}
            <FactorBars synthesis={p.synthesis} label={`${p.framework.name} factor scores for ${countryName}`} />
          </div>
        ))
      )}
      <p className="note"><Link to={`/assessments?country=${data.iso3}`}>Work on assessments of {countryName}</Link> (analysts, signed in).</p>
    </>
  );
}
