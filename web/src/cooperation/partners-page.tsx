import { useCallback, useEffect, useState } from "react";
import { useMe } from "../session.ts";
import { cooperationApi, type Partner, type PartnerInstance, type ReceivedBundle, type Share, type ShareResponse, type ShareResponseBody } from "./client.ts";

const STATUS_LABELS: Record<ShareResponse["status"], string> = { planned: "Planned", in_progress: "In progress", done: "Done", abandoned: "Abandoned" };

function responseLine(r: ShareResponse, asSharer: boolean): string {
  return `${asSharer ? `${r.organisation}: ` : ""}${r.description} — ${STATUS_LABELS[r.status]}${r.outcome ? ` (${r.outcome})` : ""}, ${r.createdAt.slice(0, 10)}${!asSharer ? (r.visibleToSharer ? " · shown to the sharer" : " · kept in your organisation") : ""}`;
}

/** The form a recipient fills to record a response action on a shared alert. */
function RespondForm({ share, onDone }: { share: Share; onDone: (p: Promise<unknown>, message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [description, setDescription] = useState("");
  const [status, setStatus] = useState<ShareResponseBody["status"]>("planned");
  const [tell, setTell] = useState(false);
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Record response</button>;
  const id = `respond-${share.id}`;
  return (
    <form
      className="respond-form"
      aria-label={`Record a response to the alert from ${share.origin.organisation}`}
      onSubmit={(e) => {
        e.preventDefault();
        onDone(cooperationApi.respond(share.id, { description, status, visibleToSharer: tell }).then(() => {
          // A fresh form next time: a choice to show the sharer never carries over to another action.
          setOpen(false);
          setDescription("");
          setStatus("planned");
          setTell(false);
        }), tell ? `Response recorded; ${share.origin.organisation} can see it.` : "Response recorded; it stays in your organisation.");
      }}
    >
      <label htmlFor={`${id}-d`}>What your organisation does</label>
      <textarea id={`${id}-d`} value={description} minLength={3} maxLength={2000} required onChange={(e) => setDescription(e.target.value)} />
      <label htmlFor={`${id}-s`}>Status</label>
      <select id={`${id}-s`} value={status} onChange={(e) => setStatus(e.target.value as ShareResponseBody["status"])}>
        {Object.entries(STATUS_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
      <label><input type="checkbox" checked={tell} onChange={(e) => setTell(e.target.checked)} /> Let {share.origin.organisation} see this action (never who recorded it)</label>
      <button type="submit">Save response</button>{" "}
      <button type="button" onClick={() => setOpen(false)}>Cancel</button>
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
    cooperationApi.partnerInstances(ctl.signal).then((r) => setInstances(r.partners), (e: Error) => !ctl.signal.aborted && setError(e.message));
    cooperationApi.receivedBundles(ctl.signal).then((r) => setBundles(r.bundles), () => undefined);
    return () => ctl.abort();
  }, []);
  const count = (b: ReceivedBundle) => [["alert", b.items.alert], ["assessment", b.items.assessment], ["report", b.items.report]].filter(([, n]) => Number(n) > 0).map(([k, n]) => `${n} ${k}${n === 1 ? "" : "s"}`).join(", ") || "no items";
  return (
    <>
      <section aria-labelledby="instances-h">
        <h2 id="instances-h">Partner instances</h2>
        <p className="note">Other Tocsin instances whose signed bundles this instance accepts. The operators add them with <code>tocsin partners add</code> after comparing the key's fingerprint with the partner.</p>
        {error ? <p role="alert">{error}</p> : instances === null ? <p>Loading…</p> : instances.length === 0 ? <p className="note">No partner instance is registered.</p> : (
          <table className="partner-instances" data-testid="partner-instances">
            <thead><tr><th scope="col">Instance</th><th scope="col">Key fingerprint (SHA-256)</th><th scope="col">Confirmed by</th><th scope="col">Confirmed on</th></tr></thead>
            <tbody>
              {instances.map((p) => (
                <tr key={p.id}><td>{p.name}</td><td><code className="fingerprint">{p.fingerprint}</code></td><td>{p.confirmedBy}</td><td>{p.confirmedAt.slice(0, 10)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="bundles-h">
        <h2 id="bundles-h">Received bundles</h2>
        {bundles.length === 0 ? <p className="note">Your organisation has imported no bundle.</p> : (
          <table className="received-bundles" data-testid="received-bundles">
            <thead><tr><th scope="col">From</th><th scope="col">Received</th><th scope="col">Items</th></tr></thead>
            <tbody>
              {bundles.map((b) => (
                <tr key={b.bundleId}><td>{b.fromOrganisation ? `${b.fromOrganisation}, via ${b.partner}` : b.partner}</td><td>{b.importedAt.slice(0, 16).replace("T", " ")} UTC</td><td>{count(b)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function summary(s: Share): string {
  const p = s.payload as Record<string, unknown>;
  if (s.itemType === "alert") return `Alert: ${String(p.level)} for ${String(p.iso3)}${p.situation ? ` / ${String(p.situation)}` : ""}`;
  if (s.itemType === "assessment") return `Assessment of ${String(p.iso3)} (${String(p.assessedOn)}): ${String(p.level ?? "not rated")}`;
  return `Verified report, ${String(p.iso3 ?? "unknown country")}, ${String(p.occurredFrom).slice(0, 10)}: ${String(p.description).slice(0, 160)}`;
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
                {s.itemType === "alert" && perms.has("response:write") ? <>{" "}<RespondForm share={s} onDone={(p, m) => void act(p, m)} /></> : null}
                {s.responses.length ? (
                  <ul className="share-responses" aria-label="Your organisation's responses">
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
          <h2 id="outgoing-h">Shared by your organisation</h2>
          {outgoing.length === 0 ? <p className="note">Your organisation has shared nothing yet. Share alerts from a country page.</p> : (
            <ul className="shares">
              {outgoing.map((s) => (
                <li key={s.id} data-testid="outgoing-share">
                  {summary(s)} — to {s.recipients.map((r) => r.name).join(", ") || "nobody by name"}{s.published ? ", published" : ""}
                  {" "}{s.revokedAt ? <span className="note">revoked {s.revokedAt.slice(0, 10)}</span> : <button type="button" onClick={() => void act(cooperationApi.revoke(s.id), "Revoked: partners no longer see it.")}>Revoke</button>}
                  {s.responses.length ? (
                    <ul className="share-responses" aria-label="Responses partners told you about">
                      {s.responses.map((r) => <li key={r.id} data-testid="told-response">{responseLine(r, true)}</li>)}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {perms.has("report:review") ? <InstancesSection /> : null}
    </div>
  );
}
