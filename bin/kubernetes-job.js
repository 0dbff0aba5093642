#!/usr/bin/env node
"use strict";
// When the reader of standard output goes away (`| head`), the rest of the output is not wanted.
process.stdout.on("error", (cause) => {
  if (cause.code !== "EPIPE") throw cause;
});
require("../dist/lib/cli/main.js")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
