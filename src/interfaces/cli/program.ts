/**
 * The `tocsin` command tree. Each command group lives in its own `*.command.ts` file and registers
 * itself here.
 */
import { Command } from "commander";
import { registerAlertsCommands } from "./alerts.command.ts";
import { registerAssessmentsCommands } from "./assessments.command.ts";
import { registerAuditCommands } from "./audit.command.ts";
import { registerBriefCommands } from "./brief.command.ts";
import { registerEvidenceCommands } from "./evidence.command.ts";
import { registerExchangeCommands } from "./exchange.command.ts";
import { registerKeysCommands } from "./keys.command.ts";
import { registerOrgsCommands } from "./orgs.command.ts";
import { registerUsersCommands } from "./users.command.ts";
import { registerDataCommands } from "./data.command.ts";
import { registerEventsCommands } from "./events.command.ts";
import { registerFeedsCommands } from "./feeds.command.ts";
import { registerForecastCommands } from "./forecast.command.ts";
import { registerImportCommands } from "./import.command.ts";
import { registerResponseCommands } from "./response.command.ts";
import { registerSpeechCommands } from "./speech.command.ts";
import { registerStartCommand } from "./start.command.ts";
import { registerJobsCommands } from "./jobs.command.ts";

export function buildProgram(): Command {
  const program = new Command("tocsin")
    .description("Tocsin: early warning of genocide and mass atrocities")
    .showHelpAfterError()
    .exitOverride();
  registerStartCommand(program);
  registerJobsCommands(program);
  registerImportCommands(program);
  registerDataCommands(program);
  registerEventsCommands(program);
  registerForecastCommands(program);
  registerSpeechCommands(program);
  registerUsersCommands(program);
  registerKeysCommands(program);
  registerOrgsCommands(program);
  registerAuditCommands(program);
  registerEvidenceCommands(program);
  registerAssessmentsCommands(program);
  registerResponseCommands(program);
  registerAlertsCommands(program);
  registerBriefCommands(program);
  registerExchangeCommands(program);
  registerFeedsCommands(program);
  return program;
}
