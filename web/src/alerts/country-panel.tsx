/**
 * The country page's "Alert level" panel (issue 7/8): the level with when and why, the override in
 * force, analysts' override form, the history of changes, the situation brief, and the response —
 * recommended options by instrument, acknowledgement, and the organisation's actions.
 */
import { useState, type FormEvent } from "react";
import { ApiError } from "../api.ts";
import { useMe } from "../session.ts";
import { Failed, Loading } from "../status.tsx";
import { alertsApi, type ActionStatus, type AlertResponse, type CountryAlert, type CountryResponse, type Level } from "./client.ts";
import { ALERT_LEVELS, formatWhen, groupByInstrument, INSTRUMENT_LABELS, LEVEL_LABELS, STATUS_LABELS, untilFromInput } from "./lib.ts";
import { Explanation, SignalSentence } from "./explanation.tsx";
import { AppLink, LevelBadge, Outcome, useReloadable } from "./parts.tsx";
import { currentLocale, t } from "../i18n/i18n.ts";

/** `&lang=` for the brief when it is written in the reader's language (en, fr, es, ar); else English. */
const briefLang = () => (["fr", "es", "ar"].includes(currentLocale()) ? `&lang=${currentLocale()}` : "");
import { errorText } from "../i18n/errors.ts";

type Message = { ok: boolean; text: string } | null;
const failure = (e: unknown): Message => ({ ok: false, text: e instanceof ApiError ? errorText(e) : String(e) });

async function loadPanel(iso3: string, canReadResponse: boolean) {
  const [alert, response] = await Promise.all([alertsApi.countryAlert(iso3), alertsApi.countryResponse(iso3).catch(() => null)]);
  const alertId = response?.alert?.id ?? alert.current?.id;
  // The full response (ids, acknowledgements, owners) is for members who may read it.
  const detail = canReadResponse && alertId ? await alertsApi.alertResponse(alertId).catch(() => null) : null;
  return { alert, response, detail };
}

/** The panel; renders its own section with a heading. */
export function AlertPanel({ iso3, countryName }: { iso3: string; countryName: string }) {
  const me = useMe();
  const perms = new Set(me?.permissions ?? []);
  const meKey = me === undefined ? "?" : (me?.userId ?? "anon");
  const [state, reload] = useReloadable(`${iso3}:${meKey}`, () => loadPanel(iso3, perms.has("response:read")));
  return (
    <section aria-labelledby="alert-h" className="alert-panel">
      <h2 id="alert-h">{t("world.alertLevel")}</h2>
      {state.status === "loading" ? <Loading what={t("alertPanel.what")} />
        : state.status === "error" ? <Failed what={t("alertPanel.what")} error={state.error} />
        : (
          <>
            <LevelSummary data={state.data.alert} countryName={countryName} reassessOn={state.data.detail?.reassessment?.reassessOn ?? null} />
            <p className="brief-link">
              <a href={`/api/countries/${iso3}/brief?format=pdf${briefLang()}`} download>{t("alertPanel.brief")}</a>{" "}
              <span className="note">{t("alertPanel.briefNote")}</span>
            </p>
            {perms.has("alert:override") && <OverrideForm iso3={iso3} current={state.data.alert.current} onDone={reload} />}
            <History data={state.data.alert} />
            <ResponseSection iso3={iso3} countryName={countryName} response={state.data.response} detail={state.data.detail} canWrite={perms.has("response:write")} meId={me?.userId} onDone={reload} />
          </>
        )}
    </section>
  );
}

