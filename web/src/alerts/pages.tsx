/**
 * The alert pages under `/alerts` (loaded on demand): the signed-in user's inbox with
 * acknowledgement and subscriptions (`/alerts`), the organisation's response gaps
 * (`/alerts/gaps`), and the track record of the alert rules (`/alerts/track-record`).
 */
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../api.ts";
import { useMe } from "../session.ts";
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";
import { alertsApi, type GapSummary, type InboxItem, type Level, type Subscription, type SubscriptionBody } from "./client.ts";
import { ALERT_LEVELS, alertsPageOf, formatHours, formatRatio, formatWhen, LEVEL_LABELS, parseCountryList } from "./lib.ts";
import { AppLink, LevelBadge, Outcome, useReloadable } from "./parts.tsx";

type Message = { ok: boolean; text: string } | null;
const failure = (e: unknown): Message => ({ ok: false, text: e instanceof ApiError ? e.message : String(e) });

/** The whole `/alerts…` section. */
export function AlertsSection({ path }: { path: string }) {
  const page = alertsPageOf(path);
  useEffect(() => {
    document.title = `${page === "gaps" ? "Response gaps" : page === "track-record" ? "Track record" : "Alerts"} — Tocsin`;
    return () => { document.title = "Tocsin — early warning of mass atrocities"; };
  }, [page]);
  return (
    <section className="alerts-section">
      <nav aria-label="Alerts" className="subnav">
        <AppLink to="/alerts" className={page === "inbox" ? "current" : undefined}>Inbox</AppLink>
        <AppLink to="/alerts/gaps" className={page === "gaps" ? "current" : undefined}>Response gaps</AppLink>
        <AppLink to="/alerts/track-record" className={page === "track-record" ? "current" : undefined}>Track record</AppLink>
      </nav>
      {page === "inbox" ? <SignedIn what="your alert inbox">{() => <InboxPage />}</SignedIn>
        : page === "gaps" ? <SignedIn what="your organisation's response gaps">{() => <GapsPage />}</SignedIn>
        : page === "track-record" ? <TrackRecordPage />
        : <p role="alert">No alert page at {path}.</p>}
    </section>
  );
}

function SignedIn({ what, children }: { what: string; children: () => ReactNode }) {
  const me = useMe();
  if (me === undefined) return <Loading what={what} />;
  if (!me || me.kind !== "user") {
    return <p>Sign in to see {what}. <AppLink to={`/sign-in?next=${window.location.pathname}`}>Sign in</AppLink></p>;
  }
  return <>{children()}</>;
}

function InboxPage() {
  const [state, reload] = useReloadable("inbox", () => alertsApi.inbox());
  return (
    <>
      <h1>Alerts inbox</h1>
      <p className="lede">Level changes of the countries you (or your organisation) subscribed to, newest first. Acknowledging tells your organisation someone has seen the alert.</p>
      {state.status === "loading" ? <Loading what="your inbox" />
        : state.status === "error" ? <Failed what="your inbox" error={state.error} />
        : (
          <>
            <p role="status" className="count">{state.data.unread} unread of {state.data.items.length}</p>
            {state.data.items.length === 0 ? <p>Nothing delivered yet. Subscribe below to hear of level changes.</p> : (
              <ol className="inbox">
                {state.data.items.map((item) => <InboxEntry key={item.id} item={item} onDone={reload} />)}
              </ol>
            )}
          </>
        )}
      <Subscriptions />
    </>
  );
}

