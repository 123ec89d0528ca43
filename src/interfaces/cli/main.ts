/** The `tocsin` process: runs the command line on the process's own io and exits with its code. */
import { runCli } from "./run.ts";

process.exitCode = await runCli(process.argv.slice(2));