function LevelSummary({ data, countryName, reassessOn }: { data: CountryAlert; countryName: string; reassessOn: string | null }) {
  const a = data.current;
  if (!a) return <p className="alert-level"><LevelBadge level="none" big /> {t("alertPanel.noneYet", { name: countryName })}</p>;
  return (
    <div className="alert-current">
      <p className="alert-level">
        <LevelBadge level={a.level} big /> <span>{t("alertPanel.since", { when: formatWhen(a.since) })}</span>
        {(reassessOn ?? a.reassessOn) && <span className="reassess"> · {t("alertPanel.reassess")} <strong><bdi>{reassessOn ?? a.reassessOn}</bdi></strong></span>}
      </p>
      <Explanation className="alert-explanation" input={a} />
      {a.override && (
        <p className="override-note" role="note">
          <strong>{t("alertPanel.override")}</strong> ({formatWhen(a.override.at)}, {a.override.until ? t("alertPanel.until", { when: formatWhen(a.override.until) }) : t("alertPanel.untilCleared")}): <bdi dir="auto">{a.override.reason}</bdi>.
          {" "}{t("alertPanel.rulesSay")} <em>{LEVEL_LABELS[a.computedLevel]}</em>.
        </p>
      )}
      {a.signals.length > 0 && (
        <>
          <h3>{t("alertPanel.signals")}</h3>
          <ul className="signals">
            {a.signals.map((s, i) => (
              <li key={`${s.kind}-${i}`} dir="auto">
                <SignalSentence signal={s} />
                {s.supports && s.supports !== "none" && <span className="note"> {t("alertPanel.supports", { level: LEVEL_LABELS[s.supports] })}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {data.situations.length > 0 && (
        <>
          <h3>{t("alertPanel.situations", { name: countryName })}</h3>
          <ul className="signals">
            {data.situations.map((s) => <li key={s.id}><LevelBadge level={s.level} /> <bdi dir="auto">{s.situation}</bdi>: <Explanation as="span" input={s} /></li>)}
          </ul>
        </>
      )}
    </div>
  );
}

function OverrideForm({ iso3, current, onDone }: { iso3: string; current: CountryAlert["current"]; onDone: () => void }) {
  const [level, setLevel] = useState<Level>(current?.level ?? "watch");
  const [reason, setReason] = useState("");
  const [until, setUntil] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) return setMessage({ ok: false, text: t("alertPanel.reasonRequired") });
    setBusy(true);
    try {
      await alertsApi.override(iso3, { level, reason: reason.trim(), until: untilFromInput(until) });
      setReason("");
      setMessage({ ok: true, text: t("alertPanel.levelSet", { level: LEVEL_LABELS[level] }) });
      onDone();
    } catch (err) {
      setMessage(failure(err));
    } finally {
      setBusy(false);
    }
  };
  const clear = async () => {
    setBusy(true);
    try {
      await alertsApi.clearOverride(iso3);
      setMessage({ ok: true, text: t("alertPanel.cleared") });
      onDone();
    } catch (err) {
      setMessage(failure(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="override-form no-print">
      <summary>{t("alertPanel.overrideForm")}</summary>
      <form onSubmit={submit} noValidate>
        <label>{t("alertPanel.level")} <select value={level} onChange={(e) => setLevel(e.target.value as Level)}>{ALERT_LEVELS.map((l) => <option key={l} value={l}>{LEVEL_LABELS[l]}</option>)}</select></label>
        <label>{t("alertPanel.reason")} <textarea required minLength={3} maxLength={2000} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} /></label>
        <label>{t("alertPanel.untilInput")} <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} /></label>
        <div className="form-buttons">
          <button type="submit" disabled={busy}>{t("alertPanel.setLevel")}</button>
          {current?.override && <button type="button" disabled={busy} onClick={clear}>{t("alertPanel.clear")}</button>}
        </div>
        <Outcome message={message} />
      </form>
    </details>
  );
}

function History({ data }: { data: CountryAlert }) {
  if (data.history.length === 0) return null;
  return (
    <details className="alert-history">
      <summary>{t("alertPanel.history", { n: data.history.length })}</summary>
      <table>
        <caption className="visually-hidden">{t("alertPanel.historyCaption", { name: data.name })}</caption>
        <thead><tr><th scope="col">{t("alertPanel.when")}</th><th scope="col">{t("alertPanel.level")}</th><th scope="col">{t("alertPanel.why")}</th></tr></thead>
        <tbody>
          {data.history.map((h) => (
            <tr key={h.id}>
              <td className="nowrap">{formatWhen(h.at)}</td>
              <td>{LEVEL_LABELS[h.previousLevel]} → <LevelBadge level={h.level} />{h.overridden ? ` ${t("alertPanel.overridden")}` : ""}{h.situation ? <> — <bdi>{h.situation}</bdi></> : null}</td>
              <td><Explanation as="span" input={{ explanation: h.explanation }} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function ResponseSection({ iso3, countryName, response, detail, canWrite, meId, onDone }: {
  iso3: string; countryName: string; response: CountryResponse | null; detail: AlertResponse | null; canWrite: boolean; meId: string | undefined; onDone: () => void;
}) {
  const recommended = detail?.recommended ?? response?.recommended ?? [];
  const alertId = detail?.alert.id ?? response?.alert?.id;
  return (
    <section aria-labelledby="response-h" className="response-panel">
      <h3 id="response-h">{t("alertPanel.response")}</h3>
      {!alertId ? <p>{t("alertPanel.noAlert", { name: countryName })}</p> : (
        <>
          {detail && <Acknowledge alertId={alertId} ack={detail.acknowledgement} canWrite={canWrite} meId={meId} onDone={onDone} />}
          <h4>{t("alertPanel.recommended")}</h4>
          {recommended.length === 0 ? <p>{t("alertPanel.noOption")}</p> : (
            <div className="recommended">
              {groupByInstrument(recommended, (r) => r.option.instrument).map((g) => (
                <div key={g.instrument}>
                  <h5>{g.label}</h5>
                  <ul>
                    {g.items.map((r) => <li key={r.option.id}><strong dir="auto" lang="en" translate="no">{r.option.title}</strong> — <span className="note" dir="auto" lang="en" translate="no">{r.reason}</span></li>)}
                  </ul>
                </div>
              ))}
            </div>
          )}
          <h4>{t("alertPanel.actions")}</h4>
          {detail ? <ActionsTable detail={detail} canWrite={canWrite} onDone={onDone} />
            : response?.actionsVisible ? <p>{t("alertPanel.actionsCount", { n: response.actions.length })}</p>
            : <p className="note">{t("alertPanel.actionsMembers")} <AppLink to={`/sign-in?next=/countries/${iso3}`}>{t("signin.title")}</AppLink></p>}
          {detail && canWrite && <AddAction alertId={alertId} detail={detail} onDone={onDone} />}
        </>
      )}
    </section>
  );
}

function Acknowledge({ alertId, ack, canWrite, meId, onDone }: { alertId: string; ack: AlertResponse["acknowledgement"]; canWrite: boolean; meId: string | undefined; onDone: () => void }) {
  const [message, setMessage] = useState<Message>(null);
  const acknowledge = async () => {
    try {
      await alertsApi.acknowledge(alertId);
      setMessage({ ok: true, text: t("alertPanel.acknowledged") });
      onDone();
    } catch (e) {
      setMessage(failure(e));
    }
  };
  return (
    <div className="ack">
      {ack.acknowledgedAt ? (
        <p className="ack-line">
          {t("alertPanel.ackBy")} <strong><bdi>{ack.acknowledgedBy?.displayName ?? t("alertPanel.aMember")}</bdi></strong> — {formatWhen(ack.acknowledgedAt)}
          {ack.acknowledgements.length > 1 && ` ${t("alertPanel.ackOthers", { n: ack.acknowledgements.length - 1 })}`}.
        </p>
      ) : <p className="ack-line">{t("alertPanel.notAck")}</p>}
      {canWrite && !ack.acknowledgements.some((a) => a.userId === meId) && <button type="button" className="no-print" onClick={acknowledge}>{ack.acknowledgedAt ? t("alertPanel.ackToo") : t("alertPanel.ack")}</button>}
      <Outcome message={message} />
    </div>
  );
}

function ActionsTable({ detail, canWrite, onDone }: { detail: AlertResponse; canWrite: boolean; onDone: () => void }) {
  const [message, setMessage] = useState<Message>(null);
  if (detail.actions.length === 0) return <p>{t("alertPanel.noActions")}</p>;
  const setStatus = async (id: string, status: ActionStatus) => {
    try {
      await alertsApi.updateAction(id, { status });
      setMessage({ ok: true, text: t("alertPanel.statusSet", { status: STATUS_LABELS[status] }) });
      onDone();
    } catch (e) {
      setMessage(failure(e));
    }
  };
  return (
    <div className="table-wrap actions-wrap" tabIndex={0} role="region" aria-label={t("alertPanel.actionsCaption")}>
      <table className="response-actions">
        <caption className="visually-hidden">{t("alertPanel.actionsCaption")}</caption>
        <thead><tr><th scope="col">{t("alertPanel.action")}</th><th scope="col">{t("alertPanel.status")}</th><th scope="col">{t("alertPanel.owner")}</th><th scope="col">{t("alertPanel.deadline")}</th></tr></thead>
        <tbody>
          {detail.actions.map((a) => (
            <tr key={a.id} className={a.overdue ? "overdue" : undefined}>
              <td dir="auto">
                {a.option ? <strong>{a.option.title}</strong> : null}
                {a.option?.instrument ? <span className="note"> ({INSTRUMENT_LABELS[a.option.instrument]})</span> : null}
                {a.description ? <div>{a.description}</div> : null}
                {a.outcome ? <div className="note">{t("alertPanel.outcome")} <bdi>{a.outcome}</bdi></div> : null}
              </td>
              <td>
                {canWrite ? (
                  <select aria-label={t("alertPanel.statusOf", { what: a.option?.title ?? a.description.slice(0, 40) })} value={a.status} onChange={(e) => void setStatus(a.id, e.target.value as ActionStatus)}>
                    {Object.entries(STATUS_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
                  </select>
                ) : STATUS_LABELS[a.status]}
              </td>
              <td>{a.owner?.displayName ?? "—"}</td>
              <td className="nowrap">{a.deadline ?? "—"}{a.overdue && <strong className="overdue-tag"> {t("alertPanel.overdue")}</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Outcome message={message} />
    </div>
  );
}

function AddAction({ alertId, detail, onDone }: { alertId: string; detail: AlertResponse; onDone: () => void }) {
  const [optionId, setOptionId] = useState("");
  const [description, setDescription] = useState("");
  const [deadline, setDeadline] = useState("");
  const [status, setStatus] = useState<ActionStatus>("planned");
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!optionId && !description.trim()) return setMessage({ ok: false, text: t("alertPanel.chooseOption") });
    setBusy(true);
    try {
      await alertsApi.addAction(alertId, { optionId: optionId || undefined, description: description.trim() || undefined, deadline: deadline || undefined, status });
      setDescription("");
      setOptionId("");
      setDeadline("");
      setMessage({ ok: true, text: t("alertPanel.recorded") });
      onDone();
    } catch (err) {
      setMessage(failure(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="add-action no-print" id={`add-action-${alertId}`}>
      <summary>{t("alertPanel.record")}</summary>
      <form onSubmit={submit}>
        <label>{t("alertPanel.option")}{" "}
          <select value={optionId} onChange={(e) => setOptionId(e.target.value)}>
            <option value="">{t("alertPanel.freeText")}</option>
            {detail.recommended.map((r) => <option key={r.option.id} value={r.option.id}>{INSTRUMENT_LABELS[r.option.instrument]}: {r.option.title}</option>)}
          </select>
        </label>
        <label>{t("alertPanel.whatDone")} <textarea rows={2} maxLength={5000} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <label>{t("alertPanel.deadline")} <input type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} /></label>
        <label>{t("alertPanel.status")} <select value={status} onChange={(e) => setStatus(e.target.value as ActionStatus)}>{Object.entries(STATUS_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select></label>
        <p className="note">{t("alertPanel.owner.note")}</p>
        <button type="submit" disabled={busy}>{t("alertPanel.recordSubmit")}</button>
        <Outcome message={message} />
      </form>
    </details>
  );
}
