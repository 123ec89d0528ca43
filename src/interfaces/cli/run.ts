/**
 * Runs one `tocsin` command line with the given io: errors end the run with a message and a
 * non-zero exit code, never a stack trace for expected failures (set TOCSIN_DEBUG=1 for one).
 */
import { CommanderError } from "commander";
import { ImportError } from "../../infra/importers/import-error.ts";
import { codeOf, errorSummary } from "../error-summary.ts";
import { processIo, withIo, type CliIo } from "./io.ts";
import { buildProgram } from "./program.ts";

/**
 * @param args the arguments after `tocsin` (e.g. `["import", "ewp"]`)
 * @param cliIo environment, streams and store opener (default: the process's own)
 * @returns the exit code
 */
export async function runCli(args: string[], cliIo: CliIo = processIo): Promise<number> {
  let code = 0;
  const runIo: CliIo = Object.assign(Object.create(cliIo) as CliIo, { setExitCode: (c: number) => void (code = c) });
  return withIo(runIo, async () => {
    const program = buildProgram();
    program.configureOutput({ writeOut: (s) => void cliIo.stdout.write(s), writeErr: (s) => void cliIo.stderr.write(s) });
    try {
      await program.parseAsync(args, { from: "user" });
      return code;
    } catch (error) {
      if (error instanceof CommanderError) return error.exitCode;
      if (error instanceof ImportError) {
        cliIo.stderr.write(`\nimport failed: ${error.message}\nNothing was changed in the store.\n`);
        return 2;
      }
      // A database error's message quotes the query and its parameters (names, coordinates): only
      // its class and SQLSTATE reach the terminal, and TOCSIN_DEBUG shows no stack for it either.
      if (/^[0-9A-Z]{5}$/.test(codeOf(error) ?? "")) {
        const { errorClass, code } = errorSummary(error);
        cliIo.stderr.write(`\nerror: the database refused the operation (${errorClass}, SQLSTATE ${code})\n`);
        return 1;
      }
      cliIo.stderr.write(`\nerror: ${(error as Error).message}\n`);
      if (cliIo.env.TOCSIN_DEBUG) cliIo.stderr.write(`${(error as Error).stack}\n`);
      return 1;
    }
  });
}
