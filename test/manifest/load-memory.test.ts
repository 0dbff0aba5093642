/**
 * What the main thread keeps per manifest once every manifest is loaded and planned: measured as
 * heap (after a full garbage collection, in a child process run with --expose-gc) at two sizes.
 * No timing: the bound is on bytes, and generous (half as much again as a manifest takes today).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../support/paths";
import { tempDir } from "../support/files";

// bench/manifests.js: the benchmark's realistic manifests (env variables, secrets, volumes).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeManifests } = require("../../bench/manifests.js") as {
  writeManifests: (dir: string, count: number) => string;
};

/** Heap bytes still referenced after loading and planning the manifests in `dir` (kept alive to the end). */
const CHILD = `
const [load, plan, settings] = ["manifest/load", "terraform/plan", "deployment/run-settings"].map((m) =>
  require(${JSON.stringify(join(ROOT, "dist", "lib"))} + "/" + m));
const used = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
const before = used();
const planned = plan.planStacks(load.loadManifests([process.argv[1]]), settings.parseRunSettings({}, process.argv[2], "flags"));
const after = used();
if (!planned.load.ok) throw new Error("not ok");
process.stdout.write(String(after - before) + " " + planned.stacks.length);
`;

function keptBytes(count: number): number {
  const dir = writeManifests(join(tempDir(), "jobs"), count);
  const out = execFileSync("node", ["--expose-gc", "-e", CHILD, dir, join(tempDir(), "out")], { encoding: "utf8" });
  const [bytes, stacks] = out.split(" ").map(Number);
  expect(stacks).toBe(count);
  return bytes;
}

describe("memory kept by a run's main thread", () => {
  test("grows by under 8 KB per manifest (today about 5.5 KB): validated manifests and settings, no raw documents", () => {
    const small = keptBytes(100);
    const large = keptBytes(1100);
    const perManifest = (large - small) / 1000;
    expect(perManifest).toBeGreaterThan(0);
    expect(perManifest).toBeLessThan(8 * 1024);
  }, 120_000);
});
