import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { navigate } from "../navigation.ts";
import { signOut, useMe } from "../session.ts";
import {
  buildSubmission, LOCATION_PRECISIONS, MAX_ATTACHMENT_BYTES, newIdempotencyKey, PERPETRATORS, TIME_PRECISIONS, VICTIM_FIELDS,
  type EncodedAttachment, type ReportFormValues,
} from "../lib/report-form.ts";
import { enqueue, flushQueue, listQueued, NoQueueKeyError, QUEUE_EVENT, remove, startQueueSync, type QueuedReport } from "../lib/report-queue.ts";
import { registerOfflineShell } from "./offline-shell.ts";
import { fmtDateTime, fmtNumber, t, tDynamic } from "../i18n/i18n.ts";

const SOURCE_KINDS = ["witness", "victim", "media", "document", "social_media", "other"] as const;

/** Reads a file as base64 (without the data: prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  }, []);
  return online;
}

function useQueue(): [QueuedReport[] | undefined, () => void] {
  const [items, setItems] = useState<QueuedReport[] | undefined>(undefined);
  const reload = useCallback(() => void listQueued().then(setItems, () => setItems([])), []);
  useEffect(() => {
    reload();
    window.addEventListener(QUEUE_EVENT, reload);
    return () => window.removeEventListener(QUEUE_EVENT, reload);
  }, [reload]);
  return [items, reload];
}

/** Today's local date and time for a `datetime-local` input. */
function nowLocal(): string {
  const d = new Date();
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * The incident report form for monitors. Works offline: every report goes to the device's outbox
 * (IndexedDB) with its own Idempotency-Key first, is sent at once when possible, otherwise when the
 * connection returns; it is deleted from the device as soon as the server confirms it.
 */
export function ReportPage() {
  const me = useMe();
  const online = useOnline();
  const [queue] = useQueue();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    registerOfflineShell();
    startQueueSync();
  }, []);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const get = (name: string) => String(form.get(name) ?? "");
    const values: ReportFormValues = {
      description: get("description"), occurredAt: get("occurredAt"), precision: get("precision"), lat: get("lat"), lon: get("lon"),
      precisionMeters: get("precisionMeters"), countryIso3: get("countryIso3"), adminArea: get("adminArea"), protectLocation: form.get("protectLocation") === "on",
      perpetratorType: get("perpetratorType"), targetedGroup: get("targetedGroup"), sourceKind: get("sourceKind"), sourceDescription: get("sourceDescription"),
      victims: Object.fromEntries(VICTIM_FIELDS.map(([f]) => [f, get(`victims.${f}`)])),
    };
    setBusy(true);
    try {
      const files = (form.getAll("attachments") as File[]).filter((f) => f instanceof File && f.size > 0);
      const tooBig = files.find((f) => f.size > MAX_ATTACHMENT_BYTES);
      const attachments: EncodedAttachment[] = tooBig ? [] : await Promise.all(files.map(async (f) => ({ fileName: f.name, mediaType: f.type || "application/octet-stream", data: await readBase64(f) })));
      const built = buildSubmission(values, attachments);
      const fieldErrors = built.ok ? {} : built.errors;
      if (tooBig) fieldErrors.attachments = t("report.error.fileSize", { file: tooBig.name, mb: Math.round(MAX_ATTACHMENT_BYTES / 1e6) });
      setErrors(fieldErrors);
      if (!built.ok || tooBig) {
        setNotice(t("report.correct"));
        return;
      }
      // Outbox first: if the answer is lost, the report is still here and the retry reuses the key.
      try {
        await enqueue(newIdempotencyKey(), built.body);
      } catch (error) {
        if (!(error instanceof NoQueueKeyError)) throw error;
        setNotice(error.message);
        return;
      }
      formRef.current?.reset();
      const outcomes = await flushQueue();
      setNotice(outcomes.includes("sent") ? t("report.sent") : t("report.saved"));
    } finally {
      setBusy(false);
    }
  }

  const err = (name: string) => (errors[name] ? <span className="field-error" id={`${name}-error`}>{errors[name]}</span> : null);
  const described = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  const pending = queue?.filter((q) => q.state === "queued") ?? [];
  const rejected = queue?.filter((q) => q.state === "rejected") ?? [];

  return (
    <section className="narrow report-page" aria-labelledby="report-title">
      <div className="country-head">
        <h1 id="report-title">{t("report.title")}</h1>
        {me?.kind === "user" && <button type="button" className="link-button" onClick={() => void signOut()}>{t("common.signOut")}</button>}
      </div>
      <p className={online ? "note" : "note offline-banner"} role="status">
        {online ? t("report.online") : t("report.offline")}
      </p>
      {me?.kind === "anonymous" && (
        <p className="status error" role="alert">
          {t("report.notSignedIn")} <a href="/sign-in?next=/report" onClick={(e) => { e.preventDefault(); navigate("/sign-in?next=/report"); }}>{t("signin.title")}</a>
        </p>
      )}

      <section aria-labelledby="outbox-title" className="outbox">
        <h2 id="outbox-title">{t("report.outbox.title")}</h2>
        {queue === undefined ? <p className="note">{t("report.outbox.reading")}</p> : pending.length + rejected.length === 0 ? <p className="note">{t("report.outbox.empty")}</p> : (
          <ul className="queue" aria-live="polite">
            {pending.map((q) => (
              <li key={q.key} data-key={q.key}>
                <span className="badge">{t("report.outbox.queued")}</span> {t("report.outbox.sealed")}
                <span className="note"> · {t("report.outbox.savedAt", { when: fmtDateTime(q.queuedAt) })}{q.attempts ? ` · ${t("report.outbox.attempts", { n: q.attempts })}` : ""}</span>
              </li>
            ))}
            {rejected.map((q) => (
              <li key={q.key} data-key={q.key}>
                <span className="badge bad">{t("report.outbox.rejected")}</span> {t("report.outbox.savedAt", { when: fmtDateTime(q.queuedAt) })}: <bdi>{q.error}</bdi>{" "}
                <button type="button" onClick={() => void remove(q.key)}>{t("report.outbox.discard")}</button>
              </li>
            ))}
          </ul>
        )}
        {pending.length > 0 && online && <button type="button" onClick={() => void flushQueue()}>{t("report.outbox.sendNow")}</button>}
      </section>

      <form ref={formRef} className="stack report-form" onSubmit={onSubmit} noValidate>
        <h2>{t("report.what")}</h2>
        <label>{t("report.description")} <span className="note">{t("report.descriptionHint")}</span>
          <textarea name="description" dir="auto" rows={6} maxLength={20000} required {...described("description")} />
        </label>
        {err("description")}

        <fieldset>
          <legend>{t("report.when")}</legend>
          <label>{t("report.dateTime")} <input name="occurredAt" type="datetime-local" defaultValue={nowLocal()} required {...described("occurredAt")} /></label>
          {err("occurredAt")}
          <label>{t("report.howPrecise")}
            <select name="precision" defaultValue="day">{TIME_PRECISIONS.map((p) => <option key={p} value={p}>{tDynamic(`report.precision.${p}`, p)}</option>)}</select>
          </label>
        </fieldset>

        <fieldset>
          <legend>{t("report.where")}</legend>
          <p className="note">{t("report.whereHint")}</p>
          <div className="row">
            <label>{t("report.lat")} <input name="lat" inputMode="decimal" placeholder={t("report.example", { value: fmtNumber(13.63) })} {...described("lat")} /></label>
            <label>{t("report.lon")} <input name="lon" inputMode="decimal" placeholder={t("report.example", { value: fmtNumber(25.35) })} {...described("lon")} /></label>
          </div>
          {err("lat")}{err("lon")}
          <label>{t("report.howClose")}
            <select name="precisionMeters" defaultValue="10000">{LOCATION_PRECISIONS.map(([m, label]) => <option key={m} value={m}>{tDynamic(`report.distance.${m}`, label)}</option>)}</select>
          </label>
          <div className="row">
            <label>{t("report.countryCode")} <input name="countryIso3" maxLength={3} size={4} placeholder="SDN" translate="no" autoCapitalize="characters" {...described("countryIso3")} /></label>
            <label>{t("report.area")} <input name="adminArea" dir="auto" maxLength={200} /></label>
          </div>
          {err("countryIso3")}
          <label className="check"><input type="checkbox" name="protectLocation" defaultChecked /> {t("report.protect")}</label>
        </fieldset>

        <fieldset>
          <legend>{t("report.victims")}</legend>
          <div className="row">
            {VICTIM_FIELDS.map(([f, label]) => (
              <label key={f}>{tDynamic(`report.victims.${f}`, label)} <input name={`victims.${f}`} type="number" min={0} step={1} inputMode="numeric" className="count-input" {...described(`victims.${f}`)} /></label>
            ))}
          </div>
          {VICTIM_FIELDS.map(([f]) => err(`victims.${f}`))}
          <label>{t("report.targetedGroup")} <input name="targetedGroup" dir="auto" maxLength={200} /></label>
        </fieldset>

        <fieldset>
          <legend>{t("report.perpetratorAndSource")}</legend>
          <label>{t("report.whoDidIt")}
            <select name="perpetratorType" defaultValue="unknown">{PERPETRATORS.map(([v, label]) => <option key={v} value={v}>{tDynamic(`report.perpetrator.${v}`, label)}</option>)}</select>
          </label>
          <label>{t("report.howKnow")}
            <select name="sourceKind" defaultValue="witness">{SOURCE_KINDS.map((v) => <option key={v} value={v}>{tDynamic(`report.source.${v}`, v)}</option>)}</select>
          </label>
          <label>{t("report.sourceDetails")} <input name="sourceDescription" dir="auto" maxLength={2000} /></label>
        </fieldset>

        <fieldset>
          <legend>{t("report.attachments")}</legend>
          <label>{t("report.attachmentsHint", { max: 10, mb: Math.round(MAX_ATTACHMENT_BYTES / 1e6) })}
            <input name="attachments" type="file" multiple accept="image/jpeg,image/png,video/mp4,video/webm,audio/mpeg,audio/ogg,audio/mp4,application/pdf,text/plain" {...described("attachments")} />
          </label>
          {err("attachments")}
        </fieldset>

        {notice && <p className="status" role="status">{notice}</p>}
        <button type="submit" disabled={busy}>{busy ? t("report.saving") : t("report.submit")}</button>
      </form>
    </section>
  );
}
