/**
 * Speech models of the signed-in organisation (issue 18 part 4): train a model from a labelled
 * CSV, look at its cross-validated scores and confusion matrix, activate it for this organisation
 * only, and roll back to the previous one. Plain fetch (the routes are new; the typed client's
 * generated schema is shared with other pages).
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { ApiError, csrfToken } from "../api.ts";
import { errorText } from "../i18n/errors.ts";
import { fmtNumber, t } from "../i18n/i18n.ts";

interface ClassScore { precision: number; recall: number; f1: number; support: number }
interface CrossValidation { folds: number; macroF1: number; accuracy: number; perClass: Record<string, ClassScore>; confusionMatrix: number[][] }
interface OrgModel {
  id: number; name: string; owner: "organisation" | "shared"; labels: string[]; dataSha256: string; trainingRows: number | null;
  labelCounts: Record<string, number> | null; crossValidation: CrossValidation | null; createdBy: string; createdAt: string; active: boolean; previous: boolean;
}
interface ModelList { models: OrgModel[]; activeModelId: number | null; usesSharedDefault: boolean }

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const token = csrfToken();
  if (token) headers["x-csrf-token"] = token;
  const r = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await r.json().catch(() => null)) as unknown;
  if (!r.ok) {
    // Error bodies are {error: {code, message, details?: {field}}} (src/interfaces/http/error-body.ts).
    // A known code is shown in the reader's language (errorText), else the server's English with the field it names.
    const e = (json as { error?: { code?: string; message?: string; details?: { field?: string } } } | null)?.error;
    throw new ApiError(e?.message ? `${e.message}${e.details?.field ? ` (${e.details.field})` : ""}` : `HTTP ${r.status}`, r.status, e?.code ?? "http");
  }
  return json as T;
}

/** A score (0–1) with three decimals, in the reader's digits. */
const pct = (x: number) => fmtNumber(x, { minimumFractionDigits: 3, maximumFractionDigits: 3 });

