/**
 * `kubernetes-job render`: the object model as YAML or JSON for Kubernetes tools. Run in-process
 * with buffers for io; every object printed is checked against the Kubernetes OpenAPI schema.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { main } from "../../lib/cli/main";
import { jobObjects, type KubernetesObject } from "../../lib/model";
import { bufferIo } from "../helpers";
import { DOCKER_CONFIG_JSON, FAKE_TOKEN } from "../support/deployment";
import { entries, positionOf, readOutput, tempDir, writeFiles } from "../support/files";
import { withTmpfs } from "../support/tmpfs";
import { manifest, manifestInput } from "../support/manifest";
import { validateObject } from "../support/openapi";
import { EXAMPLES } from "../support/paths";
import { TRICKY_TEXTS } from "../support/tricky-text";

async function render(argv: string[], options: { stdin?: string; stdoutIsTTY?: boolean } = {}) {
  const buffers = bufferIo(options.stdin);
  const code = await main(["render", ...argv], { ...buffers.io, stdoutIsTTY: options.stdoutIsTTY });
  return { code, stdout: buffers.stdout(), stderr: buffers.stderr() };
}

/** The documents of a YAML stream, read as YAML 1.1, as kubectl (go-yaml) reads them. */
const yamlObjects = (text: string): KubernetesObject[] =>
  parseAllDocuments(text, { version: "1.1" }).map((document) => {
    expect(document.errors).toEqual([]);
    return document.toJS() as KubernetesObject;
  });

/** Text a YAML 1.1 reader (kubectl's) would take for something else, or stumble over. */
const YAML_TRICKY = [
  "yes",
  "on",
  "off",
  "y",
  "n",
  "NO",
  "1_000",
  "0b101",
  "0x1F",
  "0755",
  "12:30",
  "1e3",
  ".inf",
  "~",
  "null",
  "",
  "- a",
  "a: b",
  "#x",
  "---",
  "...",
  "multi\nline\n",
  " lead",
  "trail ",
  "\tstart",
  "one\n\ttwo\n",
  "a\u0085b",
  "c\u2028d",
  "e\u2029f",
  "g\u007fh",
  "i\u009fj",
  "k\u0001l",
  "\u00a0nbsp",
  "emoji \u{1F600}",
  // Number forms some YAML readers take (found by review 2), and text it refuses or reads differently
  "0o17",
  "0O17",
  "-0o17",
  "0X1f",
  "0B101",
  "-0X1F",
  "+12",
  ".5",
  "1.",
  "-.inf",
  "\ufffe",
  "\uffff",
  "  \n",
  " \t\n",
  " \n",
  "\n \n",
  " \n\n",
  // A whitespace-only line in a long double-quoted string (found by review 4)
  "\t\u0085\n--- x  a\n \n\n\u0085\r\u0085\n  \u{1F600} # x\r\n",
];

const SECRET_VALUE = "pa55-word-for-render";
const WITH_SECRETS = JSON.stringify(
  manifestInput({ env: { secrets: { DB_PASSWORD: { value: SECRET_VALUE } }, variables: { MODE: { value: "full" } } } }),
);

describe("render examples/", () => {
  test("prints every manifest's objects in apply order, each valid batch/v1 or v1 against the OpenAPI schema", async () => {
    const run = await render([EXAMPLES]);
    expect(run.code).toBe(0);
    const objects = yamlObjects(run.stdout);
    for (const object of objects) validateObject(object);
    const jobs = objects.filter((object) => object.kind === "Job");
    expect(jobs.map((job) => job.metadata?.name)).toEqual([
      "hello-world",
      "monthly-report",
      "orders-schema-migration",
      "search-shard-reindex",
      "thumbnail-fanout",
    ]);
    // Each Job comes after the objects it uses: its service account, config maps and secrets.
    for (const job of jobs) {
      const at = objects.indexOf(job);
      const before = objects.slice(0, at).map((object) => `${object.kind}/${object.metadata?.name}`);
      expect(before).toContain(`ServiceAccount/${job.metadata?.name}`);
    }
    expect(run.stdout).toContain(`# Source: ${join(EXAMPLES, "hello-world.yaml")}\n`);
  });

  test("is deterministic, and --format json is a v1 List of the same objects", async () => {
    const first = await render([EXAMPLES]);
    const second = await render([EXAMPLES]);
    expect(second.stdout).toBe(first.stdout);
    const json = await render([EXAMPLES, "--format", "json"]);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { apiVersion: string; kind: string; items: KubernetesObject[] };
    expect({ apiVersion: list.apiVersion, kind: list.kind }).toEqual({ apiVersion: "v1", kind: "List" });
    expect(list.items).toEqual(yamlObjects(first.stdout));
  });
});

