/**
 * The alert pages under `/alerts` (loaded on demand): the signed-in user's inbox with
 * acknowledgement and subscriptions (`/alerts`), the organisation's response gaps
 * (`/alerts/gaps`), and the track record of the alert rules (`/alerts/track-record`).
 */
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { errorText } from "../i18n/errors.ts";
import { fmtDate, fmtList, fmtNumber, t, tDynamic } from "../i18n/i18n.ts";
import { useMe } from "../session.ts";
import { Failed, Loading } from "../status.tsx";
import { useAsync } from "../use-async.ts";
import { alertsApi, type GapSummary, type InboxItem, type Level, type Subscription, type SubscriptionBody } from "./client.ts";
import { ALERT_LEVELS, alertsPageOf, formatHours, formatRatio, formatWhen, LEVEL_LABELS, parseCountryList } from "./lib.ts";
import { Explanation } from "./explanation.tsx";
import { AppLink, LevelBadge, Outcome, useReloadable } from "./parts.tsx";

type Message = { ok: boolean; text: string } | null;
const failure = (e: unknown): Message => ({ ok: false, text: errorText(e) });

/** The whole `/alerts…` section. */
export function AlertsSection({ path }: { path: string }) {
  const page = alertsPageOf(path);
  useEffect(() => {
    document.title = `${page === "gaps" ? t("alerts.gaps") : page === "track-record" ? t("alerts.trackRecord") : t("alerts.section")} — Tocsin`;
    return () => { document.title = t("app.docTitle"); };
  }, [page]);
  return (
    <section className="alerts-section">
      <nav aria-label={t("alerts.section")} className="subnav">
        <AppLink to="/alerts" className={page === "inbox" ? "current" : undefined}>{t("alerts.inbox")}</AppLink>
        <AppLink to="/alerts/gaps" className={page === "gaps" ? "current" : undefined}>{t("alerts.gaps")}</AppLink>
        <AppLink to="/alerts/track-record" className={page === "track-record" ? "current" : undefined}>{t("alerts.trackRecord")}</AppLink>
      </nav>
      {page === "inbox" ? <SignedIn what={t("alerts.what.inbox")}>{() => <InboxPage />}</SignedIn>
        : page === "gaps" ? <SignedIn what={t("alerts.what.gaps")}>{() => <GapsPage />}</SignedIn>
        : page === "track-record" ? <TrackRecordPage />
        : <p role="alert">{t("alerts.noPage", { path })}</p>}
    </section>
  );
}

function SignedIn({ what, children }: { what: string; children: () => ReactNode }) {
  const me = useMe();
  if (me === undefined) return <Loading what={what} />;
  if (!me || me.kind !== "user") {
    return <p>{t("alerts.signInToSee", { what })} <AppLink to={`/sign-in?next=${window.location.pathname}`}>{t("admin.signIn")}</AppLink></p>;
  }
  return <>{children()}</>;
}

