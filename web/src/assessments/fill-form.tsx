/**
 * Filling a draft: the framework factor by factor, each indicator with its answer, confidence,
 * rationale and evidence links; save, archive evidence URLs, submit. The author sees the server's
 * own words when it refuses something (e.g. which indicator still needs a rationale).
 */
import { useState } from "react";
import { assessmentsApi, type Assessment, type Framework, type IndicatorAnswer } from "./client.ts";
import { frameworkText, t } from "../i18n/i18n.ts";
import { ANSWER_LABEL, CONFIDENCE_LABEL, markRestUnknown, progress } from "./lib.ts";
import { ArchiveState } from "./parts.tsx";

type Link = IndicatorAnswer["evidence"][number];
/** Evidence kinds with their label and the reference's hint, read in the current language. */
const KINDS: readonly Link["kind"][] = ["url", "report", "event", "speech", "forecast", "episode"];
const kindLabel = (k: Link["kind"]) => t(`evidence.kind.${k}`);
const kindHint = (k: Link["kind"]) => t(`evidence.hint.${k}`);
const ANSWERS = ["absent", "present", "strongly_present", "unknown"] as const;

/** The form for the author's open draft. `onSaved` receives the server's new state. */
export function FillForm({ assessment, framework, onSaved }: { assessment: Assessment; framework: Framework; onSaved: (a: Assessment, message: string) => void }) {
  const v = assessment.latest;
  const [assessedOn, setAssessedOn] = useState(v.assessedOn);
  const [summary, setSummary] = useState(v.content.summary);
  const [answers, setAnswers] = useState<Record<string, IndicatorAnswer>>(v.content.answers);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const p = progress(framework, answers);

  const setAnswer = (id: string, change: Partial<IndicatorAnswer>) =>
    setAnswers((prev) => ({ ...prev, [id]: { ...(prev[id] ?? { answer: "unknown", confidence: "medium", rationale: "", evidence: [] }), ...change } }));
  const setLinks = (id: string, f: (links: Link[]) => Link[]) => setAnswer(id, { evidence: f(answers[id]?.evidence ?? []) });

  async function save(): Promise<Assessment> {
    // Indicators answered on the server but cleared here are removed with null.
    const removed = Object.fromEntries(Object.keys(v.content.answers).filter((id) => !answers[id]).map((id) => [id, null]));
    const clean = Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, { ...a, evidence: a.evidence.filter((l) => l.ref.trim()).map((l) => ({ ...l, ref: l.ref.trim() })) }]));
    return assessmentsApi.update(assessment.id, { assessedOn, summary, answers: { ...clean, ...removed } });
  }

  async function run(what: string, work: () => Promise<[Assessment, string]>) {
    setBusy(what);
    setError(null);
    try {
      const [a, message] = await work();
      onSaved(a, message);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  const onSave = () => run("save", async () => [await save(), t("fill.saved")]);
  const onArchive = () =>
    run("archive", async () => {
      await save();
      const r = await assessmentsApi.archive(assessment.id);
      const ok = r.archived.filter((x) => x.archive.status === "archived").length;
      return [await assessmentsApi.get(assessment.id), t("fill.archived", { ok, total: r.archived.length, remaining: r.remaining ?? 0 })];
    });
  const onSubmit = () =>
    run("submit", async () => {
      await save();
      return [await assessmentsApi.submit(assessment.id), t("fill.submitted")];
    });

  return (
    <form className="fill" onSubmit={(e) => { e.preventDefault(); void onSave(); }} aria-labelledby="fill-title">
      <h2 id="fill-title">{t("fill.title")}</h2>
      <p className="note">
        {t("fill.help")} {t("fill.progress", { answered: p.answered, total: p.total, withRationale: p.withRationale })}
      </p>
      <div className="row">
        <label>{t("assessPage.col.assessedOn")} <input type="date" value={assessedOn} onChange={(e) => setAssessedOn(e.target.value)} required /></label>
      </div>
      <label className="block">{t("assessPage.summary")} <textarea value={summary} onChange={(e) => setSummary(e.target.value)} rows={4} maxLength={20000} dir="auto" /></label>

      {framework.factors.map((f, fi) => {
        const done = f.indicators.filter((i) => answers[i.id]).length;
        const name = frameworkText(framework.key, `f${f.id}.name`, f.name);
        const description = f.description ? frameworkText(framework.key, `f${f.id}.description`, f.description) : null;
        return (
          <details key={f.id} className="factor" open={fi === 0}>
            <summary><span dir="auto" {...name.attrs}>{f.id}. {name.text}</span> <span className="count">— {t("fill.factorProgress", { done, total: f.indicators.length })}</span></summary>
            {description && <p className="note" dir="auto" {...description.attrs}>{description.text}</p>}
            {f.indicators.map((i) => {
              const a = answers[i.id];
              const text = frameworkText(framework.key, `indicator.${i.id}.text`, i.text);
              const guidance = i.guidance ? frameworkText(framework.key, `indicator.${i.id}.guidance`, i.guidance) : null;
              return (
                <fieldset key={i.id} className="indicator" data-indicator={i.id}>
                  <legend dir="auto"><strong>{i.id}</strong> <span {...text.attrs}>{text.text}</span></legend>
                  {guidance && <p className="guidance note" dir="auto" {...guidance.attrs}>{guidance.text}</p>}
                  <div className="answers" role="radiogroup" aria-label={t("fill.answerTo", { id: i.id })}>
                    {ANSWERS.map((ans) => (
                      <label key={ans} className="choice">
                        <input type="radio" name={`answer-${i.id}`} value={ans} checked={a?.answer === ans} onChange={() => setAnswer(i.id, { answer: ans })} /> {ANSWER_LABEL[ans]}
                      </label>
                    ))}
                  </div>
                  {a && (
                    <>
                      <div className="row">
                        <label>
                          {t("fill.confidence")}{" "}
                          <select value={a.confidence} onChange={(e) => setAnswer(i.id, { confidence: e.target.value as IndicatorAnswer["confidence"] })}>
                            {(["low", "medium", "high"] as const).map((c) => <option key={c} value={c}>{CONFIDENCE_LABEL[c]}</option>)}
                          </select>
                        </label>
                        <button type="button" className="link-button" onClick={() => setAnswers((prev) => { const next = { ...prev }; delete next[i.id]; return next; })}>
                          {t("fill.clear", { id: i.id })}
                        </button>
                      </div>
                      <label className="block">{t("fill.rationaleFor", { id: i.id })} <textarea value={a.rationale} rows={2} maxLength={10000} dir="auto" onChange={(e) => setAnswer(i.id, { rationale: e.target.value })} /></label>
                      <EvidenceEditor id={i.id} assessmentId={assessment.id} links={a.evidence} onChange={(f2) => setLinks(i.id, f2)} />
                    </>
                  )}
                </fieldset>
              );
            })}
          </details>
        );
      })}

      {error && <p className="status error server-refusal" role="alert">{t("assessPage.refusedLead")} <span lang="en">{error}</span></p>}
      <div className="actions">
        <button type="submit" disabled={busy !== null}>{busy === "save" ? t("fill.saving") : t("fill.save")}</button>
        <button type="button" onClick={() => setAnswers((prev) => markRestUnknown(framework, prev))} disabled={busy !== null || p.answered === p.total}>
          {t("fill.markUnknown", { n: p.total - p.answered })}
        </button>
        <button type="button" onClick={onArchive} disabled={busy !== null}>{busy === "archive" ? t("fill.archiving") : t("fill.archive")}</button>
        <button type="button" className="primary" onClick={onSubmit} disabled={busy !== null}>{busy === "submit" ? t("fill.submitting") : t("fill.submit")}</button>
      </div>
    </form>
  );
}

function EvidenceEditor({ id, assessmentId, links, onChange }: { id: string; assessmentId: string; links: Link[]; onChange: (f: (links: Link[]) => Link[]) => void }) {
  return (
    <div className="evidence">
      <p className="evidence-title">{links.length ? t("fill.evidenceFor", { id }) : t("fill.evidenceNone", { id })}</p>
      {links.length > 0 && (
        <ol>
          {links.map((l, k) => (
            <li key={k} className="evidence-row">
              <label>
                {t("fill.kind")}{" "}
                <select value={l.kind} onChange={(e) => onChange((ls) => ls.map((x, j) => (j === k ? { kind: e.target.value as Link["kind"], ref: x.ref } : x)))}>
                  {KINDS.map((k) => <option key={k} value={k}>{kindLabel(k)}</option>)}
                </select>
              </label>
              <label>
                {t("fill.reference")}{" "}
                <input value={l.ref} placeholder={kindHint(l.kind)} maxLength={2000} onChange={(e) => onChange((ls) => ls.map((x, j) => (j === k ? { kind: x.kind, ref: e.target.value, ...(x.note ? { note: x.note } : {}) } : x)))} />
              </label>
              <button type="button" className="link-button" onClick={() => onChange((ls) => ls.filter((_, j) => j !== k))}>{t("fill.removeEvidence", { n: k + 1, id })}</button>
              {l.kind === "url" && <ArchiveState archive={l.archive} assessmentId={assessmentId} />}
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="link-button" onClick={() => onChange((ls) => [...ls, { kind: "url", ref: "" }])} disabled={links.length >= 50}>{t("fill.addEvidence", { id })}</button>
    </div>
  );
}
