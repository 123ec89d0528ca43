/**
 * Gap metrics (issue 7, part 3): how far an organisation's response lags its warnings. Pure: the
 * caller passes the alerts, the organisation's acknowledgements, actions and reassessment dates,
 * and the clock.
 */
import { atLeast, type AlertLevel } from "../alerts/level.ts";
import { isOverdue } from "./action.ts";

/** Action statuses, in workflow order. */
export const ACTION_STATUSES = ["planned", "in_progress", "done", "abandoned"] as const;
/** One action status. */
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An alert (one level change of a subject) as the metrics see it. */
export interface GapAlert {
  id: string;
  countryIso3: string;
  /** '' for the whole country. */
  situation: string;
  level: AlertLevel;
  createdAt: Date;
  /** True for the subject's level in force. */
  current: boolean;
  /** The alert's own reassessment date (YYYY-MM-DD), if the rules set one. */
  reassessOn: string | null;
}

/** The organisation's acknowledgement of an alert (several per alert are allowed; the earliest counts). */
export interface GapAcknowledgement {
  alertId: string;
  at: Date;
}

/** An action the organisation recorded on an alert. */
export interface GapAction {
  id: string;
  alertId: string;
  status: ActionStatus;
  createdAt: Date;
  /** YYYY-MM-DD or null. */
  deadline: string | null;
}

/** The organisation's own reassessment date for an alert (YYYY-MM-DD); it wins over the alert's. */
export interface GapReassessment {
  alertId: string;
  reassessOn: string;
}

/** Everything the metrics need. */
export interface GapInput {
  alerts: readonly GapAlert[];
  acknowledgements: readonly GapAcknowledgement[];
  actions: readonly GapAction[];
  reassessments: readonly GapReassessment[];
  now: Date;
  /** An alert at Warning or above counts as unanswered after this many days (default 7). */
  noActionDays?: number;
}

/** Median and mean of a set of durations in hours; both null when there is none. */
export interface DurationStat {
  count: number;
  medianHours: number | null;
  meanHours: number | null;
}

/** A current alert at Warning or above with no live action after N days. */
export interface UnansweredAlert {
  alertId: string;
  countryIso3: string;
  situation: string;
  level: AlertLevel;
  since: string;
  ageDays: number;
}

/** An open action past its deadline. */
export interface OverdueAction {
  actionId: string;
  alertId: string;
  countryIso3: string;
  deadline: string;
  daysOverdue: number;
}

/** A current alert whose reassessment date has come. */
export interface DueReassessment {
  alertId: string;
  countryIso3: string;
  situation: string;
  reassessOn: string;
  /** Whose date it is: the organisation's, or the alert rules'. */
  source: "organisation" | "alert";
}

/** The metrics of one scope (the whole organisation, or one country). */
export interface GapSummary {
  /** Alerts above "none" in the input. */
  alerts: number;
  acknowledged: number;
  /** Hours from an alert to the organisation's first acknowledgement, over acknowledged alerts. */
  timeToAcknowledge: DurationStat;
  /** Hours from an alert to the first action recorded on it (any status), over alerts with one. */
  timeToFirstAction: DurationStat;
  unanswered: UnansweredAlert[];
  overdueActions: OverdueAction[];
  reassessmentsDue: DueReassessment[];
}

/** The result of {@link computeGapMetrics}. */
export interface GapMetrics {
  asOf: string;
  noActionDays: number;
  overall: GapSummary;
  /** One summary per country with alerts, by ISO3. */
  countries: (GapSummary & { countryIso3: string })[];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);
const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Median and mean of `values` (hours), rounded to 1/1000 hour. The median of an even count is the
 * mean of the two middle values.
 */
export function durationStat(values: readonly number[]): DurationStat {
  if (!values.length) return { count: 0, medianHours: null, meanHours: null };
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { count: s.length, medianHours: round(median), meanHours: round(s.reduce((a, b) => a + b, 0) / s.length) };
}

/**
 * Computes the gap metrics for one organisation, overall and per country.
 *
 * - Alerts at level "none" (stand-downs) are left out.
 * - Time to acknowledge = earliest acknowledgement − alert time; time to first action = earliest
 *   action's creation − alert time, in hours, clamped at 0 (a late-stamped alert cannot make a
 *   negative gap).
 * - Unanswered: a *current* alert at Warning or Emergency, at least `noActionDays` old, whose
 *   subject (country + situation) has no live action: none that is planned or in progress (work
 *   started on an earlier level still counts as response), and none of any status but abandoned
 *   recorded since the alert. Abandoned actions never count as response.
 * - Overdue: planned or in-progress actions whose deadline is before today (UTC).
 * - Reassessments due: current alerts whose reassessment date (the organisation's, else the
 *   alert's) is today or earlier.
 *
 * @throws {RangeError} when `noActionDays` is negative or not finite
 */
