import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatPath } from "../../lib/diagnostics";
import { parseRunSettings } from "../../lib/deployment/run-settings";
import { loadManifests } from "../../lib/manifest/load";
import { loadRefsFile } from "../../lib/manifest/references";
import { planStacks, type SynthPlan } from "../../lib/terraform/plan";
import { runCli } from "../support/cli";
import { positionOf, tempDir, writeFiles } from "../support/files";
import { firstDialect, yaml } from "../support/manifest";

/** GIVEN files in a temporary directory, WHEN they are planned (with a refs file when given). */
function plan(files: Record<string, string>, refs?: string): { dir: string; plan: SynthPlan } {
  const dir = tempDir();
  writeFiles(dir, { ...files, ...(refs ? { "refs.yaml": refs } : {}) });
  const settings = refs ? { refs: join(dir, "refs.yaml") } : {};
  const paths = Object.keys(files).map((name) => join(dir, name));
  return { dir, plan: planStacks(loadManifests(paths), parseRunSettings(settings, join(dir, "out"), "test")) };
}

const errors = (result: SynthPlan) =>
  result.load.results.flatMap((item) =>
    item.diagnostics
      .filter((diagnostic) => diagnostic.severity === "error")
      .map(
        (diagnostic) => `${diagnostic.line}:${diagnostic.column} ${formatPath(diagnostic.path)}: ${diagnostic.message}`,
      ),
  );

/** A KubernetesJob manifest; `spec` lines are added under spec, `metadata` lines under metadata. */
const job = (name: string, spec: string, metadata: string[] = []) =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    "metadata:",
    `  name: ${name}`,
    ...metadata.map((line) => `  ${line}`),
    "spec:",
    '  image: { repo: busybox, tag: "1.36" }',
    ...spec.split("\n").map((line) => `  ${line}`),
    "",
  ].join("\n");

const namespaceManifest = (name: string, specName: string, metadata: string[] = []) =>
  [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesNamespace",
    "metadata:",
    `  name: ${name}`,
    ...metadata.map((line) => `  ${line}`),
    "spec:",
    `  name: ${specName}`,
    "  labels: { team: data }",
    "",
  ].join("\n");

describe("namespace references", () => {
  test("resolve to the spec.name of a KubernetesNamespace manifest of the run, by default", () => {
    const { plan: result } = plan({
      "ns.yaml": namespaceManifest("reports", "reports-live"),
      "job.yaml": job("nightly", "namespace: { valueFrom: { name: reports } }"),
    });
    expect(errors(result)).toEqual([]);
    expect(result.stacks.map((stack) => stack.manifest.spec.namespace)).toEqual([{ value: "reports-live" }]);
  });

  test("a KubernetesNamespace manifest is a source of references only: it gives no stack", () => {
    const { plan: result } = plan({ "ns.yaml": namespaceManifest("reports", "reports-live") });
    expect(result.load.ok).toBe(true);
    expect(result.stacks).toEqual([]);
    expect(result.load.sources.map((source) => source.source?.metadata.name)).toEqual(["reports"]);
  });

  test("use the referring manifest's metadata.env when the reference gives none", () => {
    const { plan: result } = plan({
      "ns.yaml":
        namespaceManifest("reports", "reports-dev", ["env: dev"]) +
        "---\n" +
        namespaceManifest("reports", "reports-prod", ["env: prod"]),
      "job.yaml": job("nightly", "namespace: { valueFrom: { name: reports } }", ["env: prod"]),
    });
    expect(errors(result)).toEqual([]);
    expect(result.stacks[0].manifest.spec.namespace).toEqual({ value: "reports-prod" });
  });

  test("resolve to another KubernetesJob's namespace, itself a reference, through spec.namespace or status.outputs.namespace", () => {
    const { plan: result } = plan({
      "a.yaml": job("first", "namespace: { value: shared-batch }"),
      "b.yaml": job(
        "second",
        "namespace: { valueFrom: { kind: KubernetesJob, name: first, fieldPath: spec.namespace } }",
      ),
      "c.yaml": job(
        "third",
        "namespace: { valueFrom: { kind: KubernetesJob, name: second, fieldPath: status.outputs.namespace } }",
      ),
    });
    expect(errors(result)).toEqual([]);
    expect(result.stacks.map((stack) => [stack.name, stack.manifest.spec.namespace.value])).toEqual([
      ["first", "shared-batch"],
      ["second", "shared-batch"],
      ["third", "shared-batch"],
    ]);
  });

  test("resolve from a refs file", () => {
    const { plan: result } = plan(
      { "job.yaml": job("nightly", "namespace: { valueFrom: { name: reports, env: prod } }") },
      yaml`
        refs:
          - kind: KubernetesNamespace
            env: prod
            name: reports
            fields: { spec.name: reports-from-refs }
      `,
    );
    expect(errors(result)).toEqual([]);
    expect(result.stacks[0].manifest.spec.namespace).toEqual({ value: "reports-from-refs" });
  });

  test("fail when the value is not a namespace name, at the reference", () => {
    const text = job("nightly", "namespace: { valueFrom: { name: reports } }");
    const { plan: result } = plan(
      { "job.yaml": text },
      "refs: [{kind: KubernetesNamespace, name: reports, fields: {spec.name: Reports_Live}}]\n",
    );
    expect(errors(result)).toEqual([
      `${positionOf(text, "valueFrom")} spec.namespace.valueFrom: resolves to "Reports_Live", which must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit`,
    ]);
  });

  test("check the resolved namespace against secretRef.namespace, as a literal one is", () => {
    const text = job(
      "nightly",
      "namespace: { valueFrom: { name: reports } }\nenv: { secrets: { TOKEN: { secretRef: { name: api, key: token, namespace: other } } } }",
    );
    const { plan: result } = plan({ "ns.yaml": namespaceManifest("reports", "reports-live"), "job.yaml": text });
    expect(errors(result)).toEqual([
      `${positionOf(text, "other")} spec.env.secrets.TOKEN.secretRef.namespace: "other" is not the Job's namespace "reports-live"; a pod can only read Secrets of its own namespace`,
    ]);
  });
});