describe("render prints the object model as it is", () => {
  test("YAML read back gives exactly the model's objects, for text YAML and Terraform would both rewrite", () => {
    const texts = fc.oneof(
      fc.constantFrom(...TRICKY_TEXTS, ...YAML_TRICKY),
      fc.string({ unit: "binary", maxLength: 12 }).filter((text) => text.normalize("NFC") === text),
    );
    return fc.assert(
      fc.asyncProperty(texts, texts, texts, async (arg, value, content) => {
        const input = manifestInput({
          args: [arg],
          env: { variables: { VALUE: { value } } },
          configMaps: { script: content },
        });
        const run = await render(["-"], { stdin: JSON.stringify(input) });
        expect(run.code).toBe(0);
        const { metadata, spec } = manifest(input.spec as never);
        expect(yamlObjects(run.stdout)).toEqual([
          ...jobObjects({ metadata, spec }).configMaps,
          jobObjects({ metadata, spec }).serviceAccount,
          jobObjects({ metadata, spec }).job,
        ]);
      }),
      { numRuns: 60 },
    );
  });

  test("a suspended Job, a work queue and an Indexed Job are rendered as the manifest means them", async () => {
    const run = await render(["-"], {
      stdin: JSON.stringify(
        manifestInput({ suspend: true, completions: 0, parallelism: 3, completionMode: "NonIndexed" }),
      ),
    });
    expect(run.code).toBe(0);
    const job = yamlObjects(run.stdout).find((object) => object.kind === "Job") as unknown as {
      spec: Record<string, unknown>;
    };
    expect(job.spec).toMatchObject({ suspend: true, parallelism: 3 });
    expect(job.spec).not.toHaveProperty("completions");
    const indexed = await render(["-"], {
      stdin: JSON.stringify(manifestInput({ completionMode: "Indexed", completions: 4 })),
    });
    const indexedJob = yamlObjects(indexed.stdout).find((object) => object.kind === "Job") as unknown as {
      spec: Record<string, unknown>;
    };
    expect(indexedJob.spec).not.toHaveProperty("backoffLimitPerIndex");
    expect(indexedJob.spec).not.toHaveProperty("maxFailedIndexes");
  });
});

describe("kubectl reads the objects as render means them", () => {
  test("every tricky string arrives as written through kubectl's YAML reader", async () => {
    const kubectl = spawnSync("kubectl", ["version", "--client"], { encoding: "utf8" });
    if (kubectl.error || kubectl.status !== 0) {
      console.log("kubectl is not on the PATH: render's YAML was read back with a YAML 1.1 parser only (above)");
      return;
    }
    const input = manifestInput({
      args: [...YAML_TRICKY],
      env: { variables: Object.fromEntries(YAML_TRICKY.map((text, index) => [`V${index}`, { value: text }])) },
      configMaps: { script: "\tfirst\n\tsecond\n", yes: "on" },
    });
    const run = await render(["-"], { stdin: JSON.stringify({ ...input, metadata: { name: "on" } }) });
    expect(run.code).toBe(0);
    const read = spawnSync("kubectl", ["label", "--local", "-f", "-", "kubernetes-job-test=1", "-o", "json"], {
      input: run.stdout,
      encoding: "utf8",
    });
    expect(read.stderr).toBe("");
    const objects = JSON.parse(`[${read.stdout.replace(/\n}\n{/g, "\n},\n{")}]`) as KubernetesObject[];
    for (const object of objects) delete object.metadata?.labels?.["kubernetes-job-test"];
    const { metadata, spec } = manifest(input.spec as never, { name: "on" });
    const objectsMeant = jobObjects({ metadata, spec });
    expect(objects).toEqual([...objectsMeant.configMaps, objectsMeant.serviceAccount, objectsMeant.job]);
  });
});