function InboxEntry({ item, onDone }: { item: InboxItem; onDone: () => void }) {
  const a = item.alert;
  const [ack, setAck] = useState<{ by: string; at: string } | null>(null);
  const [message, setMessage] = useState<Message>(null);
  useEffect(() => {
    let live = true;
    alertsApi.acknowledgements(a.id).then((r) => {
      if (live && r.acknowledgedAt) setAck({ by: r.acknowledgedBy?.displayName ?? "a member", at: r.acknowledgedAt });
    }, () => undefined);
    return () => { live = false; };
  }, [a.id]);
  const acknowledge = async () => {
    try {
      const r = await alertsApi.acknowledge(a.id);
      if (r.acknowledgedAt) setAck({ by: r.acknowledgedBy?.displayName ?? "a member", at: r.acknowledgedAt });
      if (!item.read) await alertsApi.markRead(item.id);
      setMessage({ ok: true, text: "Acknowledged." });
      onDone();
    } catch (e) {
      setMessage(failure(e));
    }
  };
  const markRead = async () => {
    try {
      await alertsApi.markRead(item.id);
      onDone();
    } catch (e) {
      setMessage(failure(e));
    }
  };
  const place = `${a.countryIso3}${a.situation ? ` — ${a.situation}` : ""}`;
  return (
    <li className={`inbox-item${item.read ? "" : " unread"}`} aria-labelledby={`inbox-${item.id}`}>
      <h2 id={`inbox-${item.id}`} className="inbox-title">
        <LevelBadge level={a.level} /> <AppLink to={`/countries/${a.countryIso3}`}>{place}</AppLink>
        <span className="note"> — from {LEVEL_LABELS[a.previousLevel]}{item.read ? "" : " · unread"}</span>
      </h2>
      <p dir="auto">{a.explanation}</p>
      <p className="note">Delivered {formatWhen(item.deliveredAt)}{item.readAt ? `, read ${formatWhen(item.readAt)}` : ""}.</p>
      <p className="ack-line">{ack ? <>Acknowledged by <strong>{ack.by}</strong> on {formatWhen(ack.at)}.</> : "Not acknowledged yet."}</p>
      <div className="form-buttons">
        {!ack && <button type="button" onClick={acknowledge}>Acknowledge</button>}
        {!item.read && <button type="button" onClick={markRead}>Mark read</button>}
        <AppLink to={`/countries/${a.countryIso3}#response-h`}>Record a response action</AppLink>
      </div>
      <Outcome message={message} />
    </li>
  );
}

function Subscriptions() {
  const [state, reload] = useReloadable("subscriptions", () => alertsApi.subscriptions());
  return (
    <section aria-labelledby="subs-h" className="subscriptions">
      <h2 id="subs-h">Subscriptions</h2>
      {state.status === "loading" ? <Loading what="your subscriptions" />
        : state.status === "error" ? <Failed what="your subscriptions" error={state.error} />
        : state.data.subscriptions.length === 0 ? <p>No subscription yet.</p>
        : (
          <ul className="subs">
            {state.data.subscriptions.map((s) => <SubscriptionRow key={s.id} sub={s} onDone={reload} />)}
          </ul>
        )}
      <SubscriptionForm onDone={reload} />
    </section>
  );
}

function describeSub(s: Subscription): string {
  const where = s.countries.length ? s.countries.join(", ") : s.region ?? "every country";
  const channels = ["inbox", s.webhook ? `webhook ${s.webhook.url}` : null, s.email ? `e-mail ${s.email}` : null].filter(Boolean).join(", ");
  return `${where}: ${LEVEL_LABELS[s.minLevel]} and above → ${channels}${s.scope === "organisation" ? " (organisation)" : ""}`;
}

function SubscriptionRow({ sub, onDone }: { sub: Subscription; onDone: () => void }) {
  const [message, setMessage] = useState<Message>(null);
  const remove = async () => {
    try {
      await alertsApi.unsubscribe(sub.id);
      onDone();
    } catch (e) {
      setMessage(failure(e));
    }
  };
  return (
    <li>
      <span dir="auto">{describeSub(sub)}</span>{" "}
      <button type="button" onClick={remove} aria-label={`Remove subscription: ${describeSub(sub)}`}>Remove</button>
      <Outcome message={message} />
    </li>
  );
}