describe("env variable references", () => {
  test("resolve from a sibling KubernetesJob and from a refs file, keeping literal values", () => {
    const { plan: result } = plan(
      {
        "a.yaml": job("producer", "namespace: { value: batch }"),
        "b.yaml": job(
          "consumer",
          [
            "namespace: { value: batch }",
            "env:",
            "  variables:",
            "    LITERAL: { value: plain }",
            "    PRODUCER_JOB: { valueFrom: { kind: KubernetesJob, name: producer, fieldPath: status.outputs.job_name } }",
            "    DB_HOST: { valueFrom: { kind: KubernetesPostgres, name: orders-db, fieldPath: status.outputs.host } }",
          ].join("\n"),
        ),
      },
      "refs: [{kind: KubernetesPostgres, name: orders-db, fields: {status.outputs.host: orders-db.batch.svc}}]\n",
    );
    expect(errors(result)).toEqual([]);
    expect(firstDialect(result.stacks[1].manifest).spec.env?.variables).toEqual({
      LITERAL: { value: "plain" },
      PRODUCER_JOB: { value: "producer" },
      DB_HOST: { value: "orders-db.batch.svc" },
    });
  });
});

describe("reference errors", () => {
  test("an unknown kind names the kinds a reference can use", () => {
    const text = job(
      "nightly",
      "namespace: { value: batch }\nenv: { variables: { X: { valueFrom: { kind: KubernetesRedis, name: cache, fieldPath: status.outputs.host } } } }",
    );
    expect(errors(plan({ "job.yaml": text }).plan)).toEqual([
      `${positionOf(text, "valueFrom")} spec.env.variables.X.valueFrom: kind "KubernetesRedis" is unknown: a reference can name KubernetesJob, KubernetesNamespace (other kinds through a refs file, --refs)`,
    ]);
  });

  test("a missing resource says where it was looked for, and which envs exist", () => {
    const text = job("nightly", "namespace: { valueFrom: { name: reports, env: staging } }");
    const { dir, plan: result } = plan({
      "ns.yaml": namespaceManifest("reports", "reports-prod", ["env: prod"]),
      "job.yaml": text,
    });
    expect(errors(result)).toEqual([
      `${positionOf(text, "valueFrom")} spec.namespace.valueFrom: finds no KubernetesNamespace "reports" with env "staging" among the manifests of this run or in a refs file; found env "prod" at ${join(dir, "ns.yaml")}:1 (set valueFrom.env to choose)`,
    ]);
  });

  test('metadata.env: "" is no env: the reference finds the resource without env', () => {
    const text = job("nightly", "namespace: { valueFrom: { name: reports } }", ['env: ""']);
    const { plan: result } = plan({ "ns.yaml": namespaceManifest("reports", "reports-live"), "job.yaml": text });
    expect(errors(result)).toEqual([]);
    expect(result.stacks.map((stack) => stack.manifest.spec.namespace)).toEqual([{ value: "reports-live" }]);
  });

  test('metadata.env: "" with no match says one true thing (no "found no env" next to "finds no ... without env")', () => {
    const text = job("nightly", "namespace: { valueFrom: { name: reports } }", ['env: ""']);
    const { dir, plan: result } = plan({
      "ns.yaml": namespaceManifest("reports", "reports-prod", ["env: prod"]),
      "job.yaml": text,
    });
    expect(errors(result)).toEqual([
      `${positionOf(text, "valueFrom")} spec.namespace.valueFrom: finds no KubernetesNamespace "reports" without env among the manifests of this run or in a refs file; found env "prod" at ${join(dir, "ns.yaml")}:1 (set valueFrom.env to choose)`,
    ]);
  });

  test("a missing field names the resource that lacks it", () => {
    const text = job(
      "nightly",
      "namespace: { value: batch }\nenv: { variables: { X: { valueFrom: { kind: KubernetesJob, name: other, fieldPath: status.outputs.url } } } }",
    );
    const { dir, plan: result } = plan({ "other.yaml": job("other", "namespace: { value: batch }"), "job.yaml": text });
    expect(errors(result)).toEqual([
      `${positionOf(text, "valueFrom")} spec.env.variables.X.valueFrom: finds KubernetesJob "other" without env at ${join(dir, "other.yaml")}:1, but it has no field status.outputs.url`,
    ]);
  });

  test("two resources answering one reference is ambiguous, naming both", () => {
    const text = job("nightly", "namespace: { valueFrom: { name: reports } }");
    const { dir, plan: result } = plan(
      { "ns.yaml": namespaceManifest("reports", "reports-a"), "job.yaml": text },
      "refs: [{kind: KubernetesNamespace, name: reports, fields: {spec.name: reports-b}}]\n",
    );
    expect(errors(result)).toEqual([
      `${positionOf(text, "valueFrom")} spec.namespace.valueFrom: is ambiguous: KubernetesNamespace "reports" without env is defined at ${join(dir, "ns.yaml")}:1 and ${join(dir, "refs.yaml")}`,
    ]);
  });

  test("a cycle of namespace references is reported with its path, on each manifest in it", () => {
    const a = job(
      "first",
      "namespace: { valueFrom: { kind: KubernetesJob, name: second, fieldPath: spec.namespace } }",
    );
    const b = job(
      "second",
      "namespace: { valueFrom: { kind: KubernetesJob, name: first, fieldPath: spec.namespace } }",
    );
    const { dir, plan: result } = plan({ "a.yaml": a, "b.yaml": b });
    const [first, second] = [join(dir, "a.yaml"), join(dir, "b.yaml")];
    expect(errors(result)).toEqual([
      `${positionOf(a, "valueFrom")} spec.namespace.valueFrom: reference cycle: ${first}:1 spec.namespace -> ${second}:1 spec.namespace -> ${first}:1 spec.namespace`,
      `${positionOf(b, "valueFrom")} spec.namespace.valueFrom: reference cycle: ${first}:1 spec.namespace -> ${second}:1 spec.namespace -> ${first}:1 spec.namespace`,
    ]);
    expect(result.stacks).toEqual([]);
  });

  test("every failing reference is reported together", () => {
    const text = job(
      "nightly",
      "namespace: { valueFrom: { name: nowhere } }\nenv: { variables: { A: { valueFrom: { name: x } }, B: { valueFrom: { kind: KubernetesJob, name: y } } } }",
    );
    expect(errors(plan({ "job.yaml": text }).plan).map((line) => line.split(": ")[0].split(" ")[1])).toEqual([
      "spec.namespace.valueFrom",
      "spec.env.variables.A.valueFrom",
      "spec.env.variables.B.valueFrom",
    ]);
  });
});

