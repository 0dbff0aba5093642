/** A worker thread of SynthesisPool: synthesizes each batch of stacks it is sent, writes manifest.json. */
import { parentPort } from "node:worker_threads";
import type { FromWorker, ToWorker } from "./pool";
import { synthesizeEach, writeManifest } from "../terraform/synthesize";

const reply = (message: FromWorker) => parentPort?.postMessage(message);

parentPort?.on("message", (message: ToWorker) => {
  try {
    if (message.type === "batch") {
      // One message per batch, not per stack: a message costs about as much as a small stack's writing.
      const entries = synthesizeEach(message.stacks, message.outdir, message.hcl);
      reply({ type: "batch", entries });
    } else {
      writeManifest(message.outdir, message.hcl, message.entries);
      reply({ type: "manifest" });
    }
  } catch (cause) {
    const { code, path, syscall } = (cause ?? {}) as NodeJS.ErrnoException;
    reply({ type: "error", message: cause instanceof Error ? cause.message : String(cause), code, path, syscall });
  }
});
