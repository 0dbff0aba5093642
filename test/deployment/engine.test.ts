/**
 * Choosing the engine: the manifest's annotation wins over the run's setting (flag or cdktf.json
 * context key), and the default is typed.
 */
import { join } from "node:path";
import { formatPath } from "../../lib/diagnostics";
import { ENGINE_ANNOTATION, engineFor } from "../../lib/deployment/engine";
import { parseRunSettings } from "../../lib/deployment/run-settings";
import { loadManifests } from "../../lib/manifest/load";
import { planStacks } from "../../lib/terraform/plan";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";
import { defaultRun, manifest, manifestInput, yaml } from "../support/manifest";

const annotated = (engine: string) => manifest({}, { annotations: { [ENGINE_ANNOTATION]: engine } });

describe("engineFor", () => {
  test("is typed when neither the manifest nor the run says", () => {
    expect(engineFor(manifest(), undefined)).toEqual({ engine: "typed", problems: [] });
  });

  test("is the run's engine for a manifest without the annotation", () => {
    expect(engineFor(manifest(), "manifest")).toEqual({ engine: "manifest", problems: [] });
  });

  test("is the annotation's engine whatever the run says: the manifest wins", () => {
    expect(engineFor(annotated("manifest"), "typed")).toEqual({ engine: "manifest", problems: [] });
    expect(engineFor(annotated("typed"), "manifest")).toEqual({ engine: "typed", problems: [] });
  });

  test("refuses an annotation naming no engine, at the annotation, with the value and what is allowed", () => {
    const { engine, problems } = engineFor(annotated("Manifest"), "manifest");
    expect(engine).toBeUndefined();
    expect(problems.map(({ severity, path, message }) => ({ severity, path: formatPath(path), message }))).toEqual([
      {
        severity: "error",
        path: 'metadata.annotations["kubernetes-job-cdktf/engine"]',
        message: '"Manifest" is not an engine; allowed: "typed" or "manifest"',
      },
    ]);
  });
});

describe("the run's engine setting", () => {
  test("takes typed or manifest", () => {
    expect(parseRunSettings({ engine: "manifest" }, "cdktf.out", "flags").engine).toBe("manifest");
    expect(parseRunSettings({ engine: "typed" }, "cdktf.out", "flags").engine).toBe("typed");
    expect(parseRunSettings({}, "cdktf.out", "flags").engine).toBeUndefined();
  });

  test("refuses another value, naming the flag or the context key, the value and what is allowed", () => {
    expect(() => parseRunSettings({ engine: "kubectl" }, "cdktf.out", "flags")).toThrow(
      'invalid deployment settings in flags:\n  --engine: "kubectl" is not an engine; allowed: "typed" or "manifest"',
    );
    expect(() => parseRunSettings({ engine: 1 }, "cdktf.out", "cdktf.json context")).toThrow(
      'invalid deployment settings in cdktf.json context:\n  engine: 1 is not an engine; allowed: "typed" or "manifest"',
    );
  });

  test("--engine with another value exits 1 and writes nothing", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": JSON.stringify(manifestInput()) });
    const run = await runCli(["synth", join(dir, "job.json"), "--out", join(dir, "out"), "--engine", "kubectl"]);
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'kubernetes-job: invalid deployment settings in flags:\n  --engine: "kubectl" is not an engine; allowed: "typed" or "manifest"\n',
    });
  });
});

