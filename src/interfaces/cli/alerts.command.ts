import type { Command } from "commander";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { ALERT_LEVELS, isAlertLevel } from "../../domain/alerts/level.ts";
import { permissionsFor, type Actor } from "../../domain/identity/permissions.ts";
import { alertTrackRecord, computeAlertLevels, listAlerts, overrideAlertLevel } from "../../services/alert-level.service.ts";
import { IdentityRepository } from "../../infra/store/identity.repository.ts";
import { io, openTocsin } from "./io.ts";

const pct = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)} %`);

/** `tocsin alerts …`: compute and list alert levels, override one, print the track record. */
export function registerAlertsCommands(program: Command): void {
  const group = program.command("alerts").description("alert levels (Watch, Warning, Emergency) and their track record");

  group
    .command("compute")
    .description("compute every country's alert level from the stored signals; prints the changes (one JSON line each)")
    .option("--as-of <date>", "compute as of this day (YYYY-MM-DD) instead of now")
    .action(async (opts: { asOf?: string }) => {
      const now = opts.asOf ? new Date(`${opts.asOf}T12:00:00Z`) : new Date();
      if (Number.isNaN(now.getTime())) throw new RangeError(`--as-of: not a day: "${opts.asOf}"`);
      const tocsin = await openTocsin();
      try {
        const started = Date.now();
        const summary = await computeAlertLevels({ store: tocsin.store, now: () => now, onLevelChange: tocsin.context.onLevelChange });
        for (const c of summary.changes) io().stdout.write(`${JSON.stringify(c)}\n`);
        io().stderr.write(`computed ${summary.subjects} subjects as of ${summary.computedAt}: ${summary.changes.length} change(s) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      } finally {
        await tocsin.close();
      }
    });

  group
    .command("list")
    .description("current alert levels, gravest first")
    .option("--level <level>", `only this level (${ALERT_LEVELS.join(", ")})`)
    .option("--json", "one JSON object per line")
    .action(async (opts: { level?: string; json?: boolean }) => {
      if (opts.level && !isAlertLevel(opts.level)) throw new RangeError(`--level must be one of ${ALERT_LEVELS.join(", ")}`);
      const tocsin = await openTocsin();
      try {
        for (const a of await listAlerts({ store: tocsin.store }, { levels: opts.level ? [opts.level] : undefined })) {
          io().stdout.write(opts.json ? `${JSON.stringify(a)}\n` : `${a.label.padEnd(9)} ${a.iso3} ${a.situation ? `/ ${a.situation} ` : ""}(${a.name}) since ${a.since.slice(0, 10)}${a.override ? " [override]" : ""}\n`);
        }
      } finally {
        await tocsin.close();
      }
    });

  group
    .command("override")
    .description("override a country's level with a reason, as an analyst (audited under the analyst's organisation)")
    .argument("<iso3>", "country, e.g. MMR")
    .requiredOption("--level <level>", `the level (${ALERT_LEVELS.join(", ")})`)
    .requiredOption("--reason <text>", "why (shown with the level)")
    .requiredOption("--as <email>", "the analyst acting (an operator on the server acts in a named user's name)")
    .option("--situation <name>", "a situation (admin1 region) inside the country")
    .option("--until <time>", "ISO time the override lapses (default: until cleared)")
    .action(async (iso3: string, opts: { level: string; reason: string; as: string; situation?: string; until?: string }) => {
      if (!isAlertLevel(opts.level)) throw new RangeError(`--level must be one of ${ALERT_LEVELS.join(", ")}`);
      const tocsin = await openTocsin();
      try {
        const user = await new IdentityRepository(tocsin.store.db).userByEmail(opts.as.toLowerCase());
        if (!user || user.disabled) throw new Error(`no active user ${opts.as}`);
        const actor: Actor = { kind: "user", userId: user.id, organisationId: user.organisationId, role: user.role as "analyst", permissions: permissionsFor(user.role as "analyst"), via: "session" };
        const a = await overrideAlertLevel({ store: tocsin.store, onLevelChange: tocsin.context.onLevelChange }, actor, iso3, { level: opts.level, reason: opts.reason, situation: opts.situation, until: opts.until });
        io().stdout.write(`${JSON.stringify({ id: a.id, iso3: a.iso3, level: a.level, computedLevel: a.computedLevel, override: a.override })}\n`);
      } finally {
        await tocsin.close();
      }
    });

  group
    .command("track-record")
    .description("back-test the structural level rules on the stored out-of-sample history (run `tocsin forecast evaluate` first) and print hit rate, false alarms and lead time per level")
    .option("--horizon <years>", "an onset counts within this many years after the data year (1 or 2)", "2")
    .option("--json", "print the whole result as JSON")
    .action(async (opts: { horizon: string; json?: boolean }) => {
      const horizon = Number(opts.horizon);
      if (horizon !== 1 && horizon !== 2) throw new RangeError("--horizon must be 1 or 2");
      const tocsin = await openTocsin();
      try {
        const r = await alertTrackRecord({ store: tocsin.store }, horizon);
        if (opts.json) {
          io().stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        if (!r.backtest) {
          io().stderr.write("no stored back-test: run `tocsin forecast evaluate` first\n");
          return;
        }
        io().stdout.write(`Track record of the structural alert rules, data years ${r.years?.join("–")}, horizon ${r.horizonYears} year(s): ${r.countryYears} country-years, ${r.positives} followed by an onset\n`);
        io().stdout.write("| Level | Alerts (country-years) | Hit rate | False-alarm ratio | False-alarm rate | Onsets caught | Lead time, years (median, range) |\n|---|---|---|---|---|---|---|\n");
        for (const l of r.levels) {
          const lead = l.leadTime ? `${l.leadTime.median} (${l.leadTime.min}–${l.leadTime.max})` : "–";
          io().stdout.write(`| ${l.level} | ${l.alerts} | ${pct(l.hitRate)} (${l.hits}) | ${pct(l.falseAlarmRatio)} | ${pct(l.falseAlarmRate)} | ${l.caught} of ${l.onsets} (${pct(l.recall)}) | ${lead} |\n`);
        }
      } finally {
        await tocsin.close();
      }
    });
}
