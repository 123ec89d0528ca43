import { useEffect, useState } from "react";
import { errorText } from "../i18n/errors.ts";
import { fmtList, t } from "../i18n/i18n.ts";
import { cooperationApi, type Partner, type ShareBody } from "./client.ts";

/**
 * Share one item with named partner organisations, or publish it. What leaves is redacted by rule on
 * the server (docs/cooperation.md); the form only chooses who receives it.
 * @param label what is shared, already translated ("this alert")
 */
export function ShareButton({ itemType, itemId, label }: { itemType: ShareBody["itemType"]; itemId: string; label: string }) {
  const [open, setOpen] = useState(false);
  const [partners, setPartners] = useState<Partner[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [publish, setPublish] = useState(false);
  const [message, setMessage] = useState("");
  useEffect(() => {
    if (!open || partners) return;
    cooperationApi.partners().then((r) => setPartners(r.partners.filter((p) => !p.self)), (e: unknown) => setMessage(errorText(e)));
  }, [open, partners]);
  if (!open) return <button type="button" onClick={() => setOpen(true)}>{t("share.open", { what: label })}</button>;
  const submit = async () => {
    try {
      const s = await cooperationApi.share({ itemType, itemId, recipients: chosen, publish });
      const names = s.recipients.map((r) => r.name);
      setMessage(t("share.done", { to: names.length ? fmtList(names) : t("share.nobody"), published: s.published ? "yes" : "no" }));
      setChosen([]);
      setPublish(false);
    } catch (e) {
      setMessage(errorText(e));
    }
  };
  return (
    <form className="share-form" onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label={t("share.open", { what: label })}>
      <fieldset>
        <legend>{t("share.with", { what: label })}</legend>
        {partners === null ? <p className="note">{t("common.loading", { what: t("share.partners") })}</p> : partners.length === 0 ? <p className="note">{t("share.noOther")}</p> : partners.map((p) => (
          <label key={p.id}>
            <input type="checkbox" checked={chosen.includes(p.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))} /> <bdi dir="auto">{p.name}</bdi>
          </label>
        ))}
        <label><input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} /> {t("share.publish")}</label>
      </fieldset>
      <button type="submit" disabled={!chosen.length && !publish}>{t("share.submit")}</button>{" "}
      <button type="button" onClick={() => setOpen(false)}>{t("share.close")}</button>
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
}
