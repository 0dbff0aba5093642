/**
 * The invalid-input corpus: every manifest under test/fixtures/invalid/ is run through the real
 * loader and planner and must give exactly the errors its header lists (see the README there),
 * and `validate` must exit 1 with those errors and nothing that looks like a crash. Inputs too big
 * to commit (over 1 MiB, thousands of levels deep) are generated here into temporary directories.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { parseRunSettings } from "../lib/deployment/run-settings";
import { formatPath } from "../lib/diagnostics";
import { loadManifests } from "../lib/manifest/load";
import { planStacks } from "../lib/terraform/plan";
import { runCli, type CliRun } from "./support/cli";
import { positionOf, readTree, tempDir, writeFiles } from "./support/files";
import { ROOT } from "./support/paths";

const CORPUS = join(__dirname, "fixtures", "invalid");
const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];
/** Replaces the fixture's own file name in messages, so that expectations do not depend on where tests run. */
const FILE = "<file>";
/** What the CLI prints instead of a secret value. */
const REDACTED = "<redacted>";

interface Fixture {
  /** Relative to the repository root, as a user would pass it. */
  readonly file: string;
  /** `<line>:<column> <path>: <message>`, or `- : <message>` for a problem with no position. */
  readonly expected: string[];
  /** Values that must never appear in the CLI's output. */
  readonly secrets: string[];
}

/** The header of a fixture: its leading comment lines, or its sidecar `<name>.expect` file. */
function readFixture(name: string): Fixture {
  const path = join(CORPUS, name);
  const sidecar = join(CORPUS, `${name.slice(0, -extname(name).length)}.expect`);
  const text = readFileSync(existsSync(sidecar) ? sidecar : path, "utf8");
  const header: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("#")) break;
    header.push(line);
  }
  const values = (key: string) =>
    header.filter((line) => line.startsWith(`# ${key}: `)).map((line) => line.slice(`# ${key}: `.length));
  return { file: relative(ROOT, path), expected: values("expect"), secrets: values("secret") };
}

const fixtures = readdirSync(CORPUS)
  .filter((name) => MANIFEST_EXTENSIONS.includes(extname(name)))
  .sort()
  .map(readFixture);

/** Every error of a run through loader and planner, in the order `validate` prints them. */
function plannedErrors(file: string): string[] {
  const outDir = tempDir("kubernetes-job-corpus-out-");
  const { load } = planStacks(loadManifests([file]), parseRunSettings({}, outDir, "test"));
  const diagnostics = [
    ...load.results.flatMap((result) => result.diagnostics),
    ...load.sources.flatMap((source) => source.diagnostics),
    ...load.fileDiagnostics,
  ];
  return diagnostics
    .filter((diagnostic) => diagnostic.severity === "error")
    .map((diagnostic) => {
      const at = diagnostic.line === undefined ? "-" : `${diagnostic.line}:${diagnostic.column}`;
      return `${at} ${formatPath(diagnostic.path)}: ${diagnostic.message.split(file).join(FILE)}`;
    });
}

/** An expectation as `validate` prints it: `file:line:column: error: path: message`. */
function asPrinted(file: string, expected: string, secrets: readonly string[]): string {
  const match = /^(-|\d+:\d+) (.*?): (.*)$/s.exec(expected);
  if (!match) throw new Error(`not an expectation: ${expected}`);
  const [, at, path, message] = match;
  const where = at === "-" ? file : `${file}:${at}`;
  const line = `${where}: error: ${path === "" ? "" : `${path}: `}${message.split(FILE).join(file)}`;
  return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), line);
}

function expectNoCrash(run: CliRun): void {
  const output = run.stdout + run.stderr;
  expect(output).not.toContain("internal error");
  expect(output).not.toMatch(/^ {4}at /m);
}

test("the corpus holds at least 60 invalid manifests", () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(60);
  for (const fixture of fixtures) expect(fixture.expected).not.toEqual([]);
});

describe.each(fixtures)("$file", ({ file, expected, secrets }) => {
  test("the loader and planner give exactly the expected errors", () => {
    expect(plannedErrors(file)).toEqual(expected);
  });

  test("validate exits 1 and prints those errors, without a crash or a secret", async () => {
    const run = await runCli(["validate", file]);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    const printed = run.stderr.split("\n").filter((line) => line.includes(": error: "));
    expect(printed).toEqual(expected.map((line) => asPrinted(file, line, secrets)));
    for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
  });
});

