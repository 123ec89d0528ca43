/**
 * Runs the `tocsin` command line: errors end the process with a message and a non-zero exit code,
 * never a stack trace for expected failures (set TOCSIN_DEBUG=1 for one).
 */
import { CommanderError } from "commander";
import { ImportError } from "../../infra/importers/import-error.ts";
import { buildProgram } from "./program.ts";
import { codeOf, errorSummary } from "../error-summary.ts";

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
    // A database error's message quotes the query and its parameters (names, coordinates): only
    // its class and SQLSTATE reach the terminal, and TOCSIN_DEBUG shows no stack for it either.
    if (/^[0-9A-Z]{5}$/.test(codeOf(error) ?? "")) {
      const { errorClass, code } = errorSummary(error);
      process.stderr.write(`\nerror: the database refused the operation (${errorClass}, SQLSTATE ${code})\n`);
      return 1;
    }
    process.stderr.write(`\nerror: ${(error as Error).message}\n`);
    if (process.env.TOCSIN_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

process.exitCode = await main();
