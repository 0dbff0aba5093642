/**
 * Preloaded (`node -r`) into the kubernetes-job binary by tests: writes the files of the modules
 * the process loaded, one a line, to $LIST_MODULES_FILE at exit.
 */
"use strict";
const { writeFileSync } = require("node:fs");

process.on("exit", () => writeFileSync(process.env.LIST_MODULES_FILE, Object.keys(require.cache).join("\n")));
