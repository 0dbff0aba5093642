// Preloaded (node --require) into a measured process: on exit, writes the process's peak RSS
// (kilobytes) and its CPU time (user + system, microseconds), both from getrusage and so of every
// thread of the process, to the file named by BENCH_RSS_FILE: "rss cpu".
"use strict";
const { writeFileSync } = require("node:fs");

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
