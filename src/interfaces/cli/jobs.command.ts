import type { Command } from "commander";
import { openConfiguredStore } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { describeSchedule, nextSlot } from "../../domain/jobs/schedule.ts";
import { jobHistory } from "../../services/job.service.ts";
import { tocsinJobs } from "../jobs/registry.ts";
import { cliConfig, io } from "./io.ts";

/** `tocsin jobs list|history`: the registered background jobs and their run history. */
export function registerJobsCommands(program: Command): void {
  const group = program.command("jobs").description("background jobs (run by `tocsin start`): schedules and run history");
  group
    .command("list")
    .description("each registered job with its schedule, next slot and latest run")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const config = cliConfig();
      const store = await io().openStore(config);
      try {
        const now = new Date();
        const jobs = tocsinJobs({ alertIntervalMinutes: config.alertIntervalMinutes, import: true, forecast: true });
        const rows = [];
        for (const job of jobs) {
          const [last] = await jobHistory(store, { name: job.name, limit: 1 });
          rows.push({
            name: job.name,
            schedule: job.schedule ? describeSchedule(job.schedule) : "one-off",
            nextSlot: job.schedule ? nextSlot(job.schedule, now).toISOString() : null,
            lastRun: last ? { slot: last.slot, status: last.status, attempts: last.attempts, finishedAt: last.finishedAt?.toISOString() ?? null, lastError: last.lastError } : null,
          });
        }
        if (opts.json) io().stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else for (const r of rows) io().stdout.write(`${r.name.padEnd(20)} ${r.schedule.padEnd(18)} next ${r.nextSlot ?? "-"}  last ${r.lastRun ? `${r.lastRun.status} (${r.lastRun.slot})` : "never"}\n`);
      } finally {
        await store.close();
      }
    });
  group
    .command("history")
    .description("the latest runs, newest first")
    .option("--name <job>", "only this job")
    .option("--limit <n>", "how many runs (1–1000)", "20")
    .option("--json", "print JSON")
    .action(async (opts: { name?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        io().stderr.write(`--limit: a whole number from 1 to 1000, got "${opts.limit}"\n`);
        io().setExitCode(2);
        return;
      }
      const store = await io().openStore(cliConfig());
      try {
        const runs = await jobHistory(store, { name: opts.name, limit });
        if (opts.json) io().stdout.write(`${JSON.stringify(runs.map(({ claimToken, ...r }) => r), null, 2)}\n`);
        else for (const r of runs) io().stdout.write(`${r.name.padEnd(20)} ${r.slot.padEnd(26)} ${r.status.padEnd(9)} attempt ${r.attempts}/${r.maxAttempts}${r.claimedBy ? ` on ${r.claimedBy}` : ""}${r.lastError ? `  ${r.lastError}` : ""}\n`);
      } finally {
        await store.close();
      }
    });
}
