import { useState, type FormEvent } from "react";
import { client, unwrap, type ApiResponse } from "../api.ts";
import { errorText } from "../i18n/errors.ts";
import { fmtDateTime, t } from "../i18n/i18n.ts";
import { useAsync } from "../use-async.ts";
import { AdminTable, Loaded } from "./table.tsx";

/** A feed with its health, as `GET /api/feeds` gives it (credentials never included). */
type Feed = ApiResponse<"/api/feeds">["feeds"][number];

const SOURCES = ["gdelt", "rss", "ucdp-ged-api", "ucdp-ged-csv", "acled", "ewp"] as const;
/** The settings each source asks for in the add form (see docs/feeds.md); other settings keep their defaults. Their names are the configuration's keys, shown as code. */
const FIELDS: Record<(typeof SOURCES)[number], { config: string[]; credentials: string[] }> = {
  gdelt: { config: [], credentials: [] },
  rss: { config: ["url", "country", "language"], credentials: [] },
  "ucdp-ged-api": { config: ["version", "country"], credentials: ["token"] },
  "ucdp-ged-csv": { config: ["url"], credentials: [] },
  acled: { config: ["country"], credentials: ["username", "password"] },
  ewp: { config: [], credentials: [] },
};

function when(iso: string | null): string {
  return iso ? fmtDateTime(iso) : t("feeds.never");
}

/**
 * Health in words: paused (why), stale, failing, or fine. The pause reason and the last error are
 * the server's English (or an admin's words) and come through as placeholder values.
 */
export function feedState(f: Pick<Feed, "paused" | "pausedReason" | "stale" | "lastError" | "lastErrorAt" | "lastSuccessAt">): string {
  if (f.paused) return t("feeds.state.paused", { reason: f.pausedReason ?? t("feeds.state.byAdmin") });
  if (f.stale) return t("feeds.state.stale");
  if (f.lastError && (!f.lastSuccessAt || (f.lastErrorAt ?? "") > f.lastSuccessAt)) return t("feeds.state.failing", { error: f.lastError });
  return t("feeds.state.ok");
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
        if (!window.confirm(t("feeds.confirmRemove", { name: f.name }))) return;
        await unwrap(client.DELETE("/api/feeds/{id}", { params: { path: { id: f.id } } }));
        setStatus(t("feeds.removed", { name: f.name }));
      } else if (action === "run") {
        setStatus(t("feeds.running", { name: f.name }));
        const { run } = await unwrap(client.POST("/api/feeds/{id}/run", { params: { path: { id: f.id } } }));
        setStatus(t("feeds.ran", { name: f.name, status: run.status, detail: run.error ?? run.note ?? "", hasDetail: run.error || run.note ? "yes" : "no", rows: run.rowsAdded, changes: run.levelChanges ?? 0 }));
      } else {
        await unwrap(client.POST(action === "pause" ? "/api/feeds/{id}/pause" : "/api/feeds/{id}/resume", { params: { path: { id: f.id } } }));
        setStatus(t(action === "pause" ? "feeds.paused" : "feeds.resumed", { name: f.name }));
      }
      refresh();
    } catch (err) {
      setStatus(t("feeds.failed", { name: f.name, error: errorText(err) }));
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
      setStatus(t("feeds.added"));
      refresh();
    } catch (err) {
      setStatus(t("admin.notAdded", { error: errorText(err) }));
    }
  }

  return (
    <>
      <Loaded state={feeds} what={t("feeds.what")}>
        {({ feeds: list }) => (
          <AdminTable
            label={t("admin.section.feeds")}
            caption={t("feeds.caption", { n: list.length })}
            headers={[t("admin.col.name"), t("feeds.col.source"), t("feeds.col.schedule"), t("feeds.col.health"), t("feeds.col.lastSuccess"), t("feeds.col.lag"), t("feeds.col.rows"), t("feeds.col.actions")]}
            rows={list}
            rowKey={(f) => f.id}
            row={(f) => (
              <>
                <td><bdi dir="auto">{f.name}</bdi></td><td><code>{f.source}</code></td><td><code>{f.schedule}</code></td>
                <td>{feedState(f)}</td><td>{when(f.lastSuccessAt)}</td><td>{t("duration.minutes", { n: f.lagMinutes })}</td><td>{t("feeds.rows", { n: f.rowsAdded, last: f.lastRowsAdded })}</td>
                <td className="row">
                  <button type="button" onClick={() => void act(f, "run")} aria-label={t("feeds.runName", { name: f.name })}>{t("feeds.run")}</button>
                  {f.paused
                    ? <button type="button" onClick={() => void act(f, "resume")} aria-label={t("feeds.resumeName", { name: f.name })}>{t("feeds.resume")}</button>
                    : <button type="button" onClick={() => void act(f, "pause")} aria-label={t("feeds.pauseName", { name: f.name })}>{t("feeds.pause")}</button>}
                  <button type="button" onClick={() => void act(f, "remove")} aria-label={t("feeds.removeName", { name: f.name })}>{t("feeds.remove")}</button>
                </td>
              </>
            )}
          />
        )}
      </Loaded>
      <h2>{t("feeds.add")}</h2>
      <form className="stack" onSubmit={add}>
        <div className="row">
          <label>{t("admin.col.name")} <input name="name" required maxLength={100} dir="auto" /></label>
          <label>{t("feeds.col.source")}
            <select name="source" value={source} onChange={(e) => setSource(e.target.value as (typeof SOURCES)[number])}>
              {SOURCES.map((s) => <option key={s} value={s} lang="en" translate="no">{s}</option>)}
            </select>
          </label>
          <label>{t("feeds.scheduleInput")} <input name="schedule" maxLength={100} placeholder="*/15 * * * *" /></label>
        </div>
        {FIELDS[source].config.length > 0 && (
          <div className="row">
            {FIELDS[source].config.map((n) => <label key={n}><code>{n}</code> <input name={`cfg-${n}`} required={n === "url" || n === "version" || (source === "rss" && n === "country")} /></label>)}
          </div>
        )}
        {FIELDS[source].credentials.length > 0 && (
          <fieldset>
            <legend>{t("feeds.credentials")}</legend>
            <div className="row">
              {FIELDS[source].credentials.map((n) => <label key={n}><code>{n}</code> <input name={`cred-${n}`} type={n === "username" ? "text" : "password"} autoComplete="off" required /></label>)}
            </div>
          </fieldset>
        )}
        <button type="submit">{t("feeds.addSubmit")}</button>
      </form>
      {status && <p className="status" role="status">{status}</p>}
    </>
  );
}