describe("secrets", () => {
  test("Secret objects holding values are left out, with a note on stderr that says how to add them", async () => {
    const run = await render(["-"], { stdin: WITH_SECRETS });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(SECRET_VALUE);
    expect(run.stdout).not.toContain(Buffer.from(SECRET_VALUE).toString("base64"));
    expect(yamlObjects(run.stdout).map((object) => object.kind)).toEqual(["ServiceAccount", "Job"]);
    expect(run.stderr).toContain(
      "\nnote: left out 1 Secret holding secret values (reports/nightly-report-env-secrets); " +
        "--include-secrets adds them (never to a terminal; files are then readable by their owner only)\n",
    );
  });

  test("a secret value that is also other text of the objects (a word of the image, a label) leaves them as they are, with a warning", async () => {
    const input = manifestInput({
      image: { repo: "postgres", tag: "16" },
      env: {
        secrets: { PASSWORD: { value: "postgres" }, OTHER: { value: "planton" } },
        variables: { USER: { value: "postgres" } },
      },
    });
    const run = await render(["-"], { stdin: JSON.stringify(input) });
    expect(run.code).toBe(0);
    const { metadata, spec } = manifest(input.spec as never);
    const meant = jobObjects({ metadata, spec });
    expect(yamlObjects(run.stdout)).toEqual([meant.serviceAccount, meant.job]);
    const json = await render(["-", "--format", "json"], { stdin: JSON.stringify(input) });
    expect((JSON.parse(json.stdout) as { items: unknown[] }).items).toEqual([meant.serviceAccount, meant.job]);
    expect(run.stderr).toContain(
      "warning[secret-text-printed]: the objects printed hold the text of a secret value (of spec.env.secrets or a Docker config) outside a Secret object, where the manifest writes that text\n",
    );
    expect(run.stderr).not.toMatch(/postgres|planton/);
    // Its class can be hidden, and --strict refuses the run, printing nothing
    const hidden = await render(["-", "--ignore-warning", "secret-text-printed,secret-value"], {
      stdin: JSON.stringify(input),
    });
    expect(hidden.stderr).not.toContain("secret-text-printed");
    const strict = await render(["-", "--strict", "--ignore-warning", "secret-value"], {
      stdin: JSON.stringify(input),
    });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe("");
    expect(strict.stderr).toContain("error[secret-text-printed]: the objects printed hold the text of a secret value");
  });

  test("--include-secrets is refused when standard output is a terminal, and nothing is printed", async () => {
    const run = await render(["-", "--include-secrets"], { stdin: WITH_SECRETS, stdoutIsTTY: true });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "kubernetes-job: --include-secrets would print secret values to the terminal: redirect standard output to a file or a pipe, or give --out DIR\n",
    );
  });

  test("--include-secrets to a pipe adds the Secret, its values base64 in data as the API stores them", async () => {
    const run = await render(["-", "--include-secrets"], { stdin: WITH_SECRETS, stdoutIsTTY: false });
    expect(run.code).toBe(0);
    const secret = yamlObjects(run.stdout).find((object) => object.kind === "Secret") as {
      data: Record<string, string>;
    };
    expect(secret.data).toEqual({ DB_PASSWORD: Buffer.from(SECRET_VALUE).toString("base64") });
    expect(run.stdout).not.toContain(SECRET_VALUE);
  });

  test("with --out, a file holding a Secret's values is readable by its owner only, the others as usual", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "job.json": WITH_SECRETS,
      "plain.json": JSON.stringify({ ...manifestInput(), metadata: { name: "plain" } }),
    });
    const out = join(dir, "rendered");
    const run = await render([join(dir, "job.json"), join(dir, "plain.json"), "--out", out, "--include-secrets"]);
    expect(run.code).toBe(0);
    expect(entries(out)).toEqual([".kubernetes-job", "nightly-report.yaml", "plain.yaml"]);
    expect(statSync(join(out, "nightly-report.yaml")).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, "plain.yaml")).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(run.stdout).not.toContain(SECRET_VALUE);
  });

  test("with --out and a run's Docker config, every file holds a pull secret and is readable by its owner only", async () => {
    const dir = tempDir();
    writeFiles(dir, { "docker.json": DOCKER_CONFIG_JSON, "plain.json": JSON.stringify(manifestInput()) });
    const out = join(dir, "rendered");
    const args = [join(dir, "plain.json"), "--docker-config-json", join(dir, "docker.json"), "--out", out];
    const run = await render([...args, "--include-secrets"]);
    expect(run.code).toBe(0);
    expect(statSync(join(out, "nightly-report.yaml")).mode & 0o777).toBe(0o600);
    expect(run.stdout + run.stderr).not.toContain(FAKE_TOKEN);
    const secret = yamlObjects(readFileSync(join(out, "nightly-report.yaml"), "utf8")).find(
      (object) => object.kind === "Secret",
    ) as { type: string; data: Record<string, string> };
    expect(secret.type).toBe("kubernetes.io/dockerconfigjson");
    expect(Buffer.from(secret.data[".dockerconfigjson"], "base64").toString("utf8")).toBe(DOCKER_CONFIG_JSON);
    // Without --include-secrets the Job still names its pull secret; the Secret itself is left out.
    const without = await render([...args.slice(0, 3)]);
    expect(without.stdout).toContain("name: nightly-report-image-pull-secret");
    expect(without.stdout).not.toContain(".dockerconfigjson");
  });
});

