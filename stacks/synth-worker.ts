/** A worker thread of SynthesisPool: synthesizes each batch of stacks it is sent. */
import { parentPort } from "node:worker_threads";
import { synthesizeEach, type StackJob } from "./synthesize";

parentPort?.on("message", ({ stacks, outdir, hcl }: { stacks: StackJob[]; outdir: string; hcl: boolean }) => {
  try {
    const entries = synthesizeEach(stacks, outdir, hcl, () => parentPort?.postMessage({ type: "stack" }));
    parentPort?.postMessage({ type: "batch", entries });
  } catch (cause) {
    parentPort?.postMessage({ type: "error", message: cause instanceof Error ? cause.message : String(cause) });
  }
});
