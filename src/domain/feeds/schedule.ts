/**
 * When a feed runs: either a fixed interval (`every 15 minutes`, `every 2 hours`, `every 1 day`, or
 * a bare number of minutes) or a 5-field cron expression in UTC (`minute hour day-of-month month
 * day-of-week`, with `*`, lists `a,b`, ranges `a-b` and steps `*\/n`, `a-b/n`). Pure: the caller
 * passes the clock.
 */

/** A parsed schedule. */
export type Schedule =
  | { kind: "interval"; minutes: number; text: string }
  | { kind: "cron"; minute: ReadonlySet<number>; hour: ReadonlySet<number>; dom: ReadonlySet<number>; month: ReadonlySet<number>; dow: ReadonlySet<number>; domAny: boolean; dowAny: boolean; text: string };

/** A schedule text that is neither an interval nor a valid cron expression. */
export class ScheduleError extends SyntaxError {
  constructor(message: string) {
    super(message);
    this.name = "ScheduleError";
  }
}

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, minute: 1, minutes: 1, h: 60, hour: 60, hours: 60, d: 1440, day: 1440, days: 1440 };

/**
 * Parses a schedule.
 * @throws {ScheduleError} naming the part at fault
 * @example
 * parseSchedule("every 15 minutes"); // { kind: "interval", minutes: 15, … }
 * parseSchedule("*\/15 * * * *");     // cron, every quarter hour
 */
export function parseSchedule(text: string): Schedule {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return interval(Number(t), text);
  const every = /^every\s+(\d+)\s*([a-z]+)$/.exec(t);
  if (every) {
    const unit = UNIT_MINUTES[every[2]];
    if (!unit) throw new ScheduleError(`unknown unit "${every[2]}" in schedule "${text}" (use minutes, hours or days)`);
    return interval(Number(every[1]) * unit, text);
  }
  const parts = t.split(/\s+/);
  if (parts.length !== 5) throw new ScheduleError(`schedule "${text}" is neither "every N minutes" nor a 5-field cron expression`);
  const [mi, h, dom, mo, dow] = parts;
  return {
    kind: "cron", text,
    minute: field(mi, 0, 59, "minute"), hour: field(h, 0, 23, "hour"), dom: field(dom, 1, 31, "day of month"), month: field(mo, 1, 12, "month"),
    // 7 is Sunday too, as in most crons.
    dow: new Set([...field(dow, 0, 7, "day of week")].map((d) => d % 7)),
    domAny: dom === "*", dowAny: dow === "*",
  };
}

function interval(minutes: number, text: string): Schedule {
  if (!(Number.isInteger(minutes) && minutes >= 1 && minutes <= 366 * 1440)) throw new ScheduleError(`schedule "${text}": the interval must be 1 minute to 366 days`);
  return { kind: "interval", minutes, text };
}

function field(part: string, min: number, max: number, name: string): Set<number> {
  const out = new Set<number>();
  for (const item of part.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new ScheduleError(`cron ${name} "${item}" is not a number, range, list or step`);
    const lo = m[1] === "*" ? min : Number(m[2]);
    const hi = m[1] === "*" ? max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? max : lo;
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < min || hi > max || lo > hi || step < 1) throw new ScheduleError(`cron ${name} "${item}" is outside ${min}–${max}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

const MINUTE = 60_000;

/**
 * The first time strictly after `after` at which the schedule fires (whole minutes, UTC). An
 * interval counts from `after` (the end of the previous run), so a slow run never causes a burst.
 * @throws {ScheduleError} when a cron expression never fires within 5 years (e.g. 31 February)
 */
export function nextRun(schedule: Schedule, after: Date): Date {
  if (schedule.kind === "interval") return new Date(after.getTime() + schedule.minutes * MINUTE);
  const d = new Date(Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE);
  const limit = after.getTime() + 5 * 366 * 1440 * MINUTE;
  while (d.getTime() <= limit) {
    if (!schedule.month.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    // Standard cron: when both day fields are restricted, either one matching is enough.
    const domOk = schedule.dom.has(d.getUTCDate());
    const dowOk = schedule.dow.has(d.getUTCDay());
    const dayOk = schedule.domAny || schedule.dowAny ? domOk && dowOk : domOk || dowOk;
    if (!dayOk) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!schedule.hour.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!schedule.minute.has(d.getUTCMinutes())) {
      d.setTime(d.getTime() + MINUTE);
      continue;
    }
    return d;
  }
  throw new ScheduleError(`cron schedule "${schedule.text}" never fires`);
}

/**
 * Whether a feed is stale: not paused and silent (no success since `since`, its last success or,
 * if it never succeeded, its creation) for longer than its expected rhythm.
 */
export function isStale(feed: { paused: boolean; lastSuccessAt: Date | null; createdAt: Date; expectedRhythmMinutes: number }, now: Date): boolean {
  if (feed.paused) return false;
  const since = feed.lastSuccessAt ?? feed.createdAt;
  return now.getTime() - since.getTime() > feed.expectedRhythmMinutes * MINUTE;
}
