import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { navigate } from "../navigation.ts";
import { signOut, useMe } from "../session.ts";
import {
  buildSubmission, LOCATION_PRECISIONS, MAX_ATTACHMENT_BYTES, newIdempotencyKey, PERPETRATORS, TIME_PRECISIONS, VICTIM_FIELDS,
  type EncodedAttachment, type ReportFormValues,
} from "../lib/report-form.ts";
import { enqueue, flushQueue, listQueued, NoQueueKeyError, QUEUE_EVENT, remove, startQueueSync, type QueuedReport } from "../lib/report-queue.ts";
import { registerOfflineShell } from "./offline-shell.ts";

const SOURCE_KINDS = [["witness", "I saw it (witness)"], ["victim", "A victim told me"], ["media", "News media"], ["document", "A document"], ["social_media", "Social media"], ["other", "Other"]] as const;

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
      if (tooBig) fieldErrors.attachments = `${tooBig.name}: larger than ${Math.round(MAX_ATTACHMENT_BYTES / 1e6)} MB.`;
      setErrors(fieldErrors);
      if (!built.ok || tooBig) {
        setNotice("Please correct the marked fields.");
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
      setNotice(outcomes.includes("sent") ? "Report sent. Thank you." : "Saved on this device. It will be sent when you are online.");
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
        <h1 id="report-title">Report an incident</h1>
        {me?.kind === "user" && <button type="button" className="link-button" onClick={() => void signOut()}>Sign out</button>}
      </div>
      <p className={online ? "note" : "note offline-banner"} role="status">
        {online ? "Online." : "Offline: reports are kept on this device and sent when the connection returns."}
      </p>
      {me?.kind === "anonymous" && (
        <p className="status error" role="alert">
          You are not signed in. <a href="/sign-in?next=/report" onClick={(e) => { e.preventDefault(); navigate("/sign-in?next=/report"); }}>Sign in</a> to send reports.
        </p>
      )}

      <section aria-labelledby="outbox-title" className="outbox">
        <h2 id="outbox-title">Waiting to send</h2>
        {queue === undefined ? <p className="note">Reading the outbox…</p> : pending.length + rejected.length === 0 ? <p className="note">Nothing waiting.</p> : (
          <ul className="queue" aria-live="polite">
            {pending.map((q) => (
              <li key={q.key} data-key={q.key}>
                <span className="badge">queued — will send when online</span> sealed report (readable only by the server)
                <span className="note"> · saved {new Date(q.queuedAt).toLocaleString()}{q.attempts ? ` · ${q.attempts} attempt${q.attempts > 1 ? "s" : ""}` : ""}</span>
              </li>
            ))}
            {rejected.map((q) => (
              <li key={q.key} data-key={q.key}>
                <span className="badge bad">not accepted</span> report saved {new Date(q.queuedAt).toLocaleString()}: {q.error}{" "}
                <button type="button" onClick={() => void remove(q.key)}>Discard</button>
              </li>
            ))}
          </ul>
        )}
        {pending.length > 0 && online && <button type="button" onClick={() => void flushQueue()}>Send now</button>}
      </section>

      <form ref={formRef} className="stack report-form" onSubmit={onSubmit} noValidate>
        <h2>What happened</h2>
        <label>Description <span className="note">(what, who was affected; no names of victims unless needed)</span>
          <textarea name="description" dir="auto" rows={6} maxLength={20000} required {...described("description")} />
        </label>
        {err("description")}

        <fieldset>
          <legend>When</legend>
          <label>Date and time <input name="occurredAt" type="datetime-local" defaultValue={nowLocal()} required {...described("occurredAt")} /></label>
          {err("occurredAt")}
          <label>How precise
            <select name="precision" defaultValue="day">{TIME_PRECISIONS.map((p) => <option key={p} value={p}>{p}</option>)}</select>
          </label>
        </fieldset>

        <fieldset>
          <legend>Where</legend>
          <p className="note">A rough point is enough. Exact points are encrypted; others only ever see a blurred location.</p>
          <div className="row">
            <label>Latitude <input name="lat" inputMode="decimal" placeholder="e.g. 13.63" {...described("lat")} /></label>
            <label>Longitude <input name="lon" inputMode="decimal" placeholder="e.g. 25.35" {...described("lon")} /></label>
          </div>
          {err("lat")}{err("lon")}
          <label>How close is the point
            <select name="precisionMeters" defaultValue="10000">{LOCATION_PRECISIONS.map(([m, label]) => <option key={m} value={m}>{label}</option>)}</select>
          </label>
          <div className="row">
            <label>Country code <input name="countryIso3" maxLength={3} size={4} placeholder="SDN" autoCapitalize="characters" {...described("countryIso3")} /></label>
            <label>Area or town <input name="adminArea" dir="auto" maxLength={200} /></label>
          </div>
          {err("countryIso3")}
          <label className="check"><input type="checkbox" name="protectLocation" defaultChecked /> Protect the exact point</label>
        </fieldset>

        <fieldset>
          <legend>Victims (numbers, if known)</legend>
          <div className="row">
            {VICTIM_FIELDS.map(([f, label]) => (
              <label key={f}>{label} <input name={`victims.${f}`} type="number" min={0} step={1} inputMode="numeric" className="count-input" {...described(`victims.${f}`)} /></label>
            ))}
          </div>
          {VICTIM_FIELDS.map(([f]) => err(`victims.${f}`))}
          <label>Targeted group <input name="targetedGroup" dir="auto" maxLength={200} /></label>
        </fieldset>

        <fieldset>
          <legend>Perpetrator and source</legend>
          <label>Who did it
            <select name="perpetratorType" defaultValue="unknown">{PERPETRATORS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}</select>
          </label>
          <label>How do you know
            <select name="sourceKind" defaultValue="witness">{SOURCE_KINDS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}</select>
          </label>
          <label>Source details <input name="sourceDescription" dir="auto" maxLength={2000} /></label>
        </fieldset>

        <fieldset>
          <legend>Attachments</legend>
          <label>Photos, video, audio, PDF or text (up to 10 files, {Math.round(MAX_ATTACHMENT_BYTES / 1e6)} MB each; photo location data is removed on the server)
            <input name="attachments" type="file" multiple accept="image/jpeg,image/png,video/mp4,video/webm,audio/mpeg,audio/ogg,audio/mp4,application/pdf,text/plain" {...described("attachments")} />
          </label>
          {err("attachments")}
        </fieldset>

        {notice && <p className="status" role="status">{notice}</p>}
        <button type="submit" disabled={busy}>{busy ? "Saving…" : "Submit report"}</button>
      </form>
    </section>
  );
}