/** Cross-validated scores and the confusion matrix of one model. */
function Scores({ model }: { model: OrgModel }) {
  const cv = model.crossValidation;
  if (!cv) return <p>{t("models.noScores")}</p>;
  const labels = model.labels;
  return (
    <section aria-label={t("models.scoresOf", { name: model.name })} className="cv">
      <h3>{t("models.scores", { folds: cv.folds, rows: model.trainingRows ?? 0 })}</h3>
      <p>{t("models.macroF1")} <strong data-testid="cv-macro-f1">{pct(cv.macroF1)}</strong>, {t("models.accuracy", { value: pct(cv.accuracy) })} {t("models.dataHash")} <code>{model.dataSha256.slice(0, 16)}…</code></p>
      <table>
        <caption>{t("models.perClass")}</caption>
        <thead><tr><th scope="col">{t("models.label")}</th><th scope="col">{t("models.rows")}</th><th scope="col">{t("models.precision")}</th><th scope="col">{t("models.recall")}</th><th scope="col">{t("models.f1")}</th></tr></thead>
        <tbody>
          {labels.map((l) => (
            <tr key={l}><th scope="row"><bdi translate="no">{l}</bdi></th><td>{model.labelCounts?.[l] !== undefined ? fmtNumber(model.labelCounts[l]) : ""}</td><td>{pct(cv.perClass[l]?.precision ?? 0)}</td><td>{pct(cv.perClass[l]?.recall ?? 0)}</td><td>{pct(cv.perClass[l]?.f1 ?? 0)}</td></tr>
          ))}
        </tbody>
      </table>
      <table aria-label={t("models.confusion")}>
        <caption>{t("models.confusionCaption")}</caption>
        <thead><tr><th scope="col">{t("models.trueVsPredicted")}</th>{labels.map((l) => <th key={l} scope="col"><bdi translate="no">{l}</bdi></th>)}</tr></thead>
        <tbody>
          {cv.confusionMatrix.map((row, i) => (
            <tr key={labels[i] ?? i}><th scope="row"><bdi translate="no">{labels[i]}</bdi></th>{row.map((n, j) => <td key={j}>{fmtNumber(n)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The page at `/speech/models`. */
export function SpeechModelsPage() {
  const [list, setList] = useState<ModelList | null>(null);
  /** What went wrong: in the reader's language, with the server's own (English) detail when it says more. */
  const [error, setError] = useState<{ text: string; detail?: string } | null>(null);
  const fail = (e: unknown) => {
    const text = errorText(e);
    setError({ text, detail: e instanceof ApiError && e.message !== text ? e.message : undefined });
  };
  const [busy, setBusy] = useState<string | null>(null);
  const [trained, setTrained] = useState<OrgModel | null>(null);
  const [textColumn, setTextColumn] = useState("text");
  const [labelColumn, setLabelColumn] = useState("label");
  const [file, setFile] = useState<File | null>(null);

  const reload = useCallback(async () => {
    try {
      setList(await call<ModelList>("GET", "/api/speech/org-models"));
    } catch (e) {
      fail(e);
    }
  }, []);
  useEffect(() => { void reload(); }, [reload]);

  const run = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await f();
      await reload();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const train = (e: FormEvent) => {
    e.preventDefault();
    if (!file) { setError({ text: t("models.chooseFile") }); return; }
    void run(t("models.training"), async () => {
      const csv = await file.text();
      setTrained(await call<OrgModel>("POST", "/api/speech/org-models/train", { name: file.name, csv, textColumn, labelColumn }));
    });
  };
  const activate = (id: number) => run(t("models.activating"), async () => { await call("POST", `/api/speech/org-models/${id}/activate`); setTrained(null); });
  const rollback = () => run(t("models.rollingBack"), async () => { await call("POST", "/api/speech/org-models/rollback"); });

  const active = list?.models.find((m) => m.active);
  const previous = list?.models.find((m) => m.previous);
  return (
    <div className="speech-models">
      <h1>{t("models.title")}</h1>
      <p>
        {t("models.uses")}{" "}
        <strong data-testid="active-model">{active ? <bdi dir="auto">{`${active.name} (#${active.id})`}</bdi> : t("models.noModel")}</strong>
        {list?.usesSharedDefault ? ` — ${t("models.sharedDefault")}` : ""}. {t("models.othersUnaffected")}
      </p>
      {error && <p role="alert" className="error">{error.text}{error.detail ? <> <span lang="en">({error.detail})</span></> : null}</p>}
      {busy && <p role="status">{busy}</p>}

      <form onSubmit={train} aria-label={t("models.train.title")}>
        <h2>{t("models.train.heading")}</h2>
        <p>{t("models.train.help")}</p>
        <label>{t("models.train.csv")} <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
        <label>{t("models.train.textColumn")} <input value={textColumn} onChange={(e) => setTextColumn(e.target.value)} /></label>
        <label>{t("models.train.labelColumn")} <input value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} /></label>
        <button type="submit" disabled={busy !== null}>{t("models.train.submit")}</button>
      </form>

      {trained && (
        <section aria-label={t("models.trained.label")}>
          <h2>{t("models.trained.heading")} <bdi dir="auto">{`${trained.name} (#${trained.id})`}</bdi></h2>
          <Scores model={trained} />
          <button type="button" onClick={() => void activate(trained.id)} disabled={busy !== null}>{t("models.activateThis")}</button>
        </section>
      )}

      <h2>{t("models.list")}</h2>
      {previous && <button type="button" onClick={() => void rollback()} disabled={busy !== null}>{t("models.rollBack", { name: `${previous.name} (#${previous.id})` })}</button>}
      <table aria-label={t("models.list")}>
        <thead><tr><th scope="col">{t("models.col.model")}</th><th scope="col">{t("models.col.owner")}</th><th scope="col">{t("models.rows")}</th><th scope="col">{t("models.col.labels")}</th><th scope="col">{t("models.col.cv")}</th><th scope="col">{t("models.col.status")}</th><th scope="col"><span className="visually-hidden">{t("models.col.action")}</span></th></tr></thead>
        <tbody>
          {list?.models.map((m) => (
            <tr key={m.id}>
              <th scope="row"><bdi dir="auto">{`${m.name} (#${m.id})`}</bdi></th>
              <td>{m.owner === "shared" ? t("models.owner.shared") : t("models.owner.yours")}</td>
              <td>{m.trainingRows === null ? "" : fmtNumber(m.trainingRows)}</td>
              <td><bdi translate="no">{m.labelCounts ? Object.entries(m.labelCounts).map(([l, n]) => `${l} ${fmtNumber(n)}`).join(", ") : m.labels.join(", ")}</bdi></td>
              <td>{m.crossValidation ? pct(m.crossValidation.macroF1) : ""}</td>
              <td>{m.active ? t("models.state.active") : m.previous ? t("models.state.previous") : ""}</td>
              <td>{!m.active && <button type="button" onClick={() => void activate(m.id)} disabled={busy !== null}>{t("models.activate", { id: m.id })}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