export function computeGapMetrics(input: GapInput): GapMetrics {
  const noActionDays = input.noActionDays ?? 7;
  if (!Number.isFinite(noActionDays) || noActionDays < 0) throw new RangeError(`noActionDays must be a non-negative number, got ${noActionDays}`);
  const now = input.now.getTime();
  const today = dayOf(input.now);
  const alerts = input.alerts.filter((a) => a.level !== "none");
  const byId = new Map(input.alerts.map((a) => [a.id, a]));
  const subject = (a: GapAlert) => `${a.countryIso3}\u0000${a.situation}`;

  const firstAck = new Map<string, number>();
  for (const k of input.acknowledgements) firstAck.set(k.alertId, Math.min(firstAck.get(k.alertId) ?? Infinity, k.at.getTime()));
  const firstAction = new Map<string, number>();
  for (const a of input.actions) firstAction.set(a.alertId, Math.min(firstAction.get(a.alertId) ?? Infinity, a.createdAt.getTime()));
  const orgReassess = new Map(input.reassessments.map((r) => [r.alertId, r.reassessOn]));

  // Per subject, the live actions (not abandoned) with their creation time and whether still open.
  const liveBySubject = new Map<string, { open: boolean; at: number }[]>();
  for (const act of input.actions) {
    const alert = byId.get(act.alertId);
    if (!alert || act.status === "abandoned") continue;
    const list = liveBySubject.get(subject(alert)) ?? [];
    list.push({ open: act.status === "planned" || act.status === "in_progress", at: act.createdAt.getTime() });
    liveBySubject.set(subject(alert), list);
  }

  const unanswered: UnansweredAlert[] = [];
  const reassessmentsDue: DueReassessment[] = [];
  for (const a of alerts) {
    if (!a.current) continue;
    const created = a.createdAt.getTime();
    const ageDays = (now - created) / DAY;
    if (atLeast(a.level, "warning") && ageDays >= noActionDays) {
      const live = (liveBySubject.get(subject(a)) ?? []).some((x) => x.open || x.at >= created);
      if (!live) unanswered.push({ alertId: a.id, countryIso3: a.countryIso3, situation: a.situation, level: a.level, since: a.createdAt.toISOString(), ageDays: Math.floor(ageDays) });
    }
    const own = orgReassess.get(a.id);
    const date = own ?? a.reassessOn;
    if (date && date <= today) reassessmentsDue.push({ alertId: a.id, countryIso3: a.countryIso3, situation: a.situation, reassessOn: date, source: own ? "organisation" : "alert" });
  }

  const overdueActions: OverdueAction[] = [];
  for (const act of input.actions) {
    const alert = byId.get(act.alertId);
    if (!alert || !act.deadline || !isOverdue(act, today)) continue;
    overdueActions.push({ actionId: act.id, alertId: act.alertId, countryIso3: alert.countryIso3, deadline: act.deadline, daysOverdue: Math.round((dayStart(today) - dayStart(act.deadline)) / DAY) });
  }

  const summarise = (keep: (iso3: string) => boolean): GapSummary => {
    const scoped = alerts.filter((a) => keep(a.countryIso3));
    const ack: number[] = [];
    const act: number[] = [];
    for (const a of scoped) {
      const k = firstAck.get(a.id);
      if (k !== undefined) ack.push(Math.max(0, k - a.createdAt.getTime()) / HOUR);
      const f = firstAction.get(a.id);
      if (f !== undefined) act.push(Math.max(0, f - a.createdAt.getTime()) / HOUR);
    }
    return {
      alerts: scoped.length,
      acknowledged: ack.length,
      timeToAcknowledge: durationStat(ack),
      timeToFirstAction: durationStat(act),
      unanswered: unanswered.filter((u) => keep(u.countryIso3)).sort((x, y) => y.ageDays - x.ageDays || x.alertId.localeCompare(y.alertId)),
      overdueActions: overdueActions.filter((o) => keep(o.countryIso3)).sort((x, y) => y.daysOverdue - x.daysOverdue || x.actionId.localeCompare(y.actionId)),
      reassessmentsDue: reassessmentsDue.filter((r) => keep(r.countryIso3)).sort((x, y) => x.reassessOn.localeCompare(y.reassessOn) || x.alertId.localeCompare(y.alertId)),
    };
  };

  const countries = [...new Set(alerts.map((a) => a.countryIso3))].sort();
  return {
    asOf: input.now.toISOString(),
    noActionDays,
    overall: summarise(() => true),
    countries: countries.map((iso3) => ({ countryIso3: iso3, ...summarise((c) => c === iso3) })),
  };
}
