#!/usr/bin/env node
"use strict";
// When the reader of standard output goes away (`| head`), the rest of the output is not wanted.
process.stdout.on("error", (cause) => {
  if (cause.code !== "EPIPE") throw cause;
});
let finished = false;
// Should the command ever stop without finishing (nothing left to wait for), say so: never exit 0.
process.on("exit", () => {
  if (finished) return;
  process.stderr.write(
    "kubernetes-job: internal error: stopped before finishing; please report it with the command you ran.\n",
  );
  process.exitCode = 70;
});
require("../dist/lib/cli/main.js")
  .main(process.argv.slice(2))
  .then((code) => {
    finished = true;
    process.exitCode = code;
  });
