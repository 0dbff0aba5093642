/**
 * The output directory against a model, SQLite style: random sequences of synth runs, failing
 * and crashing file operations at every step of a commit, interrupted and concurrent runs, and
 * files of others (Terraform's, a user's, state) appearing in between. After each step the
 * output must be exactly one complete run's output plus the others' files, byte for byte.
 * A crash (the process dies at a file operation: nothing after it happens) is followed by what
 * the next run does first, putting back the earlier output from the journal.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { Interrupted, recoverOutput, TOOL_DIR, writeAtomically } from "../lib/output";
import { faultyFs } from "./support/faulty-fs";
import { readOutput, readTree, tempDir, writeFiles } from "./support/files";
import { ROOT } from "./support/paths";

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const STACKS = ["a", "b", "c", "d"];
const EMPTY_STATE = JSON.stringify({ version: 4, resources: [] });

type Files = Record<string, string>;

/** What a synth of these stacks writes (content tells runs apart; HCL runs write cdk.tf). */
function synthOutput(stacks: readonly string[], content: number, hcl: boolean): Files {
  const files: Files = { "manifest.json": JSON.stringify({ version: "0.21.0", stacks, content }) };
  for (const stack of stacks) files[`stacks/${stack}/${hcl ? "cdk.tf" : "cdk.tf.json"}`] = `${stack} ${content}`;
  return files;
}

/** Files only, as text; directories follow from them. */
function filesOf(dir: string): Files {
  // A first run that failed leaves no directory.
  if (!existsSync(dir)) return {};
  const tree = readOutput(dir);
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([, value]) => value !== "<dir>")
      .map(([path, hex]) => [path, Buffer.from(hex, "hex").toString()]),
  );
}

const runArb = fc.record({
  stacks: fc.subarray(STACKS),
  content: fc.nat(1000),
  hcl: fc.boolean(),
});

const stepArb = fc.oneof(
  runArb.map((run) => ({ kind: "run" as const, ...run })),
  fc.tuple(runArb, fc.integer({ min: 1, max: 30 }), fc.boolean()).map(([run, at, crash]) => ({
    kind: "fault" as const,
    ...run,
    at,
    crash,
  })),
  runArb.map((run) => ({ kind: "interrupt" as const, ...run })),
  fc.tuple(runArb, runArb).map(([first, second]) => ({ kind: "concurrent" as const, first, second })),
  fc
    .tuple(fc.constantFrom(...STACKS), fc.constantFrom(".terraform.lock.hcl", "terraform.tfstate", "notes.txt"))
    .map(([stack, name]) => ({ kind: "others" as const, path: `stacks/${stack}/${name}` })),
  fc.constant({ kind: "others" as const, path: "stacks/main.ts" }),
);

