// Worker-thread entry: workers do not inherit tsx's loader hooks, so register them here and then
// load the TypeScript module named in workerData.entry (a file: URL).
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.entry);
