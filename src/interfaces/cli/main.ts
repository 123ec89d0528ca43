/**
 * Runs the `tocsin` command line: errors end the process with a message and a non-zero exit code,
 * never a stack trace for expected failures (set TOCSIN_DEBUG=1 for one).
 */
import { CommanderError } from "commander";
import { ImportError } from "../../infra/importers/import-error.ts";
import { buildProgram } from "./program.ts";

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ImportError) {
      process.stderr.write(`\nimport failed: ${error.message}\nNothing was changed in the store.\n`);
      return 2;
    }
    process.stderr.write(`\nerror: ${(error as Error).message}\n`);
    if (process.env.TOCSIN_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

process.exitCode = await main();