describe("the output directory against a model", () => {
  test("after any sequence of runs, faults, crashes, interrupts and concurrent runs, it is one run's output plus others' files", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (steps) => {
        const out = join(tempDir(), "out");
        let current: Files = {};
        const others: Files = {};
        const expectOutput = () => expect(filesOf(out)).toEqual({ ...current, ...others });

        for (const step of steps) {
          switch (step.kind) {
            case "run": {
              const files = synthOutput(step.stacks, step.content, step.hcl);
              await writeAtomically(out, (staging) => writeFiles(staging, files));
              current = files;
              break;
            }
            case "fault": {
              const files = synthOutput(step.stacks, step.content, step.hcl);
              const fs = faultyFs(step.at, step.crash);
              let committed = true;
              try {
                await writeAtomically(out, (staging) => writeFiles(staging, files), { fs });
              } catch (cause) {
                committed = false;
                // A crash also fails the undoing, which says so; the next run puts the output back.
                expect((cause as Error).message).toMatch(
                  step.crash ? /^killed(; putting the earlier output back failed too)?/ : /^injected I\/O error$/,
                );
              }
              // What the next run does first, holding the lock.
              if (step.crash) recoverOutput(out, TOOL_DIR);
              if (committed) current = files;
              break;
            }
            case "interrupt": {
              const controller = new AbortController();
              const run = writeAtomically(
                out,
                (staging) => {
                  writeFiles(staging, synthOutput(step.stacks, step.content, step.hcl));
                  controller.abort();
                },
                { signal: controller.signal },
              );
              await expect(run).rejects.toBeInstanceOf(Interrupted);
              break;
            }
            case "concurrent": {
              const order: Files[] = [];
              await Promise.all(
                [step.first, step.second].map((run) => {
                  const files = synthOutput(run.stacks, run.content, run.hcl);
                  return writeAtomically(out, (staging) => {
                    order.push(files);
                    writeFiles(staging, files);
                  });
                }),
              );
              current = order[1];
              break;
            }
            case "others": {
              // Only into an output of synth's: a foreign directory is refused (tested elsewhere).
              if (!existsSync(join(out, TOOL_DIR, "written.json"))) break;
              // Terraform's and a user's files, and an empty state, which synth must leave alone.
              const content = step.path.endsWith(".tfstate") ? EMPTY_STATE : `others ${step.path}`;
              writeFiles(out, { [step.path]: content });
              others[step.path] = content;
              break;
            }
          }
          expectOutput();
        }
        // Whatever happened, a last run leaves only its record in synth's own directory.
        await writeAtomically(out, (staging) => writeFiles(staging, current));
        expect(readdirSync(join(out, TOOL_DIR))).toEqual(["written.json"]);
        expectOutput();
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the real command, killed", () => {
  const job = (name: string, tag: string) =>
    [
      "apiVersion: kubernetes.project-planton.org/v1",
      "kind: KubernetesJob",
      `metadata: { name: ${name} }`,
      "spec:",
      "  namespace: { value: batch }",
      `  image: { repo: busybox, tag: "${tag}" }`,
      "",
    ].join("\n");

  function manifests(dir: string, count: number, tag: string): void {
    mkdirSync(dir, { recursive: true });
    for (let index = 0; index < count; index++) writeFileSync(join(dir, `job-${index}.yaml`), job(`job-${index}`, tag));
  }

  const synth = (jobs: string, out: string, signal?: { name: NodeJS.Signals; afterMs: number }) =>
    new Promise<number | null>((done) => {
      const child = spawn("node", [join(ROOT, "bin/kubernetes-job.js"), "synth", jobs, "--out", out, "--quiet"]);
      if (signal) setTimeout(() => child.kill(signal.name), signal.afterMs);
      child.on("exit", (code) => done(code));
    });

  test("SIGKILL or SIGINT at random moments: the next run finds one complete run's output", async () => {
    const base = tempDir();
    const out = join(base, "out");
    const [oldJobs, newJobs] = [join(base, "old"), join(base, "new")];
    manifests(oldJobs, 40, "1.0");
    manifests(newJobs, 50, "2.0");
    const outputs: Record<string, string>[] = [];
    for (const jobs of [oldJobs, newJobs]) {
      const fresh = join(tempDir(), "out");
      expect(await synth(jobs, fresh)).toBe(0);
      outputs.push(readOutput(fresh));
    }

    expect(await synth(oldJobs, out)).toBe(0);
    let previous = readOutput(out);
    for (const afterMs of [100, 350, 600, 900]) {
      for (const name of ["SIGKILL", "SIGINT"] as const) {
        const fromNew = afterMs % 100 === 0;
        const target = outputs[fromNew ? 1 : 0];
        const code = await synth(fromNew ? newJobs : oldJobs, out, { name, afterMs });
        // A killed run may have stopped anywhere; the next run puts back the earlier output first.
        recoverOutput(out, TOOL_DIR);
        const now = readOutput(out);
        // Done (even if killed just after its commit point), or as it was.
        if (code === 0) expect(now).toEqual(target);
        else expect([previous, target]).toContainEqual(now);
        previous = now;
      }
    }
    expect(await synth(newJobs, out)).toBe(0);
    expect(readOutput(out)).toEqual(outputs[1]);
    expect(Object.keys(readTree(join(out, TOOL_DIR)))).toEqual(["cache-key", "cache.json", "written.json"]);
  }, 120_000);
});
