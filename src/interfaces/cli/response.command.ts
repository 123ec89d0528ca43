import type { Command } from "commander";
import { openConfiguredStore } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import type { GapSummary } from "../../domain/response/gap-metrics.ts";
import { resolveApiToken } from "../../services/auth.service.ts";
import { responseGaps } from "../../services/response.service.ts";
import { cliConfig, io } from "./io.ts";

const hours = (x: number | null): string => (x === null ? "–" : x < 48 ? `${x.toFixed(1)} h` : `${(x / 24).toFixed(1)} d`);

/** One table row per scope: alerts, acknowledged, median/mean times, unanswered, overdue, due. */
function row(name: string, s: GapSummary): string[] {
  return [
    name, String(s.alerts), String(s.acknowledged), hours(s.timeToAcknowledge.medianHours), hours(s.timeToAcknowledge.meanHours),
    hours(s.timeToFirstAction.medianHours), hours(s.timeToFirstAction.meanHours), String(s.unanswered.length), String(s.overdueActions.length), String(s.reassessmentsDue.length),
  ];
}

/**
 * Formats gap metrics as an aligned text table (one line per country, then the total).
 * @param rows the body rows; the header is added here
 */
export function gapTable(rows: string[][]): string {
  const head = ["country", "alerts", "acked", "ack median", "ack mean", "action median", "action mean", "unanswered", "overdue", "reassess due"];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")).join("\n");
}

/** `tocsin response …`: the warning→response loop from the command line. */
export function registerResponseCommands(program: Command): void {
  const group = program.command("response").description("the warning→response loop: acknowledgements, actions, gap metrics");
  group
    .command("gaps")
    .description("your organisation's response gaps per country: time to acknowledge, time to first action, alerts at Warning or above with no action after N days, overdue actions, due reassessments. Acts as the owner of the API token in TOCSIN_TOKEN (needs response:read)")
    .option("--days <n>", "no-action threshold in days", "7")
    .option("--country <iso3>", "one country only")
    .option("--json", "print the full metrics as JSON")
    .action(async (opts: { days: string; country?: string; json?: boolean }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 0) throw new RangeError(`--days must be a whole number ≥ 0, got "${opts.days}"`);
      // The token comes from the environment, never argv, so it does not show in process listings.
      const token = io().env.TOCSIN_TOKEN;
      if (!token) throw new Error("set TOCSIN_TOKEN to an API token with the response:read scope (POST /api/tokens)");
      const store = await io().openStore(cliConfig());
      try {
        const actor = await resolveApiToken(store, token);
        if (!actor) throw new Error("TOCSIN_TOKEN is not a valid, unexpired API token");
        const gaps = await responseGaps({ store }, actor, { days, country: opts.country });
        if (opts.json) {
          io().stdout.write(`${JSON.stringify(gaps)}\n`);
          return;
        }
        io().stdout.write(`${gapTable([...gaps.countries.map((c) => row(c.countryIso3, c)), row("all", gaps.overall)])}\n`);
        io().stderr.write(`as of ${gaps.asOf}; unanswered = Warning or above with no live action after ${gaps.noActionDays} days\n`);
      } finally {
        await store.close();
      }
    });
}