describe("refs file", () => {
  test("a malformed refs file is an error naming the file and the field", () => {
    const dir = tempDir();
    writeFiles(dir, { "refs.yaml": "refs:\n  - kind: KubernetesNamespace\n    nme: reports\n    fields: {}\n" });
    const file = join(dir, "refs.yaml");
    expect(() => loadRefsFile(file)).toThrow(
      `refs file ${file} is invalid:\n  ${file}:2:5: refs[0].name: is required\n  ${file}:3:5: refs[0].nme: unknown field "nme"; did you mean "name"?`,
    );
  });

  test("field values may be numbers or booleans, read as their text", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "refs.yaml": "refs: [{kind: KubernetesPostgres, name: db, fields: {status.outputs.port: 5432, ready: true}}]\n",
    });
    expect(loadRefsFile(join(dir, "refs.yaml"))[0].fields).toEqual({ "status.outputs.port": "5432", ready: "true" });
  });
});

describe("names that JavaScript objects have (toString, constructor, __proto__...)", () => {
  const NAMES = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf", "constructor.name"];

  test.each(NAMES)("fieldPath %s of a refs entry that lacks it is a missing field, not a crash", (fieldPath) => {
    const text = job(
      "nightly",
      `namespace: { value: batch }\nenv: { variables: { X: { valueFrom: { kind: KubernetesPostgres, name: db, fieldPath: "${fieldPath}" } } } }`,
    );
    const { dir, plan: result } = plan(
      { "job.yaml": text },
      "refs: [{kind: KubernetesPostgres, name: db, fields: {host: db.local}}]\n",
    );
    expect(errors(result)).toEqual([
      `${positionOf(text, "valueFrom")} spec.env.variables.X.valueFrom: finds KubernetesPostgres "db" without env at ${join(dir, "refs.yaml")}, but it has no field ${fieldPath}`,
    ]);
  });

  test.each(NAMES)("fieldPath %s of a KubernetesJob of the run is a missing field, not a crash", (fieldPath) => {
    const text = job(
      "nightly",
      `namespace: { value: batch }\nenv: { variables: { X: { valueFrom: { kind: KubernetesJob, name: other, fieldPath: "${fieldPath}" } } } }`,
    );
    const { dir, plan: result } = plan({ "other.yaml": job("other", "namespace: { value: batch }"), "job.yaml": text });
    expect(errors(result)).toEqual([
      `${positionOf(text, "valueFrom")} spec.env.variables.X.valueFrom: finds KubernetesJob "other" without env at ${join(dir, "other.yaml")}:1, but it has no field ${fieldPath}`,
    ]);
  });

  test.each(NAMES)("fieldPath %s of a KubernetesNamespace of the run is a missing field", (fieldPath) => {
    const text = job("nightly", `namespace: { valueFrom: { name: reports, fieldPath: "${fieldPath}" } }`);
    const { dir, plan: result } = plan({ "ns.yaml": namespaceManifest("reports", "reports-live"), "job.yaml": text });
    expect(errors(result)).toEqual([
      `${positionOf(text, "valueFrom")} spec.namespace.valueFrom: finds KubernetesNamespace "reports" without env at ${join(dir, "ns.yaml")}:1, but it has no field ${fieldPath}`,
    ]);
  });

  test("a refs field named toString or valueOf resolves to its value", () => {
    const text = job(
      "nightly",
      "namespace: { value: batch }\nenv: { variables: { A: { valueFrom: { kind: KubernetesPostgres, name: db, fieldPath: toString } }, B: { valueFrom: { kind: KubernetesPostgres, name: db, fieldPath: valueOf } } } }",
    );
    const { plan: result } = plan(
      { "job.yaml": text },
      "refs: [{kind: KubernetesPostgres, name: db, fields: {toString: a-value, valueOf: b-value}}]\n",
    );
    expect(errors(result)).toEqual([]);
    expect(firstDialect(result.stacks[0].manifest).spec.env?.variables).toEqual({
      A: { value: "a-value" },
      B: { value: "b-value" },
    });
  });
});

