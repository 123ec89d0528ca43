import { join, resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../config.ts";
import { pullFiles } from "../../infra/importers/download.ts";
import { EWP_COMMIT, EWP_FILES, EWP_RAW_BASE, EWP_REPOSITORY } from "../../infra/importers/ewp-source.ts";
import { cliConfig, io } from "./io.ts";

/** `tocsin data pull …`: download public data from its source (for users who are online). */
export function registerDataCommands(program: Command): void {
  const data = program.command("data").description("download public data sets from their sources");
  data
    .command("pull")
    .description("download a data set at its pinned version and verify its checksums")
    .argument("<dataset>", "data set to download: ewp")
    .option("--dir <dir>", "folder to save into (default: $TOCSIN_HOME/data); files land in <dir>/ewp/")
    .option("--base-url <url>", "download from this mirror of the upstream repository instead", EWP_RAW_BASE)
    .action(async (dataset: string, opts: { dir?: string; baseUrl: string }) => {
      if (dataset !== "ewp") throw new Error(`unknown data set "${dataset}"; known: ewp`);
      const dir = resolve(opts.dir ?? join(cliConfig().home, "data"), "ewp");
      io().stderr.write(`Downloading ${EWP_REPOSITORY} @ ${EWP_COMMIT.slice(0, 7)} into ${dir}\n`);
      const saved = await pullFiles(EWP_FILES, {
        baseUrl: opts.baseUrl,
        dir,
        onFile: (file, bytes) => io().stderr.write(`  ${file.name}: ${bytes} bytes, sha256 verified\n`),
      });
      io().stderr.write(
        `${saved.length} files saved. EWP publishes its episode list only as an .xlsx workbook; ` +
          `put its mk_events sheet as CSV at ${join(dir, "mass_killing_events_2025.csv")} to import episodes.\n`,
      );
    });
}
