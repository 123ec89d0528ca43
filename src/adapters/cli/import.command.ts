import { existsSync, openSync, readSync, closeSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { importEwp, type EwpImportFiles } from "../../services/ewp-import.service.ts";
import { EWP_COMMIT, EWP_IMPORT_FILES } from "../importers/ewp-source.ts";
import { ImportError } from "../importers/import-error.ts";
import { createProgress } from "./progress.ts";

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
    .action(async (fileArgs: string[], opts: { mirror?: string }) => {
      const config = loadConfig();
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
      const tocsin = await createTocsin(config);
      try {
        const progress = createProgress();
        const result = await importEwp(tocsin.store, tocsin.registry, files, {
          source: source === "file" ? undefined : source,
          sourceCommit: source === "file" ? undefined : EWP_COMMIT,
          onProgress: (p) => progress.update(`${p.phase} ${p.file ?? ""}`.trim(), p.done, p.total),
        });
        progress.done("import finished");
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } finally {
        await tocsin.close();
      }
    });
}
