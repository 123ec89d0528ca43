/** Small pieces shared by the assessment pages and the country panel: links, factor bars, read-only answers. */
import type { MouseEvent, ReactNode } from "react";
import { navigate } from "../navigation.ts";
import type { EvidenceArchive, Framework, IndicatorAnswer, Synthesis } from "./client.ts";
import { ANSWER_LABEL, CONFIDENCE_LABEL, formatScore, LEVEL_LABEL } from "./lib.ts";
import { fmtDateTime, fmtNumber, frameworkText, t, tDynamic } from "../i18n/i18n.ts";

/** An in-app link: a real `href` (opens in a new tab, works without script) that navigates without a reload. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} className={className}>{children}</a>;
}

/**
 * Factor scores as horizontal bars with the numbers in text (the bars are decoration; the text
 * carries the meaning for screen readers and print).
 */
export function FactorBars({ synthesis, label, frameworkKey }: { synthesis: Synthesis; label: string; frameworkKey: string }) {
  return (
    <ul className="factor-bars" aria-label={label}>
      {synthesis.factors.map((f) => {
        const name = frameworkText(frameworkKey, `f${f.factorId}.name`, f.name);
        return (
        <li key={f.factorId}>
          <span className="factor-name" dir="auto" {...name.attrs}>{f.factorId}. {name.text}</span>
          <span className="bar-track" aria-hidden="true">
            {f.score !== null && <span className={`bar-fill level-${f.level}`} style={{ inlineSize: `${Math.max(2, f.score * 100)}%` }} />}
          </span>
          <span className="factor-value">
            {f.score === null ? t("assess.notScored") : `${formatScore(f.score)} ${LEVEL_LABEL[f.level!].toLowerCase()}`} · {t("assess.known", { known: f.known, total: f.indicators })}
          </span>
        </li>
        );
      })}
    </ul>
  );
}

/** The overall line of a synthesis. */
export function OverallScore({ synthesis }: { synthesis: Synthesis }) {
  if (synthesis.score === null) return <p className="overall">{t("assess.overallNone")}</p>;
  return (
    <p className="overall">
      {t("assess.overall")} <strong className={`level-text level-${synthesis.level}`}>{LEVEL_LABEL[synthesis.level!]}</strong>{" "}
      {t("assess.overallDetail", { score: formatScore(synthesis.score), coverage: fmtNumber(Math.round(synthesis.coverage * 100)), sufficient: synthesis.sufficient ? "yes" : "no" })}
    </p>
  );
}

/** The state of an archived copy, in words. */
export function ArchiveState({ archive, assessmentId }: { archive: EvidenceArchive | undefined; assessmentId?: string }) {
  if (!archive) return <span className="archive none">{t("archive.none")}</span>;
  if (archive.status === "failed") return <span className="archive failed">{t("archive.failed")} <span lang="en">{archive.error ?? t("archive.unknownReason")}</span></span>;
  return (
    <span className="archive ok">
      {t("archive.ok", { when: fmtDateTime(archive.fetchedAt) })} · <bdi translate="no">{archive.contentType ?? t("archive.unknownType")}</bdi> · {archive.bytes === null || archive.bytes === undefined ? "?" : t("archive.bytes", { n: archive.bytes })} · SHA-256 <code title={archive.sha256}>{archive.sha256?.slice(0, 12)}…</code>
      {assessmentId && archive.sha256 && <> · <a href={`/api/assessments/${assessmentId}/evidence/${archive.sha256}`} download>{t("archive.download")}</a></>}
    </span>
  );
}

function evidenceText(l: IndicatorAnswer["evidence"][number], assessmentId: string): ReactNode {
  if (l.kind === "url") {
    return (
      <>
        <a href={l.ref} rel="noopener noreferrer nofollow" target="_blank">{l.ref}</a> <ArchiveState archive={l.archive} assessmentId={assessmentId} />
      </>
    );
  }
  return <span>{tDynamic(`evidence.kind.${l.kind}`, l.kind)} <bdi translate="no">{l.ref}</bdi></span>;
}

/**
 * A built-in framework's text in the reader's language (`frameworkText`); an unknown framework's text
 * as the server sent it, isolated and marked English.
 */
export function FrameworkText({ frameworkKey, part, english, prefix = "" }: { frameworkKey: string; part: string; english: string; prefix?: string }) {
  const { text, attrs } = frameworkText(frameworkKey, part, english);
  return attrs.lang ? <bdi dir="auto" {...attrs}>{prefix}{text}</bdi> : <span dir="auto">{prefix}{text}</span>;
}

/** Every answer of a version, factor by factor, read-only. */
export function AnswersTable({ framework, answers, assessmentId }: { framework: Framework; answers: Record<string, IndicatorAnswer>; assessmentId: string }) {
  return (
    <>
      {framework.factors.map((f) => (
        <section key={f.id} className="factor-answers" aria-labelledby={`ro-factor-${f.id}`}>
          <h3 id={`ro-factor-${f.id}`} dir="auto"><FrameworkText frameworkKey={framework.key} part={`f${f.id}.name`} english={f.name} prefix={`${f.id}. `} /></h3>
          <div className="scroll" role="region" aria-labelledby={`ro-factor-${f.id}`} tabIndex={0}>
            <table>
              <thead><tr><th scope="col">{t("assessPage.indicator")}</th><th scope="col">{t("answers.answer")}</th><th scope="col">{t("fill.confidence")}</th><th scope="col">{t("answers.rationale")}</th></tr></thead>
              <tbody>
                {f.indicators.map((i) => {
                  const a = answers[i.id];
                  return (
                    <tr key={i.id}>
                      <th scope="row" className="indicator-cell" dir="auto"><FrameworkText frameworkKey={framework.key} part={`indicator.${i.id}.text`} english={i.text} prefix={`${i.id} `} /></th>
                      <td>{a ? ANSWER_LABEL[a.answer] : <em>{t("assessPage.unanswered")}</em>}</td>
                      <td>{a ? CONFIDENCE_LABEL[a.confidence] : "—"}</td>
                      <td dir="auto">
                        <bdi dir="auto">{a?.rationale || "—"}</bdi>
                        {a && a.evidence.length > 0 && <ul className="evidence-list">{a.evidence.map((l, k) => <li key={k}>{evidenceText(l, assessmentId)}</li>)}</ul>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
