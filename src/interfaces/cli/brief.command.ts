/**
 * `tocsin brief ISO3 --format html|pdf --out FILE`: a country's situation brief from the store.
 * Public data only (forecasts, events, speech, published reports and assessments, the alert
 * level); progress and the summary go to stderr, the document to `--out` (or stdout for HTML).
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { createTocsin, protectionFor } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { briefResponseFrom, renderBrief } from "../../services/brief.service.ts";
import { MESSAGE_LANGUAGES, type MessageLanguage } from "../../domain/i18n/languages.ts";
import { responseSummaryForCountry } from "../../services/response.service.ts";
import { createChromiumPdfRenderer } from "../../infra/pdf/chromium-pdf.ts";
import { cliConfig, io, openTocsin } from "./io.ts";

/** `tocsin brief …`. */
export function registerBriefCommands(program: Command): void {
  program
    .command("brief")
    .description("a one- to two-page situation brief on a country (level and why, risk and rank with trend chart and drivers, escalations, speech trends, verified incidents, assessment, sources) as HTML or PDF")
    .argument("<iso3>", "country, e.g. MMR", (v: string) => {
      if (!/^[A-Za-z]{3}$/.test(v)) throw new InvalidArgumentError("must be a three-letter ISO 3166-1 alpha-3 code");
      return v.toUpperCase();
    })
    .addOption(new Option("--format <format>", "document format").choices(["html", "pdf"]).default("pdf"))
    .option("--out <file>", "where to write the brief (required for pdf; html goes to stdout without it)")
    .addOption(new Option("--lang <lang>", "language of the brief's own words (data stays as stored)").choices([...MESSAGE_LANGUAGES]).default("en"))
    .action(async (iso3: string, options: { format: "html" | "pdf"; out?: string; lang: MessageLanguage }) => {
      if (options.format === "pdf" && !options.out) throw new RangeError("--out FILE is required for --format pdf (PDF is not written to a terminal)");
      const config = cliConfig();
      const tocsin = await openTocsin(config);
      const pdf = options.format === "pdf" ? createChromiumPdfRenderer() : undefined;
      try {
        const started = performance.now();
        // The command line has no signed-in user: public data, with the recommended response options.
        const responseSummary = async (code: string) => briefResponseFrom(await responseSummaryForCountry({ store: tocsin.store }, null, code));
        const brief = await renderBrief({ store: tocsin.store, reports: protectionFor(config, tocsin.store), version: config.version, responseSummary }, iso3, options.format, pdf, undefined, options.lang);
        if (options.out) {
          writeFileSync(resolve(options.out), brief.body);
          io().stderr.write(`wrote ${brief.fileName.endsWith(".pdf") ? "PDF" : "HTML"} brief on ${iso3} to ${options.out} (${brief.body.length} bytes, ${Math.round(performance.now() - started)} ms)\n`);
        } else {
          io().stdout.write(brief.body);
        }
      } finally {
        await pdf?.close();
        await tocsin.close();
      }
    });
}
