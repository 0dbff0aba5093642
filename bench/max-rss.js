// Preloaded (node --require) into a measured process: on exit, writes the process's peak RSS
// (kilobytes, from getrusage: every thread of the process) to the file named by BENCH_RSS_FILE.
"use strict";
const { writeFileSync } = require("node:fs");

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
