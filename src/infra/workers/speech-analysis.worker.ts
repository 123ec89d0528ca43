/**
 * Worker-thread entry of the speech analysis pool (see `speech-analysis-pool.ts`): builds the
 * analyser a task's spec describes (kept until a task names another fingerprint) and posts back
 * the analyses of the task's texts, or the error's message.
 */
import { parentPort } from "node:worker_threads";
import type { AnalysisInput, SpeechAnalyser } from "../../domain/speech/analysis.ts";
import { buildSpeechAnalyser } from "../../domain/speech/analyser-spec.ts";
import type { AnalysisTask, AnalysisTaskResult } from "./speech-analysis-pool.ts";

const port = parentPort!;
let built: { fingerprint: string; analyser: SpeechAnalyser } | undefined;

port.on("message", (task: AnalysisTask) => {
  let reply: AnalysisTaskResult;
  try {
    if (task.spec) built = { fingerprint: task.spec.fingerprint, analyser: buildSpeechAnalyser(task.spec) };
    if (!built || built.fingerprint !== task.fingerprint) throw new Error(`worker has no analyser for ${task.fingerprint}`);
    const analyser = built.analyser;
    reply = { id: task.id, analyses: task.inputs.map((input: AnalysisInput) => analyser.analyse(input)) };
  } catch (error) {
    reply = { id: task.id, error: (error as Error).message };
  }
  port.postMessage(reply);
});
