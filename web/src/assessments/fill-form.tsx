/**
 * Filling a draft: the framework factor by factor, each indicator with its answer, confidence,
 * rationale and evidence links; save, archive evidence URLs, submit. The author sees the server's
 * own words when it refuses something (e.g. which indicator still needs a rationale).
 */
import { useState } from "react";
import { assessmentsApi, type Assessment, type Framework, type IndicatorAnswer } from "./client.ts";
import { ANSWER_LABEL, markRestUnknown, progress } from "./lib.ts";
import { ArchiveState } from "./parts.tsx";

type Link = IndicatorAnswer["evidence"][number];
const KINDS: readonly { kind: Link["kind"]; label: string; hint: string }[] = [
  { kind: "url", label: "Web page (URL)", hint: "https://…" },
  { kind: "report", label: "Report", hint: "report id (UUID)" },
  { kind: "event", label: "Event", hint: "ged:123456" },
  { kind: "speech", label: "Speech item", hint: "speech item id" },
  { kind: "forecast", label: "Forecast", hint: "run id:ISO3, e.g. 3:MMR" },
  { kind: "episode", label: "EWP episode", hint: "episode code" },
];
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

  const onSave = () => run("save", async () => [await save(), "Draft saved."]);
  const onArchive = () =>
    run("archive", async () => {
      await save();
      const r = await assessmentsApi.archive(assessment.id);
      const ok = r.archived.filter((x) => x.archive.status === "archived").length;
      return [await assessmentsApi.get(assessment.id), `Draft saved. Archived ${ok} of ${r.archived.length} web page${r.archived.length === 1 ? "" : "s"}${r.remaining ? `; ${r.remaining} left, archive again` : ""}.`];
    });
  const onSubmit = () =>
    run("submit", async () => {
      await save();
      return [await assessmentsApi.submit(assessment.id), "Submitted for review by a second analyst."];
    });

  return (
    <form className="fill" onSubmit={(e) => { e.preventDefault(); void onSave(); }} aria-labelledby="fill-title">
      <h2 id="fill-title">Fill the assessment</h2>
      <p className="note">
        Answer each indicator: absent, present, strongly present, or unknown when you cannot tell (unknowns lower the coverage, never the score). Give your confidence, a
        rationale, and the evidence. To submit, every indicator needs an answer and a rationale. {p.answered} of {p.total} answered, {p.withRationale} with a rationale.
      </p>
      <div className="row">
        <label>Assessed on <input type="date" value={assessedOn} onChange={(e) => setAssessedOn(e.target.value)} required /></label>
      </div>
      <label className="block">Summary <textarea value={summary} onChange={(e) => setSummary(e.target.value)} rows={4} maxLength={20000} dir="auto" /></label>

      {framework.factors.map((f, fi) => {
        const done = f.indicators.filter((i) => answers[i.id]).length;
        return (
          <details key={f.id} className="factor" open={fi === 0}>
            <summary><span dir="auto">{f.id}. {f.name}</span> <span className="count">— {done} of {f.indicators.length} answered</span></summary>
            {f.description && <p className="note" dir="auto">{f.description}</p>}
            {f.indicators.map((i) => {
              const a = answers[i.id];
              return (
                <fieldset key={i.id} className="indicator" data-indicator={i.id}>
                  <legend dir="auto"><strong>{i.id}</strong> {i.text}</legend>
                  <p className="guidance note" dir="auto">{i.guidance}</p>
                  <div className="answers" role="radiogroup" aria-label={`Answer to ${i.id}`}>
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
                          Confidence{" "}
                          <select value={a.confidence} onChange={(e) => setAnswer(i.id, { confidence: e.target.value as IndicatorAnswer["confidence"] })}>
                            <option value="low">low</option><option value="medium">medium</option><option value="high">high</option>
                          </select>
                        </label>
                        <button type="button" className="link-button" onClick={() => setAnswers((prev) => { const next = { ...prev }; delete next[i.id]; return next; })}>
                          Clear answer to {i.id}
                        </button>
                      </div>
                      <label className="block">Rationale for {i.id} <textarea value={a.rationale} rows={2} maxLength={10000} dir="auto" onChange={(e) => setAnswer(i.id, { rationale: e.target.value })} /></label>
                      <EvidenceEditor id={i.id} assessmentId={assessment.id} links={a.evidence} onChange={(f2) => setLinks(i.id, f2)} />
                    </>
                  )}
                </fieldset>
              );
            })}
          </details>
        );
      })}

      {error && <p className="status error server-refusal" role="alert">The server refused: {error}</p>}
      <div className="actions">
        <button type="submit" disabled={busy !== null}>{busy === "save" ? "Saving…" : "Save draft"}</button>
        <button type="button" onClick={() => setAnswers((prev) => markRestUnknown(framework, prev))} disabled={busy !== null || p.answered === p.total}>
          Mark the {p.total - p.answered} unanswered as unknown
        </button>
        <button type="button" onClick={onArchive} disabled={busy !== null}>{busy === "archive" ? "Archiving…" : "Save and archive web evidence"}</button>
        <button type="button" className="primary" onClick={onSubmit} disabled={busy !== null}>{busy === "submit" ? "Submitting…" : "Save and submit for review"}</button>
      </div>
    </form>
  );
}

function EvidenceEditor({ id, assessmentId, links, onChange }: { id: string; assessmentId: string; links: Link[]; onChange: (f: (links: Link[]) => Link[]) => void }) {
  return (
    <div className="evidence">
      <p className="evidence-title">Evidence for {id}{links.length ? "" : ": none yet"}</p>
      {links.length > 0 && (
        <ol>
          {links.map((l, k) => (
            <li key={k} className="evidence-row">
              <label>
                Kind{" "}
                <select value={l.kind} onChange={(e) => onChange((ls) => ls.map((x, j) => (j === k ? { kind: e.target.value as Link["kind"], ref: x.ref } : x)))}>
                  {KINDS.map((o) => <option key={o.kind} value={o.kind}>{o.label}</option>)}
                </select>
              </label>
              <label>
                Reference{" "}
                <input value={l.ref} placeholder={KINDS.find((o) => o.kind === l.kind)?.hint} maxLength={2000} onChange={(e) => onChange((ls) => ls.map((x, j) => (j === k ? { kind: x.kind, ref: e.target.value, ...(x.note ? { note: x.note } : {}) } : x)))} />
              </label>
              <button type="button" className="link-button" onClick={() => onChange((ls) => ls.filter((_, j) => j !== k))}>Remove evidence {k + 1} of {id}</button>
              {l.kind === "url" && <ArchiveState archive={l.archive} assessmentId={assessmentId} />}
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="link-button" onClick={() => onChange((ls) => [...ls, { kind: "url", ref: "" }])} disabled={links.length >= 50}>Add evidence to {id}</button>
    </div>
  );
}
