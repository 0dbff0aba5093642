/**
 * Preloaded (`node -r`) into the kubernetes-job binary by tests: writes the files of the modules
 * the process loaded to $LIST_MODULES_FILE at exit, as JSON: `files`, those node loaded (require.cache),
 * and `bundled`, the modules a bundle (scripts/bundle.js) ran. esbuild's bundle keeps each
 * module in a function that runs on the module's first `require`, named by the module's path
 * (relative to the repository, where the bundle is built), and looks that name up with
 * Object.getOwnPropertyNames, which the bundle takes when it loads: wrapped here before that.
 */
"use strict";
const { writeFileSync } = require("node:fs");
const { resolve } = require("node:path");

const root = resolve(__dirname, "..", "..");
const bundled = new Set();
const ownPropertyNames = Object.getOwnPropertyNames;
Object.getOwnPropertyNames = function (object) {
  const names = ownPropertyNames(object);
  if (names.length === 1 && typeof object[names[0]] === "function" && /\.(c?js|json)$/.test(names[0])) {
    bundled.add(resolve(root, names[0]));
  }
  return names;
};

process.on("exit", () =>
  writeFileSync(
    process.env.LIST_MODULES_FILE,
    JSON.stringify({ files: Object.keys(require.cache), bundled: [...bundled] }),
  ),
);
