#!/usr/bin/env node
// `npm run bench`: wall time and peak RSS of whole processes, ours against a baseline measured in
// the same run (medians of several runs), for the scenarios of the performance issue.
// Run after `npm run build`. Writes only under the system's temporary directory and cdktf.out/.
"use strict";
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { cpus, tmpdir, totalmem } = require("node:os");
const { join } = require("node:path");
const { writeManifests } = require("./manifests.js");

const root = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "kubernetes-job-bench-"));
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };

/**
 * Runs a command `runs` times; median wall seconds, median peak RSS (MB) and median CPU seconds
 * (user + system, all threads) of its node process. `fresh`: a directory removed before each run.
 */
function measure(label, command, args, runs, fresh) {
  const walls = [];
  const rss = [];
  const cpu = [];
  for (let run = 0; run < runs; run++) {
    if (fresh) rmSync(fresh, { recursive: true, force: true });
    const rssFile = join(work, `rss-${label}-${run}`);
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      cwd: root,
      env: { ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${join(__dirname, "max-rss.js")}` },
      encoding: "utf8",
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      throw new Error(`${label} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
    walls.push(seconds);
    try {
      const [kilobytes, microseconds] = readFileSync(rssFile, "utf8").split(" ").map(Number);
      rss.push(kilobytes / 1024);
      cpu.push(microseconds / 1e6);
    } catch {
      // npx runs the app in a child process; the RSS file is the last node process's.
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    wall: median(walls),
    rss: rss.length > 0 ? median(rss) : undefined,
    cpu: cpu.length > 0 ? median(cpu) : undefined,
  };
}

const rows = [];
function report(scenario, ours, baseline, target) {
  const ratio = baseline ? ours.wall / baseline.wall : undefined;
  rows.push({ scenario, ours, baseline, ratio, target });
  const fmt = (m) =>
    m
      ? `${m.wall.toFixed(2)} s, ${m.cpu ? `cpu ${m.cpu.toFixed(2)} s, ` : ""}${m.rss ? `${m.rss.toFixed(0)} MB` : "-"}`
      : "-";
  const ratioText = ratio === undefined ? "" : `  time ${ratio.toFixed(2)}x`;
  const cpuText = baseline?.cpu && ours.cpu ? `  cpu ${(ours.cpu / baseline.cpu).toFixed(2)}x` : "";
  const rssText = baseline?.rss && ours.rss ? `  rss ${(ours.rss / baseline.rss).toFixed(2)}x` : "";
  console.log(
    `${scenario.padEnd(40)} ours ${fmt(ours).padEnd(30)} baseline ${fmt(baseline).padEnd(30)}${ratioText}${cpuText}${rssText}  (target ${target})`,
  );
}

const kubernetesJob = (dir, out, extra = []) => [
  "bin/kubernetes-job.js",
  "synth",
  dir,
  "--out",
  out,
  "--quiet",
  ...extra,
];
const baseline = (dir, out) => ["bench/baseline.js", out, dir];

console.log(
  `machine: ${cpus().length} cores (${cpus()[0].model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);

const one = writeManifests(join(work, "one"), 1);
const thousand = writeManifests(join(work, "thousand"), 1000);
const tenThousand = writeManifests(join(work, "ten-thousand"), 10000);

// A and B synthesize from scratch: each run's output directory is removed first, for both programs.
const a = measure("a-ours", "node", kubernetesJob(one, join(work, "out-a")), 7, join(work, "out-a"));
report(
  "A: 1 manifest, kubernetes-job synth",
  a,
  measure("a-base", "node", baseline(one, join(work, "base-a")), 7, join(work, "base-a")),
  "time <= 1.0x",
);

const b = measure("b-ours", "node", kubernetesJob(thousand, join(work, "out-b")), 3, join(work, "out-b"));
report(
  "B: 1,000 manifests",
  b,
  measure("b-base", "node", baseline(thousand, join(work, "base-b")), 3, join(work, "base-b")),
  "cpu <= 1.0x, time <= 0.7x",
);

// E: after a synth of 1,000 manifests into a directory, one manifest changes and synth runs again
// into it (a different change each time); against a full synth of the same 1,000 (--no-cache).
{
  const edited = writeManifests(join(work, "incremental"), 1000);
  const full = measure("e-full", "node", kubernetesJob(edited, join(work, "out-e-full"), ["--no-cache"]), 3);
  const out = join(work, "out-e");
  measure("e-first", "node", kubernetesJob(edited, out), 1);
  const file = join(edited, "job-00500.yaml");
  const walls = [];
  for (let run = 0; run < 3; run++) {
    writeFileSync(file, readFileSync(file, "utf8").replace(/tag: v\d+\.\d+\.\d+/, `tag: v9.${run}.0`));
    walls.push(measure(`e-incremental-${run}`, "node", kubernetesJob(edited, out), 1).wall);
  }
  const incremental = { wall: [...walls].sort((a, b) => a - b)[1] };
  report("E: 1 of 1,000 changed, synth again", incremental, full, "time <= 0.2x");
}

const c = measure("c-ours", "node", kubernetesJob(tenThousand, join(work, "out-c")), 1);
report("C: 10,000 manifests (vs A's figures)", c, undefined, "rss <= 2x A");
// The figure of the issue: memory flat in the number of manifests, against the one-manifest run.
const cRatio = c.rss / a.rss;
console.log(
  `${"".padEnd(40)} C peak RSS / A peak RSS: ${cRatio.toFixed(2)}x (${c.rss.toFixed(0)} MB / ${a.rss.toFixed(0)} MB; target <= 2x: ${cRatio <= 2 ? "met" : "missed"})`,
);

const cdktf = join(root, "node_modules", ".bin", "cdktf");
const d = measure("d-ours", cdktf, ["synth", "--output", join(work, "out-d")], 3);
const dBase = measure("d-base", cdktf, ["synth", "--output", join(work, "base-d"), "--app", "npx ts-node main.ts"], 3);
report("D: npx cdktf synth of examples/", { wall: d.wall }, { wall: dBase.wall }, "time <= 0.5x (ts-node app)");

rmSync(work, { recursive: true, force: true });
