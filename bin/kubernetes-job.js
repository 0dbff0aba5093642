#!/usr/bin/env node
"use strict";
// One bundled file (scripts/bundle.js): reading it costs less than finding and reading the ~600
// modules it holds one by one (each still runs only when first required).
const { main, systemReason } = require("../dist/cli.js");

let finished = false;
let stdoutFailed = false;
// When the reader of standard output goes away (`| head`), the rest of the output is not wanted.
// Any other failure to write it (a full device) loses the report, not what the command did.
process.stdout.on("error", (cause) => {
  if (cause.code === "EPIPE" || stdoutFailed) return;
  stdoutFailed = true;
  process.stderr.write(
    `kubernetes-job: cannot write to standard output: ${systemReason(cause)}; ` +
      "what the command wrote elsewhere stays written, only its report is lost\n",
  );
  process.exitCode = 1;
});
// Should the command ever stop without finishing (nothing left to wait for), say so: never exit 0.
process.on("exit", () => {
  if (finished) return;
  process.stderr.write(
    "kubernetes-job: internal error: stopped before finishing; please report it with the command you ran.\n",
  );
  process.exitCode = 70;
});
main(process.argv.slice(2)).then((code) => {
  finished = true;
  process.exitCode = stdoutFailed && code === 0 ? 1 : code;
});
