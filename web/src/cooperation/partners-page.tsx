import { useCallback, useEffect, useState } from "react";
import { useMe } from "../session.ts";
import { cooperationApi, type Partner, type Share } from "./client.ts";

function summary(s: Share): string {
  const p = s.payload as Record<string, unknown>;
  if (s.itemType === "alert") return `Alert: ${String(p.level)} for ${String(p.iso3)}${p.situation ? ` / ${String(p.situation)}` : ""}`;
  if (s.itemType === "assessment") return `Assessment of ${String(p.iso3)} (${String(p.assessedOn)}): ${String(p.level ?? "not rated")}`;
  return `Verified report, ${String(p.iso3 ?? "unknown country")}, ${String(p.occurredFrom).slice(0, 10)}: ${String(p.description).slice(0, 160)}`;
}

/** The partners page: organisations on this instance, items partners shared (marked with their origin), and the organisation's own shares with revoke buttons. */
export function PartnersPage() {
  const me = useMe();
  const [partners, setPartners] = useState<Partner[]>([]);
  const [incoming, setIncoming] = useState<Share[]>([]);
  const [outgoing, setOutgoing] = useState<Share[]>([]);
  const [message, setMessage] = useState("");
  const perms = new Set(me?.permissions ?? []);
  const load = useCallback(() => {
    cooperationApi.partners().then((r) => setPartners(r.partners), (e: Error) => setMessage(e.message));
    cooperationApi.incoming().then((r) => setIncoming(r.shares), () => undefined);
    cooperationApi.outgoing().then((r) => setOutgoing(r.shares), () => undefined);
  }, []);
  useEffect(() => {
    if (me) load();
  }, [me, load]);
  if (me === undefined) return <p>Loading…</p>;
  if (!me) return <p role="alert">Sign in to see partner organisations and shared items.</p>;
  const act = (p: Promise<unknown>, done: string) => p.then(() => { setMessage(done); load(); }, (e: Error) => setMessage(e.message));
  return (
    <div className="partners-page">
      <h1>Partners</h1>
      {message ? <p role="status">{message}</p> : null}
      <section aria-labelledby="partners-h">
        <h2 id="partners-h">Organisations on this instance</h2>
        <ul>
          {partners.map((p) => <li key={p.id}>{p.name}{p.self ? " (your organisation)" : ""}{p.publicPublisher ? " — public publisher: its overrides set the public level" : ""}</li>)}
        </ul>
      </section>
      <section aria-labelledby="incoming-h">
        <h2 id="incoming-h">Shared with you</h2>
        {incoming.length === 0 ? <p className="note">Nothing shared with your organisation.</p> : (
          <ul className="shares">
            {incoming.map((s) => (
              <li key={s.id} data-testid="incoming-share">
                <span className="share-origin">From {s.origin.organisation}, shared by {s.origin.sharedBy} on {s.origin.sharedAt.slice(0, 10)}{s.published ? " (published)" : ""}</span>
                <br />{summary(s)}
                <br />{s.acknowledgedAt ? <span className="note">Acknowledged {s.acknowledgedAt.slice(0, 10)}</span>
                  : perms.has("share:acknowledge") ? <button type="button" onClick={() => void act(cooperationApi.acknowledge(s.id, ""), "Acknowledged.")}>Acknowledge</button> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {perms.has("share:write") ? (
        <section aria-labelledby="outgoing-h">
          <h2 id="outgoing-h">Shared by your organisation</h2>
          {outgoing.length === 0 ? <p className="note">Your organisation has shared nothing yet. Share alerts from a country page.</p> : (
            <ul className="shares">
              {outgoing.map((s) => (
                <li key={s.id} data-testid="outgoing-share">
                  {summary(s)} — to {s.recipients.map((r) => r.name).join(", ") || "nobody by name"}{s.published ? ", published" : ""}
                  {" "}{s.revokedAt ? <span className="note">revoked {s.revokedAt.slice(0, 10)}</span> : <button type="button" onClick={() => void act(cooperationApi.revoke(s.id), "Revoked: partners no longer see it.")}>Revoke</button>}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
