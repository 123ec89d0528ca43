/**
 * The country page's analyst panel: the newest published assessment per framework with its factor
 * bars, and — prominently — the flag when analysts and the statistical model strongly disagree,
 * with the rule's own explanation (`GET /api/countries/:iso3/assessments`).
 */
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";
import { assessmentsApi, type CountryAssessments } from "./client.ts";
import { latestPerFramework } from "./lib.ts";
import { FactorBars, FrameworkText, Link, OverallScore } from "./parts.tsx";
import { fmtDate, frameworkText, t } from "../i18n/i18n.ts";

/** The panel; renders its own section with a heading. */
export function AssessmentPanel({ iso3, countryName }: { iso3: string; countryName: string }) {
  const state = useAsync(iso3, () => assessmentsApi.countryAssessments(iso3));
  return (
    <section aria-labelledby="assess-h" className="assessment-panel">
      <h2 id="assess-h">{t("assess.panel")}</h2>
      {state.status === "loading" ? <Loading what={t("assess.panelWhat")} /> : state.status === "error" ? <Failed what={t("assess.panelWhat")} error={state.error} /> : <Ready data={state.data} countryName={countryName} />}
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
            {d.flag === "analyst-higher" ? t("assess.flagHigher") : t("assess.flagLower")}
          </p>
          <p lang="en" translate="no">{d.explanation}</p>
          <p className="note">
            {t("assess.flagRule")}
          </p>
        </div>
      ) : (
        latest.length > 0 && <p className="note" lang="en" translate="no">{d.explanation}</p>
      )}
      {latest.length === 0 ? (
        <p>{t("assess.nonePublished", { name: countryName })}</p>
      ) : (
        latest.map((p) => (
          <div key={p.id} className="published-assessment">
            <h3 dir="auto"><FrameworkText frameworkKey={p.framework.key} part="name" english={p.framework.name} />: <bdi>{p.title}</bdi>{p.situation ? <> — <bdi>{p.situation}</bdi></> : null}</h3>
            <p className="note">{t("assess.versionLine", { version: p.version, assessed: fmtDate(p.assessedOn), published: fmtDate(p.publishedAt) })}</p>
            <OverallScore synthesis={p.synthesis} />
            {p.content.summary && <p dir="auto" className="summary-text">{p.content.summary}</p>}
            <FactorBars synthesis={p.synthesis} label={t("assess.factorsFor", { framework: frameworkText(p.framework.key, "name", p.framework.name).text, name: countryName })} frameworkKey={p.framework.key} />
          </div>
        ))
      )}
      <p className="note"><Link to={`/assessments?country=${data.iso3}`}>{t("assess.workOn", { name: countryName })}</Link> {t("assess.analystsOnly")}</p>
    </>
  );
}
