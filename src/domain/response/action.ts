/**
 * Rules for the actions an organisation records on an alert: which links are acceptable and what a
 * deadline or reassessment date looks like. Pure; the service turns `ActionInputError` into a 400.
 */

/** At most this many links per action (evidence of what was done, not a bibliography). */
export const MAX_LINKS = 20;

/** A field of an action is not acceptable. `field` names it (`links[2]`, `deadline`). */
export class ActionInputError extends Error {
  constructor(message: string, readonly field: string) {
    super(`${field}: ${message}`);
    this.name = "ActionInputError";
  }
}

/**
 * True for a real calendar day written `YYYY-MM-DD` (rejects 2026-02-30, which `Date` would roll over).
 */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Checks and normalises an action's links: absolute http(s) URLs without credentials, at most
 * {@link MAX_LINKS}, 2,048 characters each; duplicates are dropped, order kept. Other schemes
 * (javascript:, data:, file:) are refused because links are rendered as anchors in the dashboard
 * and the brief.
 * @throws {ActionInputError} naming the first bad link
 */
export function validateLinks(links: readonly string[]): string[] {
  if (links.length > MAX_LINKS) throw new ActionInputError(`at most ${MAX_LINKS} links`, "links");
  const out: string[] = [];
  for (const [i, raw] of links.entries()) {
    const field = `links[${i}]`;
    if (raw.length > 2048) throw new ActionInputError("longer than 2048 characters", field);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ActionInputError("not an absolute URL", field);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ActionInputError(`scheme "${url.protocol}" is not allowed (http or https only)`, field);
    if (url.username || url.password) throw new ActionInputError("must not carry credentials", field);
    if (!url.hostname) throw new ActionInputError("has no host", field);
    const href = url.toString();
    if (!out.includes(href)) out.push(href);
  }
  return out;
}

/**
 * True when an open action (planned or in progress) is past its deadline on `today` (YYYY-MM-DD).
 */
export function isOverdue(action: { status: string; deadline: string | null }, today: string): boolean {
  return (action.status === "planned" || action.status === "in_progress") && action.deadline !== null && action.deadline < today;
}
