import { useCallback, useEffect, useState } from "react";
import { errorText } from "../i18n/errors.ts";
import { fmtDate, fmtList, t, tDynamic } from "../i18n/i18n.ts";
import { useMe } from "../session.ts";
import { cooperationApi, type Partner, type Share } from "./client.ts";

/** A shared item in one line (codes and free text are placeholder values). */
function Summary({ s }: { s: Share }) {
  const p = s.payload as Record<string, unknown>;
  const iso3 = String(p.iso3 ?? "");
  if (s.itemType === "alert") {
    const level = tDynamic(`level.${String(p.level)}`, String(p.level));
    return <>{t("partners.item.alert", { level, iso3: p.situation ? `${iso3} / ${String(p.situation)}` : iso3 })}</>;
  }
  if (s.itemType === "assessment") {
    const level = p.level ? tDynamic(`assessLevel.${String(p.level)}`, String(p.level)) : t("partners.item.notRated");
    return <>{t("partners.item.assessment", { iso3, date: fmtDate(String(p.assessedOn)), level })}</>;
  }
  return <>{t("partners.item.report", { iso3: iso3 || t("partners.item.unknownCountry"), date: fmtDate(String(p.occurredFrom)), text: String(p.description).slice(0, 160) })}</>;
}

/** The partners page: organisations on this instance, items partners shared (marked with their origin), and the organisation's own shares with revoke buttons. */
export function PartnersPage() {
  const me = useMe();
  const [partners, setPartners] = useState<Partner[]>([]);
  const [incoming, setIncoming] = useState<Share[]>([]);
  const [outgoing, setOutgoing] = useState<Share[]>([]);
  const [message, setMessage] = useState("");
  const member = me?.kind === "user";
  const perms = new Set(me?.permissions ?? []);
  const load = useCallback(() => {
    cooperationApi.partners().then((r) => setPartners(r.partners), (e: unknown) => setMessage(errorText(e)));
    cooperationApi.incoming().then((r) => setIncoming(r.shares), () => undefined);
    cooperationApi.outgoing().then((r) => setOutgoing(r.shares), () => undefined);
  }, []);
  useEffect(() => {
    if (member) load();
  }, [member, load]);
  if (me === undefined) return <p role="status">{t("common.loading", { what: t("partners.what") })}</p>;
  if (!member) return <p role="alert">{t("partners.signIn")}</p>;
  const act = (p: Promise<unknown>, done: string) => p.then(() => { setMessage(done); load(); }, (e: unknown) => setMessage(errorText(e)));
  return (
    <div className="partners-page">
      <h1>{t("partners.title")}</h1>
      {message ? <p role="status">{message}</p> : null}
      <section aria-labelledby="partners-h">
        <h2 id="partners-h">{t("partners.organisations")}</h2>
        <ul>
          {partners.map((p) => (
            <li key={p.id}><bdi dir="auto">{p.name}</bdi>{p.self ? ` ${t("partners.self")}` : ""}{p.publicPublisher ? ` — ${t("partners.publicPublisher")}` : ""}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="incoming-h">
        <h2 id="incoming-h">{t("partners.incoming")}</h2>
        {incoming.length === 0 ? <p className="note">{t("partners.incomingNone")}</p> : (
          <ul className="shares">
            {incoming.map((s) => (
              <li key={s.id} data-testid="incoming-share">
                <span className="share-origin">
                  {t("partners.origin", { org: s.origin.organisation, by: s.origin.sharedBy, date: fmtDate(s.origin.sharedAt), published: s.published ? "yes" : "no" })}
                </span>
                <br /><Summary s={s} />
                <br />{s.acknowledgedAt ? <span className="note">{t("partners.acknowledgedOn", { date: fmtDate(s.acknowledgedAt) })}</span>
                  : perms.has("share:acknowledge") ? <button type="button" onClick={() => void act(cooperationApi.acknowledge(s.id, ""), t("partners.acknowledged"))}>{t("partners.acknowledge")}</button> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {perms.has("share:write") ? (
        <section aria-labelledby="outgoing-h">
          <h2 id="outgoing-h">{t("partners.outgoing")}</h2>
          {outgoing.length === 0 ? <p className="note">{t("partners.outgoingNone")}</p> : (
            <ul className="shares">
              {outgoing.map((s) => {
                const names = s.recipients.map((r) => r.name);
                return (
                  <li key={s.id} data-testid="outgoing-share">
                    <Summary s={s} /> — {t("partners.to", { names: names.length ? fmtList(names) : t("share.nobody"), published: s.published ? "yes" : "no" })}
                    {" "}{s.revokedAt ? <span className="note">{t("partners.revokedOn", { date: fmtDate(s.revokedAt) })}</span>
                      : <button type="button" onClick={() => void act(cooperationApi.revoke(s.id), t("partners.revoked"))}>{t("partners.revoke")}</button>}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