describe("planStacks with engines", () => {
  /** One manifest file of YAML text, loaded. */
  const load = (text: string) => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": text });
    const file = join(dir, "job.yaml");
    return { file, load: loadManifests([file]) };
  };
  const workQueue = (annotations = "") => yaml`
    apiVersion: kubernetes.project-planton.org/v1
    kind: KubernetesJob
    metadata:
      name: queue
      ${annotations}
    spec:
      namespace: { value: reports }
      image: { repo: busybox, tag: "1.36" }
      parallelism: 3
      completions: 0
  `;
  const diagnostics = (plan: ReturnType<typeof planStacks>) =>
    plan.load.results.flatMap((result) =>
      result.diagnostics.map(({ severity, file, line, column, path, message }) => ({
        severity,
        where: `${file}:${line}:${column}`,
        path: formatPath(path),
        message,
      })),
    );

  test("refuses a work queue on the typed engine, naming the annotation and the flag that would deploy it", () => {
    const { file, load: loaded } = load(workQueue());
    const plan = planStacks(loaded, parseRunSettings({}, "cdktf.out", "flags"));
    expect(plan.stacks).toEqual([]);
    expect(diagnostics(plan)).toEqual([
      {
        severity: "error",
        where: `${file}:10:16`,
        path: "spec.completions",
        message: expect.stringMatching(
          /^is 0 \(unset: a work queue.*; or deploy it as it is with the manifest engine \(kubernetes_manifest, which sends the Job as the manifest says it\): the annotation kubernetes-job-cdktf\/engine: manifest \(or --engine manifest for the run\)$/,
        ),
      },
    ]);
  });

  test("names the cdktf.json context key when the run's settings come from there", () => {
    const { load: loaded } = load(workQueue());
    const plan = planStacks(loaded, parseRunSettings({}, "cdktf.out", "cdktf.json context"));
    expect(diagnostics(plan)[0].message).toMatch(
      /the annotation kubernetes-job-cdktf\/engine: manifest \(or the cdktf.json context key "engine": "manifest" for the run\)$/,
    );
  });

  test("names only the annotation when the manifest chose typed itself (the run's setting would not win)", () => {
    const { load: loaded } = load(workQueue(`annotations: { "${ENGINE_ANNOTATION}": typed }`));
    const plan = planStacks(loaded, parseRunSettings({ engine: "manifest" }, "cdktf.out", "flags"));
    expect(plan.stacks).toEqual([]);
    expect(diagnostics(plan)[0].message).toMatch(/: the annotation kubernetes-job-cdktf\/engine: manifest$/);
  });

  test("refuses an Indexed Job with restartPolicy OnFailure on the typed engine, naming the manifest engine", () => {
    const plan = planStacks(
      loadManifests(["-"], {
        readStdin: () =>
          JSON.stringify(manifestInput({ completionMode: "Indexed", completions: 4, restartPolicy: "OnFailure" })),
      }),
      defaultRun(),
    );
    expect(diagnostics(plan).map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: "spec.restartPolicy",
        message: expect.stringMatching(
          /^is "OnFailure" in an Indexed Job.*use restartPolicy: Never; or deploy it as it is with the manifest engine/,
        ),
      },
    ]);
  });

  test("warns of an Indexed Job's per-index limits on the typed engine, naming the manifest engine", () => {
    const plan = planStacks(
      loadManifests(["-"], {
        readStdin: () => JSON.stringify(manifestInput({ completionMode: "Indexed", completions: 4 })),
      }),
      defaultRun(),
    );
    expect(plan.stacks).toHaveLength(1);
    expect(diagnostics(plan).map(({ severity, path, message }) => ({ severity, path, message }))).toEqual([
      {
        severity: "warning",
        path: "spec.completionMode",
        message: expect.stringMatching(
          /^is "Indexed": .*; or deploy it as it is with the manifest engine \(kubernetes_manifest, which sends the Job as the manifest says it\): the annotation kubernetes-job-cdktf\/engine: manifest/,
        ),
      },
    ]);
  });

  test("deploys a work queue on the manifest engine, chosen by the annotation, with no typed-engine problem", () => {
    const { load: loaded } = load(workQueue(`annotations: { "${ENGINE_ANNOTATION}": manifest }`));
    const plan = planStacks(loaded, defaultRun());
    expect(diagnostics(plan)).toEqual([]);
    expect(plan.stacks.map((stack) => [stack.name, stack.deployment.engine])).toEqual([["queue", "manifest"]]);
  });

  test("deploys a work queue on the manifest engine, chosen by the run, and warns of no Indexed difference there", () => {
    const indexed = manifestInput({ completionMode: "Indexed", completions: 4 }, { name: "indexed" });
    const plan = planStacks(
      loadManifests(["-"], { readStdin: () => `${workQueue()}---\n${JSON.stringify(indexed)}\n` }),
      parseRunSettings({ engine: "manifest" }, "cdktf.out", "flags"),
    );
    expect(diagnostics(plan)).toEqual([]);
    expect(plan.stacks.map((stack) => [stack.name, stack.deployment.engine])).toEqual([
      ["queue", "manifest"],
      ["indexed", "manifest"],
    ]);
  });

  test("plans the typed engine by default, and says so in each deployment", () => {
    const plan = planStacks(loadManifests(["-"], { readStdin: () => JSON.stringify(manifestInput()) }), defaultRun());
    expect(plan.stacks.map((stack) => stack.deployment.engine)).toEqual(["typed"]);
  });

  test("reports a bad annotation at its line, and no engine's rules on top of it", () => {
    const { file, load: loaded } = load(workQueue(`annotations: { "${ENGINE_ANNOTATION}": kubectl }`));
    const plan = planStacks(loaded, defaultRun());
    expect(diagnostics(plan)).toEqual([
      {
        severity: "error",
        where: `${file}:5:49`,
        path: 'metadata.annotations["kubernetes-job-cdktf/engine"]',
        message: '"kubectl" is not an engine; allowed: "typed" or "manifest"',
      },
    ]);
  });
});
