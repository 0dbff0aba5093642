/**
 * The entry of the CLI's bundle (dist/cli.js, made by scripts/bundle.js from the compiled dist/lib):
 * what bin/kubernetes-job.js uses, and nothing else. Not shipped: the bundle holds it.
 */
"use strict";
const { main } = require("../dist/lib/cli/main.js");
const { systemReason } = require("../dist/lib/system-errors.js");

module.exports = { main, systemReason };