describe("synth of an invalid manifest leaves an earlier output as it was", () => {
  const representative = [
    "name-not-dns-label.yaml",
    "yaml-tab-indentation.yaml",
    "empty.yaml",
    "ref-cycle.yaml",
    "stack-name-collision.yaml",
    "label-docker-config-not-json.yaml",
    "alias-bomb.yaml",
    "secret-value-redacted.yaml",
  ];
  let outDir: string;
  let before: Record<string, string>;

  beforeAll(async () => {
    outDir = tempDir("kubernetes-job-corpus-synth-");
    const good = await runCli(["synth", join("test", "fixtures", "nightly-report.yaml"), "--out", outDir, "--quiet"]);
    expect(good.code).toBe(0);
    before = readTree(outDir);
    expect(Object.keys(before)).toContain(join("stacks", "nightly-report", "cdk.tf.json"));
  });

  test.each(representative)("%s", async (name) => {
    const run = await runCli(["synth", relative(ROOT, join(CORPUS, name)), "--out", outDir, "--quiet"]);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Nothing was written to ${outDir}.`);
    expect(readTree(outDir)).toEqual(before);
  });
});

/** Manifests too large or too deep to commit, written into a temporary directory. */
describe("generated inputs", () => {
  const HEAD = [
    "apiVersion: kubernetes.project-planton.org/v1",
    "kind: KubernetesJob",
    "metadata:",
    "  name: nightly-report",
    "spec:",
    "  namespace:",
    "    value: reports",
    "  image:",
    "    repo: ghcr.io/acme/report-runner",
    '    tag: "1.4.2"',
    "",
  ].join("\n");
  const MIB = 1024 * 1024;

  function write(name: string, text: string, extra: Record<string, string> = {}): string {
    const dir = tempDir("kubernetes-job-corpus-generated-");
    writeFiles(dir, { [name]: text, ...extra });
    return join(dir, name);
  }

  async function validate(file: string): Promise<string[]> {
    const run = await runCli(["validate", file]);
    expectNoCrash(run);
    expect(run.code).toBe(1);
    return run.stderr.split("\n").filter((line) => line.includes(": error: "));
  }

  test("a ConfigMap entry over 1 MiB", async () => {
    const text = `${HEAD}  configMaps:\n    big: "${"x".repeat(MIB)}"\n`;
    const file = write("big-config-map.yaml", text);
    const at = positionOf(text, '"xxx');
    const message = `is ${MIB + 3} bytes; a ConfigMap holds at most 1 MiB (${MIB} bytes)`;
    expect(plannedErrors(file)).toEqual([`${at} spec.configMaps.big: ${message}`]);
    expect(await validate(file)).toEqual([`${file}:${at}: error: spec.configMaps.big: ${message}`]);
  });

  test("a ConfigMap entry of exactly 1 MiB (name and content) is accepted", async () => {
    const text = `${HEAD}  configMaps:\n    big: "${"x".repeat(MIB - 3)}"\n`;
    expect(plannedErrors(write("one-mib.yaml", text))).toEqual([]);
  });

  test("direct env secret values over 1 MiB in total, never printed", async () => {
    const first = `first-${"a".repeat(600 * 1024)}`;
    const second = `second-${"b".repeat(600 * 1024)}`;
    const text = `${HEAD}  env:\n    secrets:\n      FIRST:\n        value: "${first}"\n      SECOND:\n        value: "${second}"\n`;
    const file = write("big-secrets.yaml", text);
    const size = "FIRST".length + first.length + "SECOND".length + second.length;
    const message = `direct values take ${size} bytes in the <name>-env-secrets Secret, which holds at most 1 MiB (${MIB} bytes)`;
    const at = positionOf(text, "secrets:");
    expect(plannedErrors(file)).toEqual([`${at} spec.env.secrets: ${message}`]);
    const run = await runCli(["validate", file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:${at}: error: spec.env.secrets: ${message}`);
    expect(run.stdout + run.stderr).not.toContain("a".repeat(100));
    expect(run.stdout + run.stderr).not.toContain("b".repeat(100));
  });

  test("a Job object over 1.5 MiB", async () => {
    const file = write("big-job.yaml", `${HEAD}  args:\n    - "${"y".repeat(1.6 * MIB)}"\n`);
    const errors = plannedErrors(file);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^5:1 spec: makes a Job of about \d+ bytes; Kubernetes stores objects of at most 1\.5 MiB \(1572864 bytes\)$/,
    );
    expect(await validate(file)).toHaveLength(1);
  });

  test("a Docker config JSON file over 1 MiB", async () => {
    const label = "kubernetes.project-planton.org/docker-config-json-file";
    const text = HEAD.replace(
      "  name: nightly-report\n",
      `  name: nightly-report\n  labels:\n    ${label}: big.json\n`,
    );
    const config = JSON.stringify({ auths: { "ghcr.io": { auth: "z".repeat(MIB) } } });
    const file = write("big-docker-config.yaml", text, { "big.json": config });
    const at = positionOf(text, "big.json");
    const message = "Docker config JSON file big.json is over 1 MiB, more than a Secret holds";
    expect(plannedErrors(file)).toEqual([`${at} metadata.labels["${label}"]: ${message}`]);
    expect(await validate(file)).toEqual([`${file}:${at}: error: metadata.labels["${label}"]: ${message}`]);
  });

  const TOO_DEEP = ": cannot be read: values are nested more than 64 levels deep, which no manifest needs";
  test.each([
    ["flow mappings", 5000, (n: number) => `status: ${"{a: ".repeat(n)}1${"}".repeat(n)}\n`],
    ["flow sequences", 5000, (n: number) => `status: ${"[".repeat(n)}x${"]".repeat(n)}\n`],
    ["flow sequences in a spec field", 20000, (n: number) => `  args: ${"[".repeat(n)}${"]".repeat(n)}\n`],
    [
      "block mappings",
      1000,
      (n: number) => `status:\n${[...Array(n).keys()].map((i) => `${"  ".repeat(i + 1)}a:\n`).join("")}`,
    ],
  ])("%s nested %d levels deep: a clean error", async (_what, depth, nest) => {
    const file = write("deep.yaml", HEAD + nest(depth));
    // The parser gives up (no position) or the parsed value is too deep (the document's start).
    const errors = plannedErrors(file);
    expect(errors).toHaveLength(1);
    expect(["- ", "1:1 "].map((at) => `${at}${TOO_DEEP}`)).toContain(errors[0]);
    expect(await validate(file)).toHaveLength(1);
  });

  // In a real process the stack is smaller than under jest: the parser can fail in other ways.
  test("deep flow mappings through the installed command: exit 1, not an internal error", () => {
    const file = write("deep-process.yaml", `${HEAD}status: ${"{a: ".repeat(2000)}1${"}".repeat(2000)}\n`);
    const run = spawnSync(process.execPath, [join(ROOT, "bin", "kubernetes-job.js"), "validate", file], {
      encoding: "utf8",
    });
    expectNoCrash({ code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(TOO_DEEP.slice(2));
  });
});
