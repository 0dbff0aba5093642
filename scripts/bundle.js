/**
 * `npm run build`, after tsc: bundles the CLI into dist/cli.js and the synthesis worker into
 * dist/synth-worker.js (beside it, where the pool's `join(__dirname, "synth-worker.js")` finds it
 * from the bundle). Finding and reading the ~600 modules it holds (zod's, yaml's, cdktf's and the
 * project's own) one by one was most of a one-manifest run's start-up beyond the hand-written
 * program's (README, Performance). Bundled from tsc's output, so the bundle runs the code the tests and the
 * construct library run; every `require` inside a function stays lazy (esbuild runs a module's
 * body on its first `require`), so a run still loads only what it needs.
 */
"use strict";
const { build } = require("esbuild");
const { createHash } = require("node:crypto");
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
// Another directory than dist/ for the test that builds twice (test/bundle.test.ts).
const outdir = process.argv[2] ?? join(root, "dist");

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // No minifying: names stay in stack traces, and the map (not loaded unless asked for with
  // --enable-source-maps) leads each frame to its file in dist/lib or node_modules.
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "eof",
  logLevel: "warning",
};

async function bundle() {
  await Promise.all([
    build({ ...common, entryPoints: ["scripts/cli-entry.js"], outfile: join(outdir, "cli.js") }),
    build({ ...common, entryPoints: ["dist/lib/workers/synth-worker.js"], outfile: join(outdir, "synth-worker.js") }),
  ]);
  // The digest of the code the bundles hold, which the incremental cache's key of the tool reads
  // (lib/incremental/fingerprint.ts) instead of hashing dist/lib's files on every run.
  const hash = createHash("sha256");
  for (const name of ["cli.js", "synth-worker.js"]) hash.update(`${name}\n`).update(readFileSync(join(outdir, name)));
  writeFileSync(join(outdir, "code.digest"), `${hash.digest("hex")}\n`);
}

bundle().catch((cause) => {
  process.stderr.write(`bundle: ${cause instanceof Error ? cause.message : String(cause)}\n`);
  process.exitCode = 1;
});
