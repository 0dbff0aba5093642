/**
 * Worker threads for large runs. They start (and load cdktf) while this thread reads and checks
 * the manifests, then take batches of stacks from one queue until it is empty (this thread too,
 * by default: it would only wait otherwise); one of them writes manifest.json at the end.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { Entries, StackJob, SynthesisOptions } from "../terraform/synthesize";

/** Stacks a worker takes at a time: small enough to keep every core busy to the end. */
const BATCH = 16;
/**
 * A worker's heap holds one stack at a time; a tight limit makes V8 collect often instead of
 * growing, which keeps the process's memory flat.
 */
const WORKER_HEAP_MB = 64;

export type ToWorker =
  | { type: "batch"; stacks: StackJob[]; outdir: string; hcl: boolean }
  | { type: "manifest"; entries: Entries; outdir: string; hcl: boolean };
export type FromWorker =
  | { type: "batch"; entries: Entries }
  | { type: "manifest" }
  | { type: "error"; message: string; code?: string; path?: string; syscall?: string };

export class SynthesisPool {
  private workers: Worker[] = [];
  /** Closed (interrupted, or done): this thread takes no more batches. */
  private closed = false;
  /** Settles when a worker has started or failed to (listened for from the start: events are not replayed). */
  private starting: Promise<void>[] = [];

  constructor(count: number) {
    while (this.workers.length < count) this.start();
  }

  /**
   * Starts workers, or stops surplus ones, to have `count` (the number is first a guess from the
   * manifest files, then the stacks are known).
   */
  async resize(count: number): Promise<void> {
    while (this.workers.length < count) this.start();
    const surplus = this.workers.slice(count);
    this.workers = this.workers.slice(0, count);
    await Promise.all(surplus.map((worker) => worker.terminate()));
  }

  private start(): void {
    // Beside this file: dist/lib/workers/ compiled, dist/ in the CLI's bundle (scripts/bundle.js
    // puts the worker's own bundle there; test/cli/synth-workers.test.ts checks the binary's).
    const worker = new Worker(join(__dirname, "synth-worker.js"), {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // A worker that cannot start (too few file descriptors, say) leaves the pool; the others do its share.
    const dropUnstarted = () => {
      this.workers = this.workers.filter((other) => other !== worker);
    };
    worker.once("error", dropUnstarted);
    this.starting.push(
      new Promise<void>((done) => {
        worker.once("online", () => {
          worker.off("error", dropUnstarted);
          done();
        });
        worker.once("error", () => done());
        worker.once("exit", () => done());
      }),
    );
    this.workers.push(worker);
  }

  /** Workers that are starting or started; none when no worker could start. */
  get size(): number {
    return this.workers.length;
  }

  /** Waits until every worker has started or failed to. */
  async started(): Promise<void> {
    await Promise.all(this.starting);
  }

  /**
   * Synthesizes the stacks on the workers and writes manifest.json. With `here`, this thread
   * takes batches too, between turns of its event loop (it would only wait otherwise): one
   * worker fewer loads cdktf for the same speed.
   */
  async synthesize(
    stacks: readonly StackJob[],
    options: SynthesisOptions,
    here?: (batch: readonly StackJob[]) => Entries,
  ): Promise<void> {
    let next = 0;
    const take = () => {
      const batch = stacks.slice(next, next + BATCH);
      next += BATCH;
      return batch;
    };
    const entries: Entries = {};
    const { outdir, hcl } = options;
    // While this thread synthesizes a batch it cannot answer: each worker holds a second batch then.
    const queued = here ? 2 : 1;
    // Each App creates <outdir>/stacks if it is missing; workers racing to do so would collide.
    mkdirSync(join(outdir, "stacks"), { recursive: true });
    const onWorkers = this.workers.map((worker) => {
      let sent = 0;
      return this.exchange(worker, (message, send, done) => {
        if (message?.type === "batch") {
          sent--;
          Object.assign(entries, message.entries);
          const written = Object.keys(message.entries).length;
          for (let stack = 0; stack < written; stack++) options.onStack?.();
        }
        for (; sent < queued && next < stacks.length; sent++) {
          send({ type: "batch", stacks: take(), outdir, hcl });
        }
        if (sent === 0) done();
      });
    });
    const onThisThread = async () => {
      while (here && !this.closed && next < stacks.length) {
        // The workers' messages (and signals) are handled between this thread's batches.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.closed || next >= stacks.length) return;
        Object.assign(entries, here(take()));
      }
    };
    await Promise.all([...onWorkers, onThisThread()]);
    await this.exchange(this.workers[0], (message, send, done) => {
      if (message === undefined) send({ type: "manifest", entries, outdir, hcl });
      else if (message.type === "manifest") done();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /**
   * Talks to one worker until `done`: `step` is called once with no message, then with each of
   * the worker's messages; a worker error or exit rejects.
   */
  private exchange(
    worker: Worker,
    step: (message: FromWorker | undefined, send: (message: ToWorker) => void, done: () => void) => void,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        worker.off("message", onMessage);
        worker.off("error", reject);
        worker.off("exit", onExit);
      };
      const done = () => {
        cleanup();
        resolve();
      };
      const send = (message: ToWorker) => worker.postMessage(message);
      const onMessage = (message: FromWorker) => {
        if (message.type === "error") {
          cleanup();
          // A file system error keeps its code and path, so that it is reported as one.
          const { code, path, syscall } = message;
          reject(Object.assign(new Error(message.message), { code, path, syscall }));
        } else step(message, send, done);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`a synthesis worker stopped (exit code ${code})`));
      };
      worker.on("message", onMessage);
      worker.on("error", reject);
      worker.on("exit", onExit);
      step(undefined, send, done);
    });
  }
}