function SubscriptionForm({ onDone }: { onDone: () => void }) {
  const [countries, setCountries] = useState("");
  const [minLevel, setMinLevel] = useState<Level>("warning");
  const [webhookUrl, setWebhookUrl] = useState("");
  const [secret, setSecret] = useState("");
  const [email, setEmail] = useState("");
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseCountryList(countries);
    if (parsed.invalid.length) return setMessage({ ok: false, text: `Not ISO3 codes: ${parsed.invalid.join(", ")}.` });
    const body: SubscriptionBody = {
      scope: "user", countries: parsed.countries, minLevel,
      webhook: webhookUrl.trim() ? { url: webhookUrl.trim(), ...(secret ? { secret } : {}) } : undefined,
      email: email.trim() || undefined,
    };
    setBusy(true);
    try {
      const saved = await alertsApi.subscribe(body);
      setCountries("");
      setWebhookUrl("");
      setSecret("");
      setEmail("");
      setMessage({ ok: true, text: saved.webhookSecret ? `Subscribed. The webhook's signing secret, shown this once: ${saved.webhookSecret}` : "Subscribed." });
      onDone();
    } catch (err) {
      setMessage(failure(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="sub-form" onSubmit={submit}>
      <fieldset>
        <legend>New subscription</legend>
        <label>Countries (ISO3 codes, e.g. MMR, SDN; empty = all) <input value={countries} onChange={(e) => setCountries(e.target.value)} autoComplete="off" /></label>
        <label>Lowest level delivered{" "}
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as Level)}>
            {ALERT_LEVELS.filter((l) => l !== "none").map((l) => <option key={l} value={l}>{LEVEL_LABELS[l]}</option>)}
          </select>
        </label>
        <p className="note">Every subscription delivers to this inbox. Add either or both of:</p>
        <label>Webhook URL (optional) <input type="url" value={webhookUrl} onChange={(e) => setWebhookUrl(e.target.value)} placeholder="https://…" /></label>
        <label>Webhook signing secret (16+ characters; empty: one is generated) <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" minLength={16} /></label>
        <label>E-mail (optional) <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" /></label>
        <button type="submit" disabled={busy}>Subscribe</button>
        <Outcome message={message} />
      </fieldset>
    </form>
  );
}

