/**
 * Job schedules as data (issue 15, part 1): a job runs every N milliseconds or on a cron
 * expression (UTC). A schedule is cut into slots; the slot a run belongs to is its identity in the
 * store (`job_runs` is unique on job name and slot), which is how any number of replicas agree that
 * a slot runs once. Pure: no clock, no I/O.
 */
import { Cron } from "croner";
import type { RetryPolicy } from "../delivery/delivery.ts";

export type JobSchedule = { everyMs: number } | { cron: string };

/** Backoff for failed job runs: 3 attempts in all, the retries 5–10 s and 10–20 s after a failure (equal jitter). */
export const DEFAULT_JOB_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 600_000 };

/**
 * The latest slot at or before `now`: the one a replica should make sure has run. Slots missed
 * while no replica ran are not replayed one by one; only the latest is (a catch-up run).
 * @throws {RangeError} for a period under one second or an invalid cron expression
 */
export function latestSlot(schedule: JobSchedule, now: Date): Date {
  if ("everyMs" in schedule) {
    if (!Number.isInteger(schedule.everyMs) || schedule.everyMs < 1000) throw new RangeError(`a job period must be a whole number of milliseconds ≥ 1000, got ${schedule.everyMs}`);
    return new Date(Math.floor(now.getTime() / schedule.everyMs) * schedule.everyMs);
  }
  const cron = parseCron(schedule.cron);
  // A slot exactly at `now` counts: croner's reference is exclusive, so look from just after it.
  const [previous] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!previous) throw new RangeError(`cron "${schedule.cron}" has no run before ${now.toISOString()}`);
  return previous;
}

/** The next slot strictly after `now` (for `jobs list` and for sleeping until it). */
export function nextSlot(schedule: JobSchedule, now: Date): Date {
  if ("everyMs" in schedule) return new Date(latestSlot(schedule, now).getTime() + schedule.everyMs);
  const next = parseCron(schedule.cron).nextRun(now);
  if (!next) throw new RangeError(`cron "${schedule.cron}" has no run after ${now.toISOString()}`);
  return next;
}

/** The store key of a slot: its ISO instant. */
export function slotKey(slot: Date): string {
  return slot.toISOString();
}

/** A readable form of a schedule ("every 15 min", "cron 0 * * * *"). */
export function describeSchedule(schedule: JobSchedule): string {
  if ("cron" in schedule) return `cron ${schedule.cron}`;
  const s = schedule.everyMs / 1000;
  return s % 3600 === 0 ? `every ${s / 3600} h` : s % 60 === 0 ? `every ${s / 60} min` : `every ${s} s`;
}

function parseCron(expression: string): Cron {
  try {
    return new Cron(expression, { timezone: "UTC", paused: true });
  } catch (error) {
    throw new RangeError(`invalid cron expression "${expression}": ${(error as Error).message}`);
  }
}
