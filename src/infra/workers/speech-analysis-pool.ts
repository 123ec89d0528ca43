/**
 * A pool of worker threads that analyse speech texts, so a large batch does not stop the server's
 * event loop (issue 14 point 9). Workers start on first use and each keeps the analyser of the
 * last spec it was sent; a spec (lexicon entries and model) is posted again only when its
 * fingerprint changes. A batch is cut into chunks spread over the workers, so two batches share
 * them instead of one waiting for the other. Idle workers do not keep the process alive.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { AnalysisInput, SpeechAnalysis } from "../../domain/speech/analysis.ts";
import type { AnalyserSpec } from "../../domain/speech/analyser-spec.ts";

/** A message to a worker: texts to analyse, with the spec when the worker may not have it. */
export interface AnalysisTask {
  id: number;
  fingerprint: string;
  spec?: AnalyserSpec;
  inputs: readonly AnalysisInput[];
}

/** A worker's answer to one task. */
export type AnalysisTaskResult = { id: number; analyses: SpeechAnalysis[] } | { id: number; error: string };

/** Options of {@link SpeechAnalysisPool}. */
export interface SpeechAnalysisPoolOptions {
  /** Worker threads (default: cores − 1, at least 1, at most 4). */
  size?: number;
  /** Texts per chunk (default 250). */
  chunkItems?: number;
  /** Characters of text per chunk (default 200,000). */
  chunkChars?: number;
}

interface Pending {
  spec: AnalyserSpec;
  inputs: readonly AnalysisInput[];
  resolve: (analyses: SpeechAnalysis[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  fingerprint: string | null;
  task: (Pending & { id: number }) | null;
}

/** The default number of workers: one core is left to the server's own thread. */
export function defaultAnalysisWorkers(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/** Worker threads running `SpeechAnalyser.analyse`; implements the speech service's `SpeechAnalysisRunner`. */
export class SpeechAnalysisPool {
  private readonly size: number;
  private readonly chunkItems: number;
  private readonly chunkChars: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: SpeechAnalysisPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultAnalysisWorkers());
    this.chunkItems = options.chunkItems ?? 250;
    this.chunkChars = options.chunkChars ?? 200_000;
  }

  /**
   * Analyses the texts in the workers.
   * @returns one analysis per input, in order
   * @throws {Error} when a worker fails (its message) or the pool is closed
   */
  async analyse(spec: AnalyserSpec, inputs: readonly AnalysisInput[]): Promise<SpeechAnalysis[]> {
    if (this.closed) throw new Error("speech analysis pool is closed");
    const chunks: AnalysisInput[][] = [];
    let chunk: AnalysisInput[] = [];
    let chars = 0;
    for (const input of inputs) {
      if (chunk.length > 0 && (chunk.length >= this.chunkItems || chars + input.text.length > this.chunkChars)) {
        chunks.push(chunk);
        chunk = [];
        chars = 0;
      }
      chunk.push(input);
      chars += input.text.length;
    }
    if (chunk.length > 0) chunks.push(chunk);
    const results = await Promise.all(chunks.map((c) => new Promise<SpeechAnalysis[]>((resolve, reject) => {
      this.queue.push({ spec, inputs: c, resolve, reject });
      this.dispatch();
    })));
    return results.flat();
  }

  /** Stops the workers; tasks still waiting are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error("speech analysis pool is closed"));
    await Promise.all(this.slots.splice(0).map((slot) => {
      slot.task?.reject(new Error("speech analysis pool is closed"));
      return slot.worker.terminate();
    }));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      slot.task = { ...pending, id };
      const send = slot.fingerprint !== pending.spec.fingerprint;
      slot.fingerprint = pending.spec.fingerprint;
      slot.worker.ref();
      slot.worker.postMessage({ id, fingerprint: pending.spec.fingerprint, spec: send ? pending.spec : undefined, inputs: pending.inputs } satisfies AnalysisTask);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL("./tsx-worker-boot.mjs", import.meta.url), {
      workerData: { entry: new URL("./speech-analysis.worker.ts", import.meta.url).href },
    });
    const slot: Slot = { worker, fingerprint: null, task: null };
    this.slots.push(slot);
    worker.on("message", (m: AnalysisTaskResult) => {
      const task = slot.task;
      if (!task || task.id !== m.id) return;
      slot.task = null;
      worker.unref();
      if ("error" in m) task.reject(new Error(`speech analysis failed: ${m.error}`));
      else task.resolve(m.analyses);
      this.dispatch();
    });
    const lost = (error: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      slot.task?.reject(error);
      slot.task = null;
      if (!this.closed) this.dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`speech analysis worker exited with code ${code}`)));
    return slot;
  }
}
