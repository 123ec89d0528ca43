import { existsSync, openSync, readSync, closeSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { DEFAULT_EVENT_BATCH, importEvents } from "../../services/event-import.service.ts";
import { importEwp, type EwpImportFiles } from "../../services/ewp-import.service.ts";
import { EWP_COMMIT, EWP_IMPORT_FILES } from "../../infra/importers/ewp-source.ts";
import { ImportError } from "../../infra/importers/import-error.ts";
import { MAPPED_FIELDS, parseColumnMapping } from "../../infra/importers/csv-mapped/csv-mapped.parser.ts";
import { EVENT_SOURCES } from "../../infra/importers/event-sources.ts";
import { createProgress } from "./progress.ts";
import { cliConfig, io, openTocsin } from "./io.ts";

/** Tells an EWP predictors table from an episode list by its header line. */
export function sniffEwpFile(path: string): keyof EwpImportFiles {
  const fd = openSync(path, "r");
  const buffer = Buffer.alloc(4096);
  const n = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  const header = buffer.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
  if (/(^|,)"?mk_event_code"?(,|$)/.test(header)) return "episodes";
  if (/(^|,)"?ewp_name"?(,|$)/.test(header) && /(^|,)"?year"?(,|$)/.test(header)) return "predictors";
  throw new ImportError(path, 1, undefined, "not an EWP file: expected a predictors table (ewp_name, year, …) or an episode list (mk_event_code, …)");
}

/** `tocsin import …`: load public data sets into the store. */
export function registerImportCommands(program: Command): void {
  const group = program.command("import").description("import public data sets into the store");
  group
    .command("ewp")
    .description("import the Early Warning Project's country-year table and mass-killing episode list")
    .argument("[files...]", "EWP CSV files (predictors table and/or episode list); default: the mirror's ewp/ folder")
    .option("--mirror <dir>", "data mirror laid out like shared/data (default: TOCSIN_MIRROR or ../shared/data)")
    .option("--replace", "allow removing stored country-years or episodes the new files do not hold (default: refuse)")
    .action(async (fileArgs: string[], opts: { mirror?: string; replace?: boolean }) => {
      const config = cliConfig();
      const files: EwpImportFiles = {};
      let source: string;
      if (fileArgs.length) {
        for (const f of fileArgs) {
          const path = resolve(f);
          if (!existsSync(path)) throw new ImportError(path, undefined, undefined, "file not found");
          files[sniffEwpFile(path)] = path;
        }
        source = "file";
      } else {
        const dir = opts.mirror ? resolve(opts.mirror) : config.mirror ?? join(config.home, "data");
        for (const [key, rel] of Object.entries(EWP_IMPORT_FILES) as [keyof EwpImportFiles, string][]) {
          if (existsSync(join(dir, rel))) files[key] = join(dir, rel);
        }
        if (!files.predictors && !files.episodes) {
          throw new Error(`no EWP files in ${join(dir, "ewp")}: pass files, --mirror DIR, or run \`tocsin data pull ewp\``);
        }
        source = `mirror:ewp`;
      }
      const tocsin = await openTocsin(config);
      try {
        const progress = createProgress();
        const result = await importEwp(tocsin.store, tocsin.registry, files, {
          source: source === "file" ? undefined : source,
          sourceCommit: source === "file" ? undefined : EWP_COMMIT,
          replace: opts.replace === true,
          onProgress: (p) => p.phase !== "done" && progress.update(`${p.phase} ${p.file ?? ""}`.trim(), p.done, p.total),
        });
        progress.done("import finished");
        io().stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } finally {
        await tocsin.close();
      }
    });

  // One subcommand per registered event source.
  for (const { id: source, fileDescription: what, credit, name, needsMapping } of EVENT_SOURCES) {
    const command = group
      .command(source)
      .description(`import events from a ${what} (${credit})`)
      .argument("<file>", `the ${name} file`);
    if (needsMapping) {
      command.requiredOption(
        "--map <field=column,…>",
        `which column holds which event field; required: id, date, country; fields: ${MAPPED_FIELDS.join(", ")} ` +
          "(or a JSON object {\"field\": \"column\"})",
      );
    }
    command
      .option("--skip-invalid", "import the valid records and report the invalid ones (default: any invalid record aborts and nothing is stored)")
      .option("--batch-size <n>", "events per transaction", String(DEFAULT_EVENT_BATCH))
      .addHelpText(
        "after",
        "\nThe file is validated in full before anything is written; a truncated file always aborts.\n" +
          "Re-running an interrupted import of the same file resumes after its last committed batch;\n" +
          "re-importing a finished one updates the same events instead of duplicating them.\n" +
          "Prints a JSON summary {read, inserted, updated, rejected, …} on stdout; progress goes to stderr.",
      )
      .action(async (file: string, opts: { skipInvalid?: boolean; batchSize: string; map?: string }) => {
        const path = resolve(file);
        if (!existsSync(path)) throw new ImportError(file, undefined, undefined, "file not found");
        let mapping;
        try {
          mapping = opts.map === undefined ? undefined : parseColumnMapping(opts.map);
        } catch (error) {
          throw new RangeError(`--map: ${(error as Error).message}`);
        }
        const batchSize = Number(opts.batchSize);
        if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 20000)) {
          throw new RangeError(`--batch-size must be an integer in [1, 20000], got ${JSON.stringify(opts.batchSize)}`);
        }
        const tocsin = await openTocsin();
        try {
          const progress = createProgress();
          const result = await importEvents(tocsin.store, tocsin.registry, { source, path, mapping }, {
            skipInvalid: Boolean(opts.skipInvalid),
            batchSize,
            onProgress: (p) => progress.update(`${p.phase} ${p.file}`, p.done, p.total),
          });
          progress.done(
            `imported ${result.file}: ${result.read} records, ${result.inserted} inserted, ${result.updated} updated, ` +
              `${result.rejectedCount} rejected in ${result.seconds.toFixed(2)} s` +
              (result.resumedAfter ? ` (resumed after ${result.resumedAfter} records)` : ""),
          );
          io().stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        } finally {
          await tocsin.close();
        }
      });
  }
}
