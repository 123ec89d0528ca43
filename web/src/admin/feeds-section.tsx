import { useState, type FormEvent } from "react";
import { ApiError, client, unwrap, type ApiResponse } from "../api.ts";
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";

/** A feed with its health, as `GET /api/feeds` gives it (credentials never included). */
type Feed = ApiResponse<"/api/feeds">["feeds"][number];

const SOURCES = ["gdelt", "rss", "ucdp-ged-api", "ucdp-ged-csv", "acled", "ewp"] as const;
/** The settings each source asks for in the add form (see docs/feeds.md); other settings keep their defaults. */
const FIELDS: Record<(typeof SOURCES)[number], { config: string[]; credentials: string[] }> = {
  gdelt: { config: [], credentials: [] },
  rss: { config: ["url", "country", "language"], credentials: [] },
  "ucdp-ged-api": { config: ["version", "country"], credentials: ["token"] },
  "ucdp-ged-csv": { config: ["url"], credentials: [] },
  acled: { config: ["country"], credentials: ["username", "password"] },
  ewp: { config: [], credentials: [] },
};

function message(e: unknown): string {
  return e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "never";
}

/** Health in words: paused (why), stale, failing, or fine. */
export function feedState(f: Pick<Feed, "paused" | "pausedReason" | "stale" | "lastError" | "lastErrorAt" | "lastSuccessAt">): string {
  if (f.paused) return `Paused: ${f.pausedReason ?? "by an admin"}`;
  if (f.stale) return "Stale: silent longer than expected";
  if (f.lastError && (!f.lastSuccessAt || (f.lastErrorAt ?? "") > f.lastSuccessAt)) return `Failing: ${f.lastError}`;
  return "OK";
}

/** Admin page: the organisation's live feeds with their health; add, pause/resume, run now, remove. */
export function FeedsSection() {
  const [version, setVersion] = useState(0);
  const feeds = useAsync(`feeds:${version}`, () => unwrap(client.GET("/api/feeds")));
  const [source, setSource] = useState<(typeof SOURCES)[number]>("gdelt");
  const [status, setStatus] = useState<string | null>(null);
  const refresh = () => setVersion((v) => v + 1);

  async function act(f: Feed, action: "pause" | "resume" | "run" | "remove") {
    try {
      if (action === "remove") {
        if (!window.confirm(`Remove the feed “${f.name}”? The rows it added stay.`)) return;
        await unwrap(client.DELETE("/api/feeds/{id}", { params: { path: { id: f.id } } }));
        setStatus(`Removed ${f.name}.`);
      } else if (action === "run") {
        setStatus(`Running ${f.name}…`);
        const { run } = await unwrap(client.POST("/api/feeds/{id}/run", { params: { path: { id: f.id } } }));
        setStatus(`${f.name}: ${run.status}${run.error ? ` (${run.error})` : run.note ? ` (${run.note})` : ""}, ${run.rowsAdded} rows added${run.levelChanges ? `, ${run.levelChanges} level change(s)` : ""}.`);
      } else {
        await unwrap(client.POST(action === "pause" ? "/api/feeds/{id}/pause" : "/api/feeds/{id}/resume", { params: { path: { id: f.id } } }));
        setStatus(`${action === "pause" ? "Paused" : "Resumed"} ${f.name}.`);
      }
      refresh();
    } catch (err) {
      setStatus(`${f.name}: ${message(err)}`);
    }
  }

  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const pick = (names: string[], prefix: string) =>
      Object.fromEntries(names.map((n) => [n, String(data.get(`${prefix}${n}`) ?? "").trim()]).filter(([, v]) => v !== ""));
    const schedule = String(data.get("schedule") ?? "").trim();
    try {
      const credentials = pick(FIELDS[source].credentials, "cred-");
      await unwrap(client.POST("/api/feeds", {
        body: { name: String(data.get("name")), source, config: pick(FIELDS[source].config, "cfg-"), ...(schedule ? { schedule } : {}), ...(Object.keys(credentials).length ? { credentials } : {}) },
      }));
      form.reset();
      setStatus("Feed added; its first run is due now.");
      refresh();
    } catch (err) {
      setStatus(`Not added: ${message(err)}`);
    }
  }

  return (
    <>
      {feeds.status === "loading" ? <Loading what="feeds" /> : feeds.status === "error" ? <Failed what="feeds" error={feeds.error} /> : (
        <div className="scroll" tabIndex={0} role="region" aria-label="Feeds">
          <table>
            <caption>{feeds.data.feeds.length} feed{feeds.data.feeds.length === 1 ? "" : "s"}</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Source</th><th scope="col">Schedule</th><th scope="col">Health</th><th scope="col">Last success</th><th scope="col">Lag</th><th scope="col">Rows added</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {feeds.data.feeds.map((f) => (
                <tr key={f.id}>
                  <td><bdi dir="auto">{f.name}</bdi></td><td><code>{f.source}</code></td><td><code>{f.schedule}</code></td>
                  <td>{feedState(f)}</td><td>{when(f.lastSuccessAt)}</td><td>{f.lagMinutes} min</td><td>{f.rowsAdded} (last run {f.lastRowsAdded})</td>
                  <td className="row">
                    <button type="button" onClick={() => void act(f, "run")} aria-label={`Run ${f.name} now`}>Run now</button>
                    {f.paused
                      ? <button type="button" onClick={() => void act(f, "resume")} aria-label={`Resume ${f.name}`}>Resume</button>
                      : <button type="button" onClick={() => void act(f, "pause")} aria-label={`Pause ${f.name}`}>Pause</button>}
                    <button type="button" onClick={() => void act(f, "remove")} aria-label={`Remove ${f.name}`}>Remove</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Add a feed</h2>
      <form className="stack" onSubmit={add}>
        <div className="row">
          <label>Name <input name="name" required maxLength={100} dir="auto" /></label>
          <label>Source
            <select name="source" value={source} onChange={(e) => setSource(e.target.value as (typeof SOURCES)[number])}>
              {SOURCES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <label>Schedule (empty: the source's default) <input name="schedule" maxLength={100} placeholder="*/15 * * * *" /></label>
        </div>
        {FIELDS[source].config.length > 0 && (
          <div className="row">
            {FIELDS[source].config.map((n) => <label key={n}>{n} <input name={`cfg-${n}`} required={n === "url" || n === "version" || (source === "rss" && n === "country")} /></label>)}
          </div>
        )}
        {FIELDS[source].credentials.length > 0 && (
          <fieldset>
            <legend>Credentials (encrypted, never shown again)</legend>
            <div className="row">
              {FIELDS[source].credentials.map((n) => <label key={n}>{n} <input name={`cred-${n}`} type={n === "username" ? "text" : "password"} autoComplete="off" required /></label>)}
            </div>
          </fieldset>
        )}
        <button type="submit">Add feed</button>
      </form>
      {status && <p className="status" role="status">{status}</p>}
    </>
  );
}
