/**
 * Preloaded (`node -r`) into the kubernetes-job binary by tests: counts the worker threads the
 * process starts and writes the count to $COUNT_WORKERS_FILE at exit. Counting, not timing.
 */
"use strict";
const workerThreads = require("node:worker_threads");

if (workerThreads.isMainThread) {
  const { writeFileSync } = require("node:fs");
  const Original = workerThreads.Worker;
  let started = 0;
  workerThreads.Worker = class CountedWorker extends Original {
    constructor(...args) {
      super(...args);
      started++;
    }
  };
  process.on("exit", () => writeFileSync(process.env.COUNT_WORKERS_FILE, String(started)));
}