describe("refs file, read as strictly as a manifest", () => {
  const refsFile = (content: string | Buffer) => {
    const dir = tempDir();
    const file = join(dir, "refs.yaml");
    writeFileSync(file, content);
    return file;
  };

  test("keys stay as written: fields 1.10 and TRUE", () => {
    const file = refsFile("refs: [{kind: KubernetesPostgres, name: db, fields: {1.10: a, TRUE: b}}]\n");
    expect(loadRefsFile(file)[0].fields).toEqual({ "1.10": "a", TRUE: "b" });
  });

  test('"10" and 10 in one mapping are refused as a duplicate key, at file:line:column', () => {
    const file = refsFile(
      'refs:\n  - kind: KubernetesPostgres\n    name: db\n    fields:\n      "10": a\n      10: b\n',
    );
    expect(() => loadRefsFile(file)).toThrow(
      `refs file ${file} cannot be read:\n  ${file}:6:7: refs[0].fields["10"]: the key "10" appears twice in this mapping (first at line 5, column 7); a quoted key and a plain one with the same text are the same key`,
    );
  });

  test.each([
    ["flow mappings 5000 levels deep", (n: number) => `refs: ${"{a: ".repeat(n)}1${"}".repeat(n)}\n`, 5000],
    [
      "block mappings 200 levels deep",
      (n: number) => `refs:\n${[...Array(n).keys()].map((i) => `${"  ".repeat(i + 1)}a:\n`).join("")}`,
      200,
    ],
  ])("%s: a clean error, not a stack overflow", (_what, nest, depth) => {
    const file = refsFile(nest(depth));
    expect(() => loadRefsFile(file)).toThrow(/values are nested more than 64 levels deep, which no manifest needs/);
    expect(() => loadRefsFile(file)).toThrow(new RegExp(`^refs file ${file}`));
  });

  test("an alias bomb is refused", () => {
    const levels = ["a: &a [x,x,x,x,x,x,x,x,x]"];
    for (let level = 1; level < 9; level++) {
      levels.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(",")}]`,
      );
    }
    const file = refsFile(`${levels.join("\n")}\n`);
    expect(() => loadRefsFile(file)).toThrow(
      `refs file ${file} cannot be read:\n  ${file}:1:1: Excessive alias count indicates a resource exhaustion attack`,
    );
  });

  test("a file that is not UTF-8 is refused with the byte offset", () => {
    const file = refsFile(Buffer.from([...Buffer.from("refs: [caf"), 0xe9, 0x5d, 0x0a]));
    expect(() => loadRefsFile(file)).toThrow(
      `refs file ${file}:1:11 is not valid UTF-8 at byte offset 10 (line 1, column 11): the byte 0xE9 is not followed by the rest of a character (Latin-1 or another 8-bit encoding?); save the file as UTF-8`,
    );
  });

  test("a UTF-16 file is refused, saying so", () => {
    const file = refsFile(Buffer.from("\ufeffrefs: []\n", "utf16le"));
    expect(() => loadRefsFile(file)).toThrow(
      `refs file ${file} is UTF-16 (it starts with a byte order mark), not UTF-8: save it as UTF-8`,
    );
  });

  test("reading stops at 16 MiB: a refs file of /dev/zero is refused", () => {
    expect(() => loadRefsFile("/dev/zero")).toThrow(
      "refs file /dev/zero is larger than 16 MiB, the limit for an input file (it was not read further)",
    );
  });
});

describe("validate and synth agree", () => {
  test("both resolve the same reference, and both reject the same broken one", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "ok/ns.yaml": namespaceManifest("reports", "reports-live"),
      "ok/job.yaml": job("nightly", "namespace: { valueFrom: { name: reports } }"),
      "broken/job.yaml": job("nightly", "namespace: { valueFrom: { name: reports } }"),
    });
    const validateOk = await runCli(["validate", join(dir, "ok")]);
    expect(validateOk.code).toBe(0);
    expect(validateOk.stdout).toContain("nightly (namespace reports-live)");
    expect(validateOk.stdout).toContain("reports (KubernetesNamespace, a source of references)");
    const synthOk = await runCli(["synth", join(dir, "ok"), "--out", join(dir, "out")]);
    expect(synthOk.code).toBe(0);
    expect(synthOk.stdout).toContain("1 stack written");

    const validateBroken = await runCli(["validate", join(dir, "broken")]);
    const synthBroken = await runCli(["synth", join(dir, "broken"), "--out", join(dir, "out2")]);
    expect([validateBroken.code, synthBroken.code]).toEqual([1, 1]);
    const message = 'spec.namespace.valueFrom: finds no KubernetesNamespace "reports" without env';
    expect(validateBroken.stderr).toContain(message);
    expect(synthBroken.stderr).toContain(message);
  });
});
