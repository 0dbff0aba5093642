#!/usr/bin/env node
// `node bench/bundle.js [A|B] [runs]`: the CLI bundled (dist/cli.js, what bin/kubernetes-job.js
// runs) against the same CLI from the compiled modules of dist/lib, and, for A, the bundle with
// node's --enable-source-maps; each against the hand-written baseline. Interleaved runs (one of
// each in turn), medians of wall time, CPU time (user + system, all threads) and peak RSS.
// Run after `npm run build`. Writes only under the system's temporary directory.
"use strict";
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { writeManifests } = require("./manifests.js");

const root = join(__dirname, "..");
const scenario = process.argv[2] ?? "A";
const runs = Number(process.argv[3] ?? 7);
const work = mkdtempSync(join(tmpdir(), "kubernetes-job-bench-bundle-"));
const input = writeManifests(join(work, "in"), scenario === "A" ? 1 : 1000);
const out = join(work, "out");

// The binary as it was before the bundle: the same file, requiring the compiled modules.
const bin = readFileSync(join(root, "bin", "kubernetes-job.js"), "utf8");
const bundled = 'require("../dist/cli.js")';
if (!bin.includes(bundled)) throw new Error(`bin/kubernetes-job.js no longer has ${bundled}`);
const unbundledBin = join(work, "unbundled.js");
const distLib = (file) => JSON.stringify(join(root, "dist", "lib", file));
writeFileSync(
  unbundledBin,
  bin.replace(
    bundled,
    `{ main: require(${distLib("cli/main.js")}).main, systemReason: require(${distLib("system-errors.js")}).systemReason }`,
  ),
);

const synth = ["synth", input, "--out", out, "--quiet"];
const variants = {
  "dist/lib": [unbundledBin, ...synth],
  bundle: ["bin/kubernetes-job.js", ...synth],
  ...(scenario === "A" ? { "bundle, source maps": ["--enable-source-maps", "bin/kubernetes-job.js", ...synth] } : {}),
  baseline: ["bench/baseline.js", out, input],
};
const results = Object.fromEntries(Object.keys(variants).map((name) => [name, { wall: [], cpu: [], rss: [] }]));
for (let run = 0; run < runs; run++) {
  for (const [name, args] of Object.entries(variants)) {
    rmSync(out, { recursive: true, force: true });
    const rssFile = join(work, "rss");
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      env: { ...process.env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${join(__dirname, "max-rss.js")}` },
      encoding: "utf8",
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`${name} failed (${result.status}):\n${result.stderr}`);
    const [kilobytes, microseconds] = readFileSync(rssFile, "utf8").split(" ").map(Number);
    results[name].wall.push(wall);
    results[name].cpu.push(microseconds / 1e6);
    results[name].rss.push(kilobytes / 1024);
  }
}
rmSync(work, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const base = { wall: median(results.baseline.wall), cpu: median(results.baseline.cpu) };
console.log(`scenario ${scenario}, ${runs} interleaved runs each, medians`);
for (const [name, result] of Object.entries(results)) {
  const [wall, cpu, rss] = [median(result.wall), median(result.cpu), median(result.rss)];
  console.log(
    `${name.padEnd(20)} ${wall.toFixed(2)} s, CPU ${cpu.toFixed(2)} s, ${rss.toFixed(0)} MB` +
      `   time ${(wall / base.wall).toFixed(2)}x, CPU ${(cpu / base.cpu).toFixed(2)}x the baseline's`,
  );
}
