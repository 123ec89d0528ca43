/**
 * Alert levels as OASIS Common Alerting Protocol 1.2 messages
 * (http://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2-os.html) and an Atom feed (RFC 4287)
 * of them, the way national alerting hubs and aggregators (Google Public Alerts, WMO's register)
 * collect CAP. Pure text builders: the caller passes the alerts and the instance's address.
 *
 * Mapping (one `<alert>` per current level of a country or a situation inside it):
 * - `identifier` = `tocsin-alert-<id>`, `sender` = `tocsin@<host>`, `sent` = when the level took
 *   effect, `status` Actual, `msgType` Alert, `scope` Public;
 * - one `<info>`: category Security, event "Risk of mass atrocities", urgency/severity/certainty by
 *   level (watch: Future/Moderate/Possible; warning: Expected/Severe/Likely; emergency:
 *   Immediate/Extreme/Likely), `expires` = the reassessment day when there is one, headline and
 *   description from the level's explanation, `web` = the country page, parameters
 *   `tocsinLevel` and (under an analyst override) `tocsinOverride`;
 * - `<area>`: the country (and situation) by name, geocode `ISO3166-1-alpha-3`.
 */

/** What a CAP message is made from (a public alert level). */
export interface CapAlertInput {
  id: string;
  iso3: string;
  /** Country name. */
  name: string;
  /** '' for the whole country, else a situation inside it (an admin1 region). */
  situation: string;
  level: "watch" | "warning" | "emergency";
  /** Level label, e.g. "Warning". */
  label: string;
  explanation: string;
  /** ISO 8601 instant the level took effect. */
  since: string;
  /** `YYYY-MM-DD` day of reassessment, or null. */
  reassessOn: string | null;
  /** Whether an analyst override is in force. */
  overridden: boolean;
}

/** Where the messages come from. */
export interface CapSource {
  /** Host name of the instance (for `sender` and links), e.g. `tocsin.example.org`. */
  host: string;
  /** Base URL of the instance, e.g. `https://tocsin.example.org`. */
  baseUrl: string;
}

/** The CAP 1.2 XML namespace. */
export const CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2";

const BY_LEVEL = {
  watch: { urgency: "Future", severity: "Moderate", certainty: "Possible" },
  warning: { urgency: "Expected", severity: "Severe", certainty: "Likely" },
  emergency: { urgency: "Immediate", severity: "Extreme", certainty: "Likely" },
} as const;

/**
 * Escapes text for XML element content and attributes; drops characters XML 1.0 cannot carry
 * (controls other than tab and line breaks, lone surrogates).
 * @param text any text
 */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * An instant in CAP's date-time form (`2026-12-07T20:00:00+00:00`: no fraction, no `Z`).
 * @param iso an ISO 8601 instant
 * @throws {RangeError} when it is not a date
 */
export function capDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date-time: ${JSON.stringify(iso)}`);
  return d.toISOString().slice(0, 19) + "+00:00";
}

/** The message identifier of an alert (no spaces, commas or XML specials, as CAP requires). */
export function capIdentifier(alert: Pick<CapAlertInput, "id">): string {
  return `tocsin-alert-${alert.id.replace(/[^A-Za-z0-9._:-]/g, "_")}`;
}

function place(alert: CapAlertInput): string {
  return alert.situation ? `${alert.situation}, ${alert.name}` : alert.name;
}

/**
 * The `<alert>` element of one alert level (no XML declaration; see {@link capMessage}).
 * @param alert the alert level
 * @param source the instance
 */
export function capAlertElement(alert: CapAlertInput, source: CapSource): string {
  const m = BY_LEVEL[alert.level];
  const e = (name: string, value: string) => `<${name}>${xmlText(value)}</${name}>`;
  const info = [
    e("language", "en"),
    e("category", "Security"),
    e("event", "Risk of mass atrocities"),
    e("urgency", m.urgency),
    e("severity", m.severity),
    e("certainty", m.certainty),
    e("effective", capDateTime(alert.since)),
    ...(alert.reassessOn ? [e("expires", capDateTime(`${alert.reassessOn}T00:00:00Z`))] : []),
    e("senderName", "Tocsin early warning"),
    e("headline", `${alert.label}: ${place(alert)}`),
    e("description", alert.explanation),
    e("web", `${source.baseUrl}/countries/${encodeURIComponent(alert.iso3)}`),
    `<parameter>${e("valueName", "tocsinLevel")}${e("value", alert.level)}</parameter>`,
    ...(alert.overridden ? [`<parameter>${e("valueName", "tocsinOverride")}${e("value", "analyst override in force")}</parameter>`] : []),
    `<area>${e("areaDesc", place(alert))}<geocode>${e("valueName", "ISO3166-1-alpha-3")}${e("value", alert.iso3)}</geocode></area>`,
  ];
  return (
    `<alert xmlns="${CAP_NAMESPACE}">` +
    e("identifier", capIdentifier(alert)) +
    e("sender", `tocsin@${source.host}`) +
    e("sent", capDateTime(alert.since)) +
    e("status", "Actual") +
    e("msgType", "Alert") +
    e("scope", "Public") +
    `<info>${info.join("")}</info>` +
    `</alert>`
  );
}

/**
 * A standalone CAP 1.2 message (`application/cap+xml`).
 * @param alert the alert level
 * @param source the instance
 * @example
 * capMessage({ id: "1", iso3: "MMR", name: "Myanmar", situation: "", level: "warning", label: "Warning",
 *   explanation: "…", since: "2026-12-01T00:00:00Z", reassessOn: null, overridden: false },
 *   { host: "localhost", baseUrl: "http://localhost:8080" });
 */
export function capMessage(alert: CapAlertInput, source: CapSource): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${capAlertElement(alert, source)}\n`;
}

/**
 * An Atom feed of CAP messages: one entry per alert, its CAP message inline as the entry's
 * content and linked as `/api/alerts/<id>.cap.xml`.
 * @param alerts the public alert levels, gravest first
 * @param source the instance
 * @param updated ISO instant of the newest change (the feed's `updated`); now when there are no alerts
 */
export function capAtomFeed(alerts: readonly CapAlertInput[], source: CapSource, updated: string): string {
  const entries = alerts.map((a) => {
    const link = `${source.baseUrl}/api/alerts/${encodeURIComponent(a.id)}.cap.xml`;
    return (
      `<entry><id>${xmlText(`urn:tocsin:${source.host}:${capIdentifier(a)}`)}</id>` +
      `<title>${xmlText(`${a.label}: ${place(a)}`)}</title>` +
      `<updated>${new Date(a.since).toISOString()}</updated>` +
      `<summary>${xmlText(a.explanation)}</summary>` +
      `<link rel="alternate" type="application/cap+xml" href="${xmlText(link)}"/>` +
      `<content type="application/cap+xml">${capAlertElement(a, source)}</content></entry>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">` +
    `<id>${xmlText(`urn:tocsin:${source.host}:alerts`)}</id>` +
    `<title>Tocsin alert levels</title>` +
    `<updated>${new Date(updated).toISOString()}</updated>` +
    `<author><name>Tocsin early warning</name></author>` +
    `<link rel="self" type="application/atom+xml" href="${xmlText(`${source.baseUrl}/api/alerts.cap.xml`)}"/>` +
    entries.join("") +
    `</feed>\n`
  );
}