function GapsPage() {
  const [days, setDays] = useState(7);
  const state = useAsync(`gaps:${days}`, () => alertsApi.gaps(days));
  return (
    <>
      <h1>Response gaps</h1>
      <p className="lede">How fast your organisation answers its alerts: time to acknowledge and to a first action, alerts at Warning or above still without any action, and actions past their deadline.</p>
      <label className="inline-field">Warning+ alerts without action after{" "}
        <input type="number" min={0} max={3650} value={days} onChange={(e) => setDays(Math.max(0, Math.min(3650, Number(e.target.value) || 0)))} /> days
      </label>
      {state.status === "loading" ? <Loading what="response gaps" />
        : state.status === "error" ? <Failed what="response gaps" error={state.error} />
        : (
          <>
            <p className="note">As of {formatWhen(state.data.asOf)}.</p>
            <GapCards summary={state.data.overall} days={state.data.noActionDays} />
            <h2>Per country</h2>
            {state.data.countries.length === 0 ? <p>No alert has reached your organisation yet.</p> : (
              <div className="table-wrap">
                <table className="gaps">
                  <caption>Response gaps per country</caption>
                  <thead>
                    <tr>
                      <th scope="col">Country</th><th scope="col">Alerts</th><th scope="col">Acknowledged</th><th scope="col">Median time to acknowledge</th>
                      <th scope="col">Median time to first action</th><th scope="col">Without action</th><th scope="col">Overdue actions</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.data.countries.map((c) => (
                      <tr key={c.countryIso3}>
                        <th scope="row"><AppLink to={`/countries/${c.countryIso3}`}>{c.countryIso3}</AppLink></th>
                        <td className="num">{c.alerts}</td>
                        <td className="num">{c.acknowledged}</td>
                        <td className="num">{formatHours(c.timeToAcknowledge.medianHours)}</td>
                        <td className="num">{formatHours(c.timeToFirstAction.medianHours)}</td>
                        <td className="num">{c.unanswered.length}</td>
                        <td className="num">{c.overdueActions.length}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
    </>
  );
}

function GapCards({ summary, days }: { summary: GapSummary; days: number }) {
  return (
    <>
      <dl className="gap-cards">
        <div><dt>Alerts</dt><dd>{summary.alerts}</dd></div>
        <div><dt>Acknowledged</dt><dd>{summary.acknowledged}</dd></div>
        <div><dt>Time to acknowledge (median)</dt><dd>{formatHours(summary.timeToAcknowledge.medianHours)}</dd></div>
        <div><dt>Time to first action (median)</dt><dd>{formatHours(summary.timeToFirstAction.medianHours)}</dd></div>
        <div><dt>Warning+ without action after {days} days</dt><dd>{summary.unanswered.length}</dd></div>
        <div><dt>Overdue actions</dt><dd>{summary.overdueActions.length}</dd></div>
      </dl>
      {summary.unanswered.length > 0 && (
        <>
          <h2>Alerts still without action</h2>
          <ul>
            {summary.unanswered.map((u) => (
              <li key={u.alertId}><LevelBadge level={u.level} /> <AppLink to={`/countries/${u.countryIso3}#response-h`}>{u.countryIso3}{u.situation ? ` — ${u.situation}` : ""}</AppLink>: {u.ageDays} days since {formatWhen(u.since)}</li>
            ))}
          </ul>
        </>
      )}
      {summary.overdueActions.length > 0 && (
        <>
          <h2>Overdue actions</h2>
          <ul>
            {summary.overdueActions.map((o) => <li key={o.actionId}><AppLink to={`/countries/${o.countryIso3}#response-h`}>{o.countryIso3}</AppLink>: deadline {o.deadline}, {o.daysOverdue} days overdue</li>)}
          </ul>
        </>
      )}
    </>
  );
}

function TrackRecordPage() {
  const state = useAsync("track-record", () => alertsApi.trackRecord());
  return (
    <>
      <h1>Track record of the alert levels</h1>
      {state.status === "loading" ? <Loading what="the track record" />
        : state.status === "error" ? <Failed what="the track record" error={state.error} />
        : (
          <>
            <p className="lede">
              How the structural alert rules would have done had they run in the past: they are replayed on the out-of-sample (walk-forward) forecasts of
              {" "}{state.data.years ? `${state.data.years[0]}–${state.data.years[1]}` : "no year yet"} ({state.data.countryYears} country-years, {state.data.positives} with
              {" "}a new mass killing within {state.data.horizonYears} year{state.data.horizonYears === 1 ? "" : "s"}), model <em>{state.data.model}</em>.
            </p>
            <p className="note" dir="auto">{state.data.method}</p>
            {state.data.levels.length === 0 && <p role="status">No stored back-test of the model yet, so there is no track record to show.</p>}
            <div className="table-wrap">
              <table className="track">
                <caption>Per level (a country-year counts at a level when it was at that level or a graver one)</caption>
                <thead>
                  <tr>
                    <th scope="col">Level</th><th scope="col">Alerts</th><th scope="col">Hit rate</th><th scope="col">False alarm rate</th>
                    <th scope="col">Onsets caught</th><th scope="col">Median lead time</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.levels.map((l) => (
                    <tr key={l.level}>
                      <th scope="row"><LevelBadge level={l.level} /></th>
                      <td className="num">{l.alerts}</td>
                      <td className="num">{formatRatio(l.hitRate)}</td>
                      <td className="num">{formatRatio(l.falseAlarmRate)}</td>
                      <td className="num">{l.caught} of {l.onsets} ({formatRatio(l.recall)})</td>
                      <td className="num">{l.leadTime ? `${Math.round(l.leadTime.median * 10) / 10} years` : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h2>What this says, honestly</h2>
            <ul className="honest">
              <li>Onsets of mass killing are rare, so most alerts are <strong>not</strong> followed by one: a low hit rate is expected, and an alert is a call to look closer, not a prediction that killing will happen.</li>
              <li>Only the structural signals (forecast risk, rank and risk changes) can be replayed; escalations, speech spikes, verified reports and analysts' assessments did not exist in the past data, so today's levels may do better or worse than this.</li>
              <li><em>Hit rate</em>: the share of alerts followed by a new mass killing within the horizon. <em>False alarm rate</em>: the share of country-years without an onset that were nevertheless on alert. <em>Onsets caught</em>: onsets preceded by an alert.</li>
              <li>Lead time is the time from the first alert to the onset, counted in years because the data are yearly.</li>
            </ul>
          </>
        )}
    </>
  );
}
