/**
 * `tocsin events …`: escalation detection on event data.
 *
 * `events detect` reads the country's events from the store (see `tocsin import ged|acled|gdelt`),
 * or from a file with `--file` (GED/ACLED/GDELT, detected from its header), and runs the detector
 * in memory. Results go to stdout (or `--out`), progress to stderr.
 */
import { closeSync, createWriteStream, existsSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { countryRegistry } from "../../domain/country/registry.ts";
import { DETECTORS, detectEscalations } from "../../domain/events/escalation.ts";
import type { DetectorName, EscalationAlert } from "../../domain/events/escalation.ts";
import type { Event, EventSource } from "../../domain/events/event.ts";
import type { Level, Period } from "../../domain/events/series.ts";
import { parseAcled } from "../../infra/importers/acled.parser.ts";
import { registryCountryResolver } from "../../infra/importers/event-country.ts";
import type { EventParserOptions } from "../../infra/importers/event-parse.ts";
import { parseGdelt } from "../../infra/importers/gdelt.parser.ts";
import { parseGed } from "../../infra/importers/ged.parser.ts";
import { EventRepository } from "../../infra/store/event.repository.ts";
import { csvCell } from "../../domain/text/safe-text.ts";

/** The CSV header of `events detect`, in order (a public contract: scripts parse it). */
export const ALERT_CSV_HEADER = ["country", "admin1", "period_start", "period_end", "detector", "score", "events", "civilian_deaths", "severity"] as const;

/** Where the command writes; injectable for tests. */
export interface EventsCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * Formats alerts as CSV with {@link ALERT_CSV_HEADER}; `country` is the ISO3 code (the source's
 * name when unresolved), `admin1` is empty for country-level alerts, `score` has 3 decimals.
 * @param alerts the alerts
 * @returns CSV text with a trailing newline
 */
export function alertsToCsv(alerts: readonly EscalationAlert[]): string {
  const rows = alerts.map((a) =>
    [a.countryIso3 ?? a.countryName, a.admin1, a.periodStart, a.periodEnd, a.detector, a.score.toFixed(3), a.events, a.civilianDeaths, a.severity]
      .map(csvCell)
      .join(","),
  );
  return [ALERT_CSV_HEADER.join(","), ...rows].join("\n") + "\n";
}

/**
 * Tells which event format a file is in from its first bytes.
 * @param path the file
 * @returns `ged`, `acled` or `gdelt`
 * @throws {Error} when the file is none of them
 */
export function sniffEventSource(path: string): EventSource {
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(65536);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const first = buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  if (/(^|,)"?type_of_violence"?(,|$)/.test(first)) return "ged";
  if (/(^|,)"?event_id_cnty"?(,|$)/.test(first)) return "acled";
  if (first.split("\t").length === 61) return "gdelt";
  throw new Error(`${path}:1: not a UCDP GED or ACLED CSV (no type_of_violence / event_id_cnty column) nor a 61-column GDELT 2.0 export`);
}

/**
 * Streams events from a file of any supported source.
 * @param path the file
 * @param source the format (see {@link sniffEventSource})
 * @param options parser options (resolver, error policy)
 */
export function parseEventFile(path: string, source: EventSource, options: EventParserOptions): AsyncIterable<Event> {
  if (source === "ged") return parseGed(path, options);
  if (source === "acled") return parseAcled(path, options);
  return parseGdelt(path, options);
}

interface DetectOptions {
  country: string;
  file?: string;
  source?: string;
  from?: string;
  to?: string;
  detector: string;
  level: string;
  period: string;
  alpha?: string;
  format: string;
  out?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Registers `tocsin events detect`.
 * @param program the root command
 * @param io output streams (default: the process's)
 */
export function registerEventsCommands(program: Command, io: EventsCommandIo = process): void {
  const events = program.command("events").description("event data: escalation detection");
  events
    .command("detect")
    .description("detect escalating violence per country or admin1 and print the alerts")
    .requiredOption("--country <ISO3>", "country to analyse (ISO 3166-1 alpha-3, e.g. MMR)")
    .option("--file <path>", "read events from this file (UCDP GED CSV, ACLED CSV export or GDELT 2.0 export) instead of the store")
    .option("--source <name>", "format of --file: ged, acled or gdelt (default: detected from the header)")
    .option("--from <date>", "report alerts starting on or after this day (YYYY-MM-DD); earlier events still form the baseline")
    .option("--to <date>", "report alerts starting on or before this day (YYYY-MM-DD); later events are ignored")
    .option("--detector <name>", "tocsin (statistical, default) or acled-surge (ACLED's surge rule)", "tocsin")
    .option("--level <level>", "country or admin1", "admin1")
    .option("--period <period>", "week or month", "week")
    .option("--alpha <p>", "tocsin's false-alarm rate per place and period (default 0.001)")
    .option("--format <format>", "csv or json", "csv")
    .option("--out <file>", "write the alerts to this file instead of stdout")
    .action(async (opts: DetectOptions) => {
      const registry = countryRegistry();
      const country = registry.byIso3(opts.country);
      if (!country) throw new RangeError(`--country: unknown ISO3 code ${JSON.stringify(opts.country)}`);
      if (!DETECTORS.includes(opts.detector as DetectorName)) throw new RangeError(`--detector must be ${DETECTORS.join(" or ")}, got ${JSON.stringify(opts.detector)}`);
      if (opts.level !== "country" && opts.level !== "admin1") throw new RangeError(`--level must be country or admin1, got ${JSON.stringify(opts.level)}`);
      if (opts.period !== "week" && opts.period !== "month") throw new RangeError(`--period must be week or month, got ${JSON.stringify(opts.period)}`);
      if (opts.format !== "csv" && opts.format !== "json") throw new RangeError(`--format must be csv or json, got ${JSON.stringify(opts.format)}`);
      for (const [name, v] of [["--from", opts.from], ["--to", opts.to]] as const) {
        if (v !== undefined && !DATE.test(v)) throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
      }
      let alpha: number | undefined;
      if (opts.alpha !== undefined) {
        alpha = Number(opts.alpha);
        if (!(alpha > 0 && alpha < 1)) throw new RangeError(`--alpha must be a probability in (0, 1), got ${JSON.stringify(opts.alpha)}`);
      }
      const t0 = performance.now();
      let selected: Event[];
      if (opts.file) {
        const path = resolve(opts.file);
        if (!existsSync(path)) throw new Error(`${opts.file}: file not found`);
        let source: EventSource;
        if (opts.source === undefined) source = sniffEventSource(path);
        else if (opts.source === "ged" || opts.source === "acled" || opts.source === "gdelt") source = opts.source;
        else throw new RangeError(`--source must be ged, acled or gdelt, got ${JSON.stringify(opts.source)}`);
        const resolver = registryCountryResolver(registry);
        selected = [];
        let read = 0;
        // Only the requested country is kept in memory; the file itself is streamed.
        for await (const e of parseEventFile(path, source, { resolveCountry: resolver })) {
          read++;
          if (e.countryIso3 === country.key) selected.push(e);
        }
        io.stderr.write(
          `read ${read} ${source} events from ${opts.file} in ${((performance.now() - t0) / 1000).toFixed(2)} s; ${selected.length} in ${country.key}\n`,
        );
      } else {
        if (opts.source !== undefined) throw new RangeError("--source applies to --file only");
        const tocsin = await createTocsin(loadConfig());
        try {
          // Events after --to cannot change alerts up to --to, so they are not loaded.
          selected = await new EventRepository(tocsin.store.db).forCountry(country.key, opts.to);
        } finally {
          await tocsin.close();
        }
        io.stderr.write(`read ${selected.length} stored events of ${country.key} in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
        if (!selected.length) io.stderr.write(`no events stored for ${country.key}: import some with \`tocsin import ged FILE\` (or pass --file)\n`);
      }
      const alerts = detectEscalations(selected, {
        detector: opts.detector as DetectorName,
        level: opts.level as Level,
        period: opts.period as Period,
        from: opts.from,
        to: opts.to,
        country: country.key,
        tocsin: alpha !== undefined ? { alpha } : undefined,
      });
      io.stderr.write(`${alerts.length} ${opts.detector} alerts (${opts.level}, ${opts.period})\n`);
      const text = opts.format === "json" ? JSON.stringify(alerts, null, 2) + "\n" : alertsToCsv(alerts);
      if (opts.out) {
        await new Promise<void>((ok, fail) => {
          const w = createWriteStream(resolve(opts.out!));
          w.on("error", fail);
          w.end(text, () => ok());
        });
      } else io.stdout.write(text);
    });
}
