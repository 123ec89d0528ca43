import type { Command } from "commander";
import { createTocsin } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { createExampleAssessment, EXAMPLE_COUNTRIES } from "../../services/assessment-example.ts";
import { io, openTocsin } from "./io.ts";

/** `tocsin assessments …`: analyst assessments. */
export function registerAssessmentsCommands(program: Command): void {
  const group = program.command("assessments").description("structured analyst assessments");
  group
    .command("example")
    .description(`create a full, published example assessment on the UN framework (author, second-analyst review, publication), linked to the imported EWP episodes, forecast and UCDP events; prints its id (countries: ${EXAMPLE_COUNTRIES.join(", ")})`)
    .argument("<iso3>", "country, e.g. MMR")
    .action(async (iso3: string) => {
      const tocsin = await openTocsin();
      try {
        const { assessment, evidence } = await createExampleAssessment(tocsin.store, iso3, { log: (line) => io().stderr.write(`${line}\n`) });
        const s = assessment.latest.synthesis;
        io().stderr.write(`published ${assessment.title}: score ${s.score?.toFixed(2)} (${s.level}), coverage ${(s.coverage * 100).toFixed(0)} %; see GET /api/countries/${assessment.countryIso3}/assessments\n`);
        io().stdout.write(`${JSON.stringify({ id: assessment.id, country: assessment.countryIso3, version: assessment.latest.version, status: assessment.latest.status, score: s.score, level: s.level, evidence })}\n`);
      } finally {
        await tocsin.close();
      }
    });
}
