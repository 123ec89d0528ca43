/**
 * The `tocsin` command tree. Each command group lives in its own `*.command.ts` file and registers
 * itself here.
 */
import { Command } from "commander";
import { registerDataCommands } from "./data.command.ts";
import { registerImportCommands } from "./import.command.ts";
import { registerStartCommand } from "./start.command.ts";

export function buildProgram(): Command {
  const program = new Command("tocsin")
    .description("Tocsin: early warning of genocide and mass atrocities")
    .showHelpAfterError()
    .exitOverride();
  registerStartCommand(program);
  registerImportCommands(program);
  registerDataCommands(program);
  return program;
}
