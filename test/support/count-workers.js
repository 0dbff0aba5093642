/**
 * Preloaded (`node -r`) into the kubernetes-job binary by tests: counts the worker threads the
 * process starts and writes, at exit, to $COUNT_WORKERS_FILE as JSON: `started`, how many; `files`,
 * the script each ran; `online`, how many started running it. Counting, not timing.
 */
"use strict";
const workerThreads = require("node:worker_threads");

if (workerThreads.isMainThread) {
  const { writeFileSync } = require("node:fs");
  const Original = workerThreads.Worker;
  let started = 0;
  let online = 0;
  const files = [];
  workerThreads.Worker = class CountedWorker extends Original {
    constructor(...args) {
      super(...args);
      started++;
      files.push(String(args[0]));
      this.once("online", () => online++);
    }
  };
  process.on("exit", () => writeFileSync(process.env.COUNT_WORKERS_FILE, JSON.stringify({ started, files, online })));
}
