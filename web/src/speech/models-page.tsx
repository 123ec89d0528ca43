/**
 * Speech models of the signed-in organisation (issue 18 part 4): train a model from a labelled
 * CSV, look at its cross-validated scores and confusion matrix, activate it for this organisation
 * only, and roll back to the previous one. Plain fetch (the routes are new; the typed client's
 * generated schema is shared with other pages).
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { csrfToken } from "../api.ts";

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
    const e = (json as { error?: { message?: string; details?: { field?: string } } } | null)?.error;
    throw new Error(e?.message ? `${e.message}${e.details?.field ? ` (field ${e.details.field})` : ""}` : `HTTP ${r.status}`);
  }
  return json as T;
}

const pct = (x: number) => x.toFixed(3);

/** Cross-validated scores and the confusion matrix of one model. */
function Scores({ model }: { model: OrgModel }) {
  const cv = model.crossValidation;
  if (!cv) return <p>No cross-validated scores stored for this model.</p>;
  const labels = model.labels;
  return (
    <section aria-label={`Cross-validated scores of ${model.name}`} className="cv">
      <h3>Cross-validated scores ({cv.folds} folds over the {model.trainingRows ?? "?"} training rows)</h3>
      <p>Macro-F1 <strong data-testid="cv-macro-f1">{pct(cv.macroF1)}</strong>, accuracy {pct(cv.accuracy)}. Training data SHA-256 <code>{model.dataSha256.slice(0, 16)}…</code>.</p>
      <table>
        <caption>Per class</caption>
        <thead><tr><th scope="col">Label</th><th scope="col">Rows</th><th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">F1</th></tr></thead>
        <tbody>
          {labels.map((l) => (
            <tr key={l}><th scope="row">{l}</th><td>{model.labelCounts?.[l] ?? ""}</td><td>{pct(cv.perClass[l]?.precision ?? 0)}</td><td>{pct(cv.perClass[l]?.recall ?? 0)}</td><td>{pct(cv.perClass[l]?.f1 ?? 0)}</td></tr>
          ))}
        </tbody>
      </table>
      <table aria-label="Confusion matrix">
        <caption>Confusion matrix (rows: true label, columns: predicted)</caption>
        <thead><tr><th scope="col">true \ predicted</th>{labels.map((l) => <th key={l} scope="col">{l}</th>)}</tr></thead>
        <tbody>
          {cv.confusionMatrix.map((row, i) => (
            <tr key={labels[i] ?? i}><th scope="row">{labels[i]}</th>{row.map((n, j) => <td key={j}>{n}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The page at `/speech/models`. */
export function SpeechModelsPage() {
  const [list, setList] = useState<ModelList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [trained, setTrained] = useState<OrgModel | null>(null);
  const [textColumn, setTextColumn] = useState("text");
  const [labelColumn, setLabelColumn] = useState("label");
  const [file, setFile] = useState<File | null>(null);

  const reload = useCallback(async () => {
    try {
      setList(await call<ModelList>("GET", "/api/speech/org-models"));
    } catch (e) {
      setError((e as Error).message);
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
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const train = (e: FormEvent) => {
    e.preventDefault();
    if (!file) { setError("Choose a CSV file first."); return; }
    void run("Training (cross-validation runs first; this can take a while)…", async () => {
      const csv = await file.text();
      setTrained(await call<OrgModel>("POST", "/api/speech/org-models/train", { name: file.name, csv, textColumn, labelColumn }));
    });
  };
  const activate = (id: number) => run("Activating…", async () => { await call("POST", `/api/speech/org-models/${id}/activate`); setTrained(null); });
  const rollback = () => run("Rolling back…", async () => { await call("POST", "/api/speech/org-models/rollback"); });

  const active = list?.models.find((m) => m.active);
  const previous = list?.models.find((m) => m.previous);
  return (
    <div className="speech-models">
      <h1>Speech models</h1>
      <p>
        Your organisation analyses texts with{" "}
        <strong data-testid="active-model">{active ? `${active.name} (#${active.id})` : "no model (lexicon only)"}</strong>
        {list?.usesSharedDefault ? " — the shared default" : ""}. Other organisations are not affected by what you train or activate here.
      </p>
      {error && <p role="alert" className="error">{error}</p>}
      {busy && <p role="status">{busy}</p>}

      <form onSubmit={train} aria-label="Train a model">
        <h2>Train a model for your language</h2>
        <p>A CSV with a header row, one text and one label per row (at least 4 rows per label). Nothing changes until you activate it.</p>
        <label>Labelled CSV <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
        <label>Text column <input value={textColumn} onChange={(e) => setTextColumn(e.target.value)} /></label>
        <label>Label column <input value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} /></label>
        <button type="submit" disabled={busy !== null}>Train</button>
      </form>

      {trained && (
        <section aria-label="Trained model">
          <h2>Trained: {trained.name} (#{trained.id})</h2>
          <Scores model={trained} />
          <button type="button" onClick={() => void activate(trained.id)} disabled={busy !== null}>Activate this model</button>
        </section>
      )}

      <h2>Models</h2>
      {previous && <button type="button" onClick={() => void rollback()} disabled={busy !== null}>Roll back to {previous.name} (#{previous.id})</button>}
      <table aria-label="Models">
        <thead><tr><th scope="col">Model</th><th scope="col">Owner</th><th scope="col">Rows</th><th scope="col">Labels</th><th scope="col">CV macro-F1</th><th scope="col">Status</th><th scope="col"><span className="visually-hidden">Action</span></th></tr></thead>
        <tbody>
          {list?.models.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.name} (#{m.id})</th>
              <td>{m.owner === "shared" ? "shared" : "yours"}</td>
              <td>{m.trainingRows ?? ""}</td>
              <td>{m.labelCounts ? Object.entries(m.labelCounts).map(([l, n]) => `${l} ${n}`).join(", ") : m.labels.join(", ")}</td>
              <td>{m.crossValidation ? pct(m.crossValidation.macroF1) : ""}</td>
              <td>{m.active ? "active" : m.previous ? "previous" : ""}</td>
              <td>{!m.active && <button type="button" onClick={() => void activate(m.id)} disabled={busy !== null}>Activate #{m.id}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
