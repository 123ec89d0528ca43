import { useEffect, useState } from "react";
import { cooperationApi, type Partner, type ShareBody } from "./client.ts";

/**
 * Share one item with named partner organisations, or publish it. What leaves is redacted by rule on
 * the server (docs/cooperation.md); the form only chooses who receives it.
 */
export function ShareButton({ itemType, itemId, label }: { itemType: ShareBody["itemType"]; itemId: string; label: string }) {
  const [open, setOpen] = useState(false);
  const [partners, setPartners] = useState<Partner[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [publish, setPublish] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (!open || partners) return;
    cooperationApi.partners().then((r) => setPartners(r.partners.filter((p) => !p.self)), (e: Error) => setMessage(e.message));
  }, [open, partners]);
  if (!open) return <button type="button" onClick={() => setOpen(true)}>Share {label}</button>;
  const submit = async () => {
    try {
      const s = await cooperationApi.share({ itemType, itemId, recipients: chosen, publish });
      setMessage(`Shared with ${s.recipients.map((r) => r.name).join(", ") || "nobody by name"}${s.published ? " and published" : ""}. Reporter, witness, exact-location and internal-note fields were left out.`);
      setChosen([]);
      setPublish(false);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };
  return (
    <form className="share-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label={`Share ${label}`}>
      <fieldset>
        <legend>Share {label} with</legend>
        {partners === null ? <p className="note">Loading partners…</p> : partners.length === 0 ? <p className="note">No other organisation on this instance.</p> : partners.map((p) => (
          <label key={p.id}>
            <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))} /> {p.name}
          </label>
        ))}
        <label><input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} /> Publish to every organisation</label>
      </fieldset>
      <button type="submit" disabled={!chosen.length && !publish}>Share</button>{" "}
      <button type="button" onClick={() => setOpen(false)}>Close</button>
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
}
