/**
 * `tocsin events …`: escalation detection on event data.
 *
 * `events detect` reads the country's events from the store (see `tocsin import <source>`),
 * or from a file with `--file` (any registered event source, detected from its header, or `--source csv --map …`), and runs the detector
 * in memory. Results go to stdout (or `--out`), progress to stderr.
 */
import { createWriteStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { countryRegistry } from "../../domain/country/registry.ts";
import { DETECTORS, detectEscalations } from "../../domain/events/escalation.ts";
import type { DetectorName, EscalationAlert } from "../../domain/events/escalation.ts";
import type { Event, EventSource } from "../../domain/events/event.ts";
import type { Level, Period } from "../../domain/events/series.ts";
import { parseColumnMapping } from "../../infra/importers/csv-mapped/csv-mapped.parser.ts";
import { registryCountryResolver } from "../../infra/importers/event-country.ts";
import type { EventSourceParseOptions } from "../../infra/importers/event-source.ts";
import { detectEventSource, EVENT_SOURCE_IDS, eventSource, findEventSource } from "../../infra/importers/event-sources.ts";
import { EventRepository } from "../../infra/store/event.repository.ts";
import { io as cliIo, openTocsin } from "./io.ts";
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
 * Tells which event format a file is in from its first line (the registry's header detection).
 * @param path the file
 * @returns the source id, e.g. `ged`
 * @throws {Error} when no registered source recognises the header
 */
export function sniffEventSource(path: string): EventSource {
  return detectEventSource(path).id;
}

/**
 * Streams events from a file of any registered source.
 * @param path the file
 * @param source the source id (see {@link sniffEventSource})
 * @param options parser options (resolver, error policy, mapping)
 * @throws {RangeError} on an unknown source id
 */
export function parseEventFile(path: string, source: EventSource, options: EventSourceParseOptions): AsyncIterable<Event> {
  return eventSource(source).parse(path, options);
}

interface DetectOptions {
  country: string;
  file?: string;
  source?: string;
  map?: string;
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
export function registerEventsCommands(program: Command, io: EventsCommandIo = { get stdout() { return cliIo().stdout; }, get stderr() { return cliIo().stderr; } } as EventsCommandIo): void {
  const events = program.command("events").description("event data: escalation detection");
  events
    .command("detect")
    .description("detect escalating violence per country or admin1 and print the alerts")
    .requiredOption("--country <ISO3>", "country to analyse (ISO 3166-1 alpha-3, e.g. MMR)")
    .option("--file <path>", "read events from this file (UCDP GED CSV, ACLED CSV export or GDELT 2.0 export) instead of the store")
    .option("--source <name>", `format of --file: ${EVENT_SOURCE_IDS.join(", ")} (default: detected from the header)`)
    .option("--map <field=column,…>", "column mapping for --source csv (see `tocsin import csv --help`)")
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
        else if (findEventSource(opts.source)) source = opts.source;
        else throw new RangeError(`--source must be ${EVENT_SOURCE_IDS.join(", ")}, got ${JSON.stringify(opts.source)}`);
        const entry = eventSource(source);
        if (entry.needsMapping && opts.map === undefined) throw new RangeError(`--map is required with --source ${source}`);
        let mapping;
        try {
          mapping = opts.map === undefined ? undefined : parseColumnMapping(opts.map);
        } catch (error) {
          throw new RangeError(`--map: ${(error as Error).message}`);
        }
        const resolver = registryCountryResolver(registry);
        selected = [];
        let read = 0;
        // Only the requested country is kept in memory; the file itself is streamed.
        for await (const e of parseEventFile(path, source, { resolveCountry: resolver, mapping })) {
          read++;
          if (e.countryIso3 === country.key) selected.push(e);
        }
        io.stderr.write(
          `read ${read} ${source} events from ${opts.file} in ${((performance.now() - t0) / 1000).toFixed(2)} s; ${selected.length} in ${country.key}\n`,
        );
      } else {
        if (opts.source !== undefined) throw new RangeError("--source applies to --file only");
        if (opts.map !== undefined) throw new RangeError("--map applies to --file only");
        const tocsin = await openTocsin();
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
