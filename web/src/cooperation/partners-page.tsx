import { useCallback, useEffect, useState } from "react";
import { errorText } from "../i18n/errors.ts";
import { fmtDate, fmtDateTime, fmtList, t, tDynamic } from "../i18n/i18n.ts";
import { useMe } from "../session.ts";
import { cooperationApi, type Partner, type PartnerInstance, type ReceivedBundle, type Share, type ShareResponse, type ShareResponseBody } from "./client.ts";

const STATUSES: ShareResponse["status"][] = ["planned", "in_progress", "done", "abandoned"];
const statusLabel = (status: ShareResponse["status"]) => tDynamic(`partners.response.status.${status}`, status);

function responseLine(r: ShareResponse, asSharer: boolean): string {
  const values = { description: r.description, status: statusLabel(r.status), date: fmtDate(r.createdAt) };
  const line = r.outcome ? t("partners.response.lineWithOutcome", { ...values, outcome: r.outcome }) : t("partners.response.line", values);
  if (asSharer) return t("partners.response.fromOrg", { org: r.organisation, line });
  return t("partners.response.ownLine", { line, visibility: r.visibleToSharer ? "shown" : "kept" });
}

/** The form a recipient fills to record a response action on a shared alert. */
function RespondForm({ share, onDone }: { share: Share; onDone: (p: Promise<unknown>, message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState("");
  const [status, setStatus] = useState<ShareResponseBody["status"]>("planned");
  const [tell, setTell] = useState(false);
  const org = share.origin.organisation;
  if (!open) return <button type="button" onClick={() => setOpen(true)}>{t("partners.respond.open")}</button>;
  const id = `respond-${share.id}`;
  return (
    <form
      className="respond-form"
      aria-label={t("partners.respond.aria", { org })}
      onSubmit={(e) => {
        e.preventDefault();
        onDone(cooperationApi.respond(share.id, { description, status, visibleToSharer: tell }).then(() => {
          // A fresh form next time: a choice to show the sharer never carries over to another action.
          setOpen(false);
          setDescription("");
          setStatus("planned");
          setTell(false);
        }), tell ? t("partners.respond.doneShown", { org }) : t("partners.respond.doneKept"));
      }}
    >
      <label htmlFor={`${id}-d`}>{t("partners.respond.description")}</label>
      <textarea id={`${id}-d`} value={description} minLength={3} maxLength={2000} required onChange={(e) => setDescription(e.target.value)} />
      <label htmlFor={`${id}-s`}>{t("partners.respond.status")}</label>
      <select id={`${id}-s`} value={status} onChange={(e) => setStatus(e.target.value as ShareResponseBody["status"])}>
        {STATUSES.map((v) => <option key={v} value={v}>{statusLabel(v)}</option>)}
      </select>
      <label><input type="checkbox" checked={tell} onChange={(e) => setTell(e.target.checked)} /> {t("partners.respond.tell", { org })}</label>
      <button type="submit">{t("partners.respond.save")}</button>{" "}
      <button type="button" onClick={() => setOpen(false)}>{t("partners.respond.cancel")}</button>
    </form>
  );
}

/** Partner instances (signed exchange) and the bundles the organisation received from them; for those who may import bundles. */
function InstancesSection() {
  const [instances, setInstances] = useState<PartnerInstance[] | null>(null);
  const [bundles, setBundles] = useState<ReceivedBundle[]>([]);
  const [error, setError] = useState("");
  useEffect(() => {
    const ctl = new AbortController();
    cooperationApi.partnerInstances(ctl.signal).then((r) => setInstances(r.partners), (e: unknown) => !ctl.signal.aborted && setError(errorText(e)));
    cooperationApi.receivedBundles(ctl.signal).then((r) => setBundles(r.bundles), () => undefined);
    return () => ctl.abort();
  }, []);
  const count = (b: ReceivedBundle) => {
    const parts = (["alert", "assessment", "report"] as const).filter((k) => b.items[k] > 0).map((k) => t(`partners.bundles.${k}s`, { n: b.items[k] }));
    return parts.length ? fmtList(parts, "unit") : t("partners.bundles.empty");
  };
  return (
    <>
      <section aria-labelledby="instances-h">
        <h2 id="instances-h">{t("partners.instances.title")}</h2>
        <p className="note">{t("partners.instances.note")} <code>tocsin partners add</code></p>
        {error ? <p role="alert">{error}</p> : instances === null ? <p>{t("common.loading", { what: t("partners.instances.title") })}</p> : instances.length === 0 ? <p className="note">{t("partners.instances.none")}</p> : (
          <table className="partner-instances" data-testid="partner-instances">
            <thead><tr><th scope="col">{t("partners.instances.instance")}</th><th scope="col">{t("partners.instances.fingerprint")}</th><th scope="col">{t("partners.instances.confirmedBy")}</th><th scope="col">{t("partners.instances.confirmedOn")}</th></tr></thead>
            <tbody>
              {instances.map((p) => (
                <tr key={p.id}><td><bdi dir="auto">{p.name}</bdi></td><td><code className="fingerprint">{p.fingerprint}</code></td><td><bdi dir="auto">{p.confirmedBy}</bdi></td><td>{fmtDate(p.confirmedAt)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="bundles-h">
        <h2 id="bundles-h">{t("partners.bundles.title")}</h2>
        {bundles.length === 0 ? <p className="note">{t("partners.bundles.none")}</p> : (
          <table className="received-bundles" data-testid="received-bundles">
            <thead><tr><th scope="col">{t("partners.bundles.from")}</th><th scope="col">{t("partners.bundles.received")}</th><th scope="col">{t("partners.bundles.items")}</th></tr></thead>
            <tbody>
              {bundles.map((b) => (
                <tr key={b.bundleId}><td>{b.fromOrganisation ? t("partners.bundles.via", { org: b.fromOrganisation, partner: b.partner }) : b.partner}</td><td>{fmtDateTime(b.importedAt)}</td><td>{count(b)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

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

/**
 * The partners page: organisations on this instance, items partners shared (marked with their
 * origin; alerts take response actions), the organisation's own shares with revoke buttons and the
 * responses recipients chose to show, and (for analysts) partner instances and received bundles.
 */
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
                {s.itemType === "alert" && perms.has("response:write") ? <>{" "}<RespondForm share={s} onDone={(p, m) => void act(p, m)} /></> : null}
                {s.responses.length ? (
                  <ul className="share-responses" aria-label={t("partners.responses.own")}>
                    {s.responses.map((r) => <li key={r.id} data-testid="share-response">{responseLine(r, false)}</li>)}
                  </ul>
                ) : null}
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
                    {s.responses.length ? (
                      <ul className="share-responses" aria-label={t("partners.responses.told")}>
                        {s.responses.map((r) => <li key={r.id} data-testid="told-response">{responseLine(r, true)}</li>)}
                      </ul>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      ) : null}
      {perms.has("report:review") ? <InstancesSection /> : null}
    </div>
  );
}