function InboxPage() {
  const [state, reload] = useReloadable("inbox", () => alertsApi.inbox());
  return (
    <>
      <h1>{t("alerts.inboxTitle")}</h1>
      <p className="lede">{t("alerts.inboxLede")}</p>
      {state.status === "loading" ? <Loading what={t("alerts.what.yourInbox")} />
        : state.status === "error" ? <Failed what={t("alerts.what.yourInbox")} error={state.error} />
        : (
          <>
            <p role="status" className="count">{t("alerts.unread", { unread: state.data.unread, total: state.data.items.length })}</p>
            {state.data.items.length === 0 ? <p>{t("alerts.inboxEmpty")}</p> : (
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
      if (live && r.acknowledgedAt) setAck({ by: r.acknowledgedBy?.displayName ?? t("alertPanel.aMember"), at: r.acknowledgedAt });
    }, () => undefined);
    return () => { live = false; };
  }, [a.id]);
  const acknowledge = async () => {
    try {
      const r = await alertsApi.acknowledge(a.id);
      if (r.acknowledgedAt) setAck({ by: r.acknowledgedBy?.displayName ?? t("alertPanel.aMember"), at: r.acknowledgedAt });
      if (!item.read) await alertsApi.markRead(item.id);
      setMessage({ ok: true, text: t("alertPanel.acknowledged") });
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
        <LevelBadge level={a.level} /> <AppLink to={`/countries/${a.countryIso3}`}><bdi dir="auto" translate="no">{place}</bdi></AppLink>
        <span className="note"> — {t("alerts.from", { level: LEVEL_LABELS[a.previousLevel] })}{item.read ? "" : ` · ${t("alerts.unreadMark")}`}</span>
      </h2>
      <Explanation input={a} />
      <p className="note">{item.readAt ? t("alerts.deliveredRead", { delivered: formatWhen(item.deliveredAt), read: formatWhen(item.readAt) }) : t("alerts.delivered", { delivered: formatWhen(item.deliveredAt) })}</p>
      <p className="ack-line">{ack ? <>{t("alertPanel.ackBy")} <strong><bdi dir="auto">{ack.by}</bdi></strong>, {formatWhen(ack.at)}.</> : t("alerts.notAck")}</p>
      <div className="form-buttons">
        {!ack && <button type="button" onClick={acknowledge}>{t("alertPanel.ack")}</button>}
        {!item.read && <button type="button" onClick={markRead}>{t("alerts.markRead")}</button>}
        <AppLink to={`/countries/${a.countryIso3}#response-h`}>{t("alerts.recordAction")}</AppLink>
      </div>
      <Outcome message={message} />
    </li>
  );
}

function Subscriptions() {
  const [state, reload] = useReloadable("subscriptions", () => alertsApi.subscriptions());
  return (
    <section aria-labelledby="subs-h" className="subscriptions">
      <h2 id="subs-h">{t("alerts.subs")}</h2>
      {state.status === "loading" ? <Loading what={t("alerts.what.subs")} />
        : state.status === "error" ? <Failed what={t("alerts.what.subs")} error={state.error} />
        : state.data.subscriptions.length === 0 ? <p>{t("alerts.noSubs")}</p>
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
  const where = s.countries.length ? s.countries.join(", ") : s.region ? tDynamic(`region.${s.region}`, s.region) : t("alerts.sub.everyCountry");
  // Contacts are shown to their owner and admins only (encrypted at rest); others learn that there are some.
  const channels = s.contactsHidden
    ? fmtList([t("alerts.sub.inbox"), t("alerts.sub.contactsHidden")])
    : fmtList([t("alerts.sub.inbox"), s.webhook?.url ? t("alerts.sub.webhook", { url: s.webhook.url }) : null, s.email ? t("alerts.sub.email", { email: s.email }) : null].filter((x): x is string => x !== null));
  return t("alerts.sub.line", { where, level: LEVEL_LABELS[s.minLevel], channels, organisation: s.scope === "organisation" ? "yes" : "no" });
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
      <button type="button" onClick={remove} aria-label={t("alerts.sub.removeName", { what: describeSub(sub) })}>{t("feeds.remove")}</button>
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
    if (parsed.invalid.length) return setMessage({ ok: false, text: t("alerts.sub.notIso3", { codes: parsed.invalid.join(", ") }) });
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
      setMessage({ ok: true, text: saved.webhookSecret ? t("alerts.sub.subscribedSecret", { secret: saved.webhookSecret }) : t("alerts.sub.subscribed") });
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
        <legend>{t("alerts.sub.new")}</legend>
        <label>{t("alerts.sub.countries")} <input value={countries} onChange={(e) => setCountries(e.target.value)} autoComplete="off" /></label>
        <label>{t("alerts.sub.minLevel")}{" "}
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as Level)}>
            {ALERT_LEVELS.filter((l) => l !== "none").map((l) => <option key={l} value={l}>{LEVEL_LABELS[l]}</option>)}
          </select>
        </label>
        <p className="note">{t("alerts.sub.channelsNote")}</p>
        <label>{t("alerts.sub.webhookUrl")} <input type="url" translate="no" value={webhookUrl} onChange={(e) => setWebhookUrl(e.target.value)} placeholder="https://…" /></label>
        <label>{t("alerts.sub.secret")} <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" minLength={16} /></label>
        <label>{t("alerts.sub.emailInput")} <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" /></label>
        <button type="submit" disabled={busy}>{t("alerts.sub.subscribe")}</button>
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
      <h1>{t("alerts.gaps")}</h1>
      <p className="lede">{t("gaps.lede")}</p>
      <label className="inline-field">{t("gaps.daysInput")}{" "}
        <input type="number" min={0} max={3650} value={days} onChange={(e) => setDays(Math.max(0, Math.min(3650, Number(e.target.value) || 0)))} />
      </label>
      {state.status === "loading" ? <Loading what={t("gaps.what")} />
        : state.status === "error" ? <Failed what={t("gaps.what")} error={state.error} />
        : (
          <>
            <p className="note">{t("gaps.asOf", { when: formatWhen(state.data.asOf) })}</p>
            <GapCards summary={state.data.overall} days={state.data.noActionDays} />
            <h2>{t("gaps.perCountry")}</h2>
            {state.data.countries.length === 0 ? <p>{t("gaps.none")}</p> : (
              <div className="table-wrap">
                <table className="gaps">
                  <caption>{t("gaps.caption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("gaps.col.country")}</th><th scope="col">{t("gaps.col.alerts")}</th><th scope="col">{t("gaps.col.acknowledged")}</th><th scope="col">{t("gaps.col.medianAck")}</th>
                      <th scope="col">{t("gaps.col.medianAction")}</th><th scope="col">{t("gaps.col.without")}</th><th scope="col">{t("gaps.col.overdue")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.data.countries.map((c) => (
                      <tr key={c.countryIso3}>
                        <th scope="row"><AppLink to={`/countries/${c.countryIso3}`}><bdi translate="no">{c.countryIso3}</bdi></AppLink></th>
                        <td className="num">{fmtNumber(c.alerts)}</td>
                        <td className="num">{fmtNumber(c.acknowledged)}</td>
                        <td className="num">{formatHours(c.timeToAcknowledge.medianHours)}</td>
                        <td className="num">{formatHours(c.timeToFirstAction.medianHours)}</td>
                        <td className="num">{fmtNumber(c.unanswered.length)}</td>
                        <td className="num">{fmtNumber(c.overdueActions.length)}</td>
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
        <div><dt>{t("gaps.col.alerts")}</dt><dd>{fmtNumber(summary.alerts)}</dd></div>
        <div><dt>{t("gaps.col.acknowledged")}</dt><dd>{fmtNumber(summary.acknowledged)}</dd></div>
        <div><dt>{t("gaps.card.ack")}</dt><dd>{formatHours(summary.timeToAcknowledge.medianHours)}</dd></div>
        <div><dt>{t("gaps.card.action")}</dt><dd>{formatHours(summary.timeToFirstAction.medianHours)}</dd></div>
        <div><dt>{t("gaps.card.without", { days })}</dt><dd>{fmtNumber(summary.unanswered.length)}</dd></div>
        <div><dt>{t("gaps.col.overdue")}</dt><dd>{fmtNumber(summary.overdueActions.length)}</dd></div>
      </dl>
      {summary.unanswered.length > 0 && (
        <>
          <h2>{t("gaps.stillWithout")}</h2>
          <ul>
            {summary.unanswered.map((u) => (
              <li key={u.alertId}><LevelBadge level={u.level} /> <AppLink to={`/countries/${u.countryIso3}#response-h`}><bdi dir="auto" translate="no">{u.countryIso3}{u.situation ? ` — ${u.situation}` : ""}</bdi></AppLink>: {t("gaps.daysSince", { n: u.ageDays, since: formatWhen(u.since) })}</li>
            ))}
          </ul>
        </>
      )}
      {summary.overdueActions.length > 0 && (
        <>
          <h2>{t("gaps.col.overdue")}</h2>
          <ul>
            {summary.overdueActions.map((o) => <li key={o.actionId}><AppLink to={`/countries/${o.countryIso3}#response-h`}><bdi translate="no">{o.countryIso3}</bdi></AppLink>: {t("gaps.overdueLine", { deadline: fmtDate(o.deadline), n: o.daysOverdue })}</li>)}
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
      <h1>{t("track.title")}</h1>
      {state.status === "loading" ? <Loading what={t("track.what")} />
        : state.status === "error" ? <Failed what={t("track.what")} error={state.error} />
        : (
          <>
            <p className="lede">
              {t("track.lede", {
                years: state.data.years ? `${state.data.years[0]}–${state.data.years[1]}` : t("track.noYear"),
                countryYears: state.data.countryYears, positives: state.data.positives, horizon: state.data.horizonYears,
              })}{" "}
              {t("track.model")} <em><bdi translate="no">{state.data.model}</bdi></em>.
            </p>
            <p className="note" dir="auto" lang="en">{state.data.method}</p>
            {state.data.levels.length === 0 && <p role="status">{t("track.none")}</p>}
            <div className="table-wrap">
              <table className="track">
                <caption>{t("track.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("track.col.level")}</th><th scope="col">{t("gaps.col.alerts")}</th><th scope="col">{t("track.col.hitRate")}</th><th scope="col">{t("track.col.falseAlarm")}</th>
                    <th scope="col">{t("track.col.caught")}</th><th scope="col">{t("track.col.lead")}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.levels.map((l) => (
                    <tr key={l.level}>
                      <th scope="row"><LevelBadge level={l.level} /></th>
                      <td className="num">{fmtNumber(l.alerts)}</td>
                      <td className="num">{formatRatio(l.hitRate)}</td>
                      <td className="num">{formatRatio(l.falseAlarmRate)}</td>
                      <td className="num">{t("track.caught", { caught: l.caught, onsets: l.onsets, ratio: formatRatio(l.recall) })}</td>
                      <td className="num">{l.leadTime ? t("track.years", { n: Math.round(l.leadTime.median * 10) / 10 }) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h2>{t("track.honest")}</h2>
            <ul className="honest">
              <li>{t("track.honest.rare")}</li>
              <li>{t("track.honest.structural")}</li>
              <li><em>{t("track.col.hitRate")}</em>: {t("track.honest.hitRate")} <em>{t("track.col.falseAlarm")}</em>: {t("track.honest.falseAlarm")} <em>{t("track.col.caught")}</em>: {t("track.honest.caught")}</li>
              <li>{t("track.honest.lead")}</li>
            </ul>
          </>
        )}
    </>
  );
}