describe("errors and the output directory", () => {
  test("an invalid manifest: the error at file:line:column with its path, exit 1, nothing written", async () => {
    const dir = tempDir();
    const text = JSON.stringify(manifestInput({ backoffLimit: -1 }), null, 2);
    writeFiles(dir, { "bad.json": text });
    const out = join(dir, "rendered");
    const run = await render([join(dir, "bad.json"), "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${join(dir, "bad.json")}:${positionOf(text, "-1")}: error: spec.backoffLimit:`);
    expect(run.stderr).toContain(`Nothing was written to ${out}.\n`);
    expect(existsSync(out)).toBe(false);
  });

  test("usage errors: no path, a bad --format", async () => {
    expect(await render([])).toMatchObject({ code: 2 });
    const bad = await render([EXAMPLES, "--format", "xml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('kubernetes-job: --format must be yaml or json, got "xml"\n');
  });

  test("--out: files of manifests no longer rendered are removed, a user's own files are kept", async () => {
    const dir = tempDir();
    const one = JSON.stringify({ ...manifestInput(), metadata: { name: "one" } });
    const two = JSON.stringify({ ...manifestInput(), metadata: { name: "two" } });
    writeFiles(dir, { "in/one.json": one, "in/two.json": two });
    const out = join(dir, "rendered");
    expect((await render([join(dir, "in"), "--out", out])).code).toBe(0);
    writeFileSync(join(out, "NOTES.md"), "mine\n");
    writeFileSync(join(dir, "in", "two.json"), "");
    const again = await render([join(dir, "in", "one.json"), "--out", out]);
    expect(again.code).toBe(0);
    expect(entries(out)).toEqual([".kubernetes-job", "NOTES.md", "one.yaml"]);
    expect(readFileSync(join(out, "NOTES.md"), "utf8")).toBe("mine\n");
  });

  test("--out: a file of ours that a user's file is in the way of, a synth output and a non-empty directory are refused", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": JSON.stringify(manifestInput()) });
    const planted = join(dir, "planted");
    mkdirSync(planted);
    writeFileSync(join(planted, "notes.txt"), "mine\n");
    const refused = await render([join(dir, "job.json"), "--out", planted]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--out ${planted} is not empty and holds no output of kubernetes-job render`);
    expect(entries(planted)).toEqual(["notes.txt"]);

    const synthOut = join(dir, "synth-out");
    const synth = bufferIo();
    expect(await main(["synth", join(dir, "job.json"), "--out", synthOut, "--quiet"], synth.io)).toBe(0);
    const intoSynth = await render([join(dir, "job.json"), "--out", synthOut]);
    expect(intoSynth.code).toBe(1);
    expect(intoSynth.stderr).toContain(
      `--out ${synthOut} holds the output of kubernetes-job synth, not of render: give render a directory of its own`,
    );
    const rendered = join(dir, "rendered");
    expect((await render([join(dir, "job.json"), "--out", rendered])).code).toBe(0);
    const synthIntoRender = bufferIo();
    expect(await main(["synth", join(dir, "job.json"), "--out", rendered], synthIntoRender.io)).toBe(1);
    expect(synthIntoRender.stderr()).toContain(`holds the output of kubernetes-job render, not of synth`);
    expect(entries(rendered)).toEqual([".kubernetes-job", "nightly-report.yaml"]);
  });

  test("--out on a full disk: exit 1 naming the directory and the reason, the earlier output as it was", async () => {
    await withTmpfs({ size: "64k", exercises: "render's full-disk case" }, async (mount) => {
      const dir = tempDir();
      const big = "x".repeat(20_000);
      const files = Object.fromEntries(
        Array.from({ length: 12 }, (_, i) => [
          `jobs/j${i}.json`,
          JSON.stringify({ ...manifestInput({ configMaps: { script: big } }), metadata: { name: `j${i}` } }),
        ]),
      );
      writeFiles(dir, files);
      expect((await render([join(dir, "jobs", "j0.json"), "--out", mount])).code).toBe(0);
      const before = readOutput(mount);
      const run = await render([join(dir, "jobs"), "--out", mount]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`^kubernetes-job: cannot write ${mount}\\S*: no space left on the device \\(ENOSPC\\)\n$`),
      );
      expect(readOutput(mount)).toEqual(before);
    });
  });
});
