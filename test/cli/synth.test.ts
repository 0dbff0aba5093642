import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { entries, positionOf, readTree, tempDir, writeFiles } from "../support/files";
import { manifestInput } from "../support/manifest";
import { EXAMPLES } from "../support/paths";

const EXAMPLE_STACKS = [
  "hello-world",
  "monthly-report",
  "orders-schema-migration-staging",
  "search-shard-reindex",
  "thumbnail-fanout",
];

/** The incremental cache's own files: keyed by a random key, so they differ between directories. */
const CACHE = ["cache-key", "cache.json"];
const json = (value: unknown) => JSON.stringify(value, null, 2);

const INVALID = json(manifestInput({ restartPolicy: "Always" } as never, { name: "broken" }));

describe("kubernetes-job synth", () => {
  test("writes one cdk.tf.json per manifest, named <name> or <name>-<env>, and lists them", async () => {
    // GIVEN the examples and an output directory
    const out = join(tempDir(), "out");

    // WHEN they are synthesized
    const run = await runCli(["synth", EXAMPLES, "--out", out]);

    // THEN every stack is written and reported
    expect(run.code).toBe(0);
    expect(entries(join(out, "stacks"))).toEqual(EXAMPLE_STACKS);
    for (const stack of EXAMPLE_STACKS) {
      expect(entries(join(out, "stacks", stack))).toEqual(["cdk.tf.json"]);
      const config = JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8"));
      expect(config["//"].metadata.stackName).toBe(stack);
    }
    expect(entries(out)).toEqual([".kubernetes-job", "manifest.json", "stacks"]);
    expect(run.stdout).toMatch(
      new RegExp(
        `^${EXAMPLE_STACKS.map((stack) => `wrote ${out}/stacks/${stack}/cdk.tf.json\n`).join("")}` +
          `5 stacks written to ${out} in \\d+\\.\\ds\n$`,
      ),
    );
  });

  test("prints warnings on standard error and still writes", async () => {
    const out = join(tempDir(), "out");
    const run = await runCli(["synth", join(EXAMPLES, "report-with-volumes.yaml"), "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `${join(EXAMPLES, "report-with-volumes.yaml")}:43:28: warning[ttl-rerun]: spec.ttlSecondsAfterFinished: deletes the Job ` +
        "86400s after it finishes; the next terraform apply then creates it again and it runs again\n",
    );
    expect(entries(join(out, "stacks"))).toEqual(["monthly-report"]);
  });

  test("reads a manifest from standard input with -", async () => {
    const out = join(tempDir(), "out");
    const run = await runCli(["synth", "-", "--out", out], json(manifestInput()));
    expect(run.code).toBe(0);
    expect(entries(join(out, "stacks"))).toEqual(["nightly-report"]);
  });

  test("refuses two manifests with the same stack name, naming both files, and writes nothing", async () => {
    // GIVEN two files that both give the stack name nightly-report-prod
    const dir = tempDir();
    const first = json(manifestInput({}, { name: "nightly-report", env: "prod" }));
    const second = json(manifestInput({}, { name: "nightly-report-prod" }));
    writeFiles(dir, { "a.json": first, "b.json": second });
    const out = join(dir, "out");

    // WHEN they are synthesized
    const run = await runCli(["synth", join(dir, "a.json"), join(dir, "b.json"), "--out", out]);

    // THEN the error names each file and points at metadata.name; nothing is written
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    const tail =
      "does; each manifest needs its own stack (named metadata.name, or <name>-<env> when metadata.env is set)";
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      `${a}:${positionOf(first, '"nightly-report"')}: error: metadata.name: gives the stack name "nightly-report-prod", as the manifest at ${b}:1 ${tail}`,
      `${b}:${positionOf(second, '"nightly-report-prod"')}: error: metadata.name: gives the stack name "nightly-report-prod", as the manifest at ${a}:1 ${tail}`,
      "2 manifests checked: 0 valid, 2 invalid",
      `Nothing was written to ${out}.`,
      "",
    ]);
    expect(run.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  test("leaves the previous output byte for byte, Terraform's files included, when a manifest is invalid", async () => {
    // GIVEN a previous synthesis that Terraform has initialised
    const dir = tempDir();
    const out = join(dir, "out");
    expect((await runCli(["synth", EXAMPLES, "--out", out])).code).toBe(0);
    writeFiles(join(out, "stacks", "hello-world"), {
      ".terraform/providers/registry.terraform.io/hashicorp/kubernetes/2.38.0/marker": "provider",
      ".terraform.lock.hcl": "# lock\n",
    });
    const before = readTree(out);
    writeFiles(dir, { "broken.json": INVALID });

    // WHEN a run includes an invalid manifest
    const run = await runCli(["synth", EXAMPLES, join(dir, "broken.json"), "--out", out]);

    // THEN it fails, says why and where, and nothing changed
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${join(dir, "broken.json")}:${positionOf(INVALID, '"Always"')}: error: spec.restartPolicy: "Always" is not allowed for a Job`,
    );
    expect(run.stderr).toContain(`Nothing was written to ${out}.\n`);
    expect(readTree(out)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(["broken.json", "out"]);
  });

  test("refuses a work queue (completions 0), which kubernetes_job_v1 would run as completions 1, and writes nothing", async () => {
    // GIVEN a manifest asking for a work queue
    const dir = tempDir();
    const queue = json(manifestInput({ parallelism: 3, completions: 0 }, { name: "queue" }));
    writeFiles(dir, { "queue.json": queue });
    const out = join(dir, "out");

    // WHEN it is synthesized
    const run = await runCli(["synth", join(dir, "queue.json"), "--out", out]);

    // THEN synth refuses it at the field and writes nothing
    const [line, column] = positionOf(queue, '"completions": 0').split(":").map(Number);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${join(dir, "queue.json")}:${line}:${column + '"completions": '.length}: error: spec.completions: is 0 (unset: a work queue`,
    );
    expect(existsSync(out)).toBe(false);
  });

  test("keeps .terraform/ and .terraform.lock.hcl on a re-run and removes only our files of stacks whose manifest is gone", async () => {
    // GIVEN two synthesized stacks, one initialised by Terraform
    const dir = tempDir();
    writeFiles(dir, {
      "manifests/keep.json": json(manifestInput({}, { name: "keep" })),
      "manifests/gone.json": json(manifestInput({}, { name: "gone" })),
    });
    const out = join(dir, "out");
    expect((await runCli(["synth", join(dir, "manifests"), "--out", out])).code).toBe(0);
    writeFiles(join(out, "stacks", "keep"), { ".terraform/marker": "provider", ".terraform.lock.hcl": "# lock\n" });
    writeFiles(join(out, "stacks", "gone"), { ".terraform.lock.hcl": "# lock\n" });
    const kept = readTree(join(out, "stacks", "keep"));

    // WHEN one manifest is removed and synth runs again
    rmSync(join(dir, "manifests", "gone.json"));
    const run = await runCli(["synth", join(dir, "manifests"), "--out", out]);

    // THEN its configuration is gone (Terraform's lock file stays), and the other stack is as it was
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("retired stack gone: its files were removed");
    expect(entries(join(out, "stacks"))).toEqual(["gone", "keep"]);
    expect(entries(join(out, "stacks", "gone"))).toEqual([".terraform.lock.hcl"]);
    expect(readTree(join(out, "stacks", "keep"))).toEqual(kept);
    expect(entries(join(out, "stacks", "keep"))).toEqual([".terraform", ".terraform.lock.hcl", "cdk.tf.json"]);
  });

  test("writes byte-identical files whatever the order of keys in the manifests", async () => {
    // GIVEN one manifest written twice, its maps in opposite orders
    const spec = (reversed: boolean) => {
      const order = <T>(pairs: [string, T][]) => Object.fromEntries(reversed ? [...pairs].reverse() : pairs);
      return {
        env: {
          variables: order([
            ["ALPHA", { value: "a" }],
            ["BETA", { value: "b" }],
            ["GAMMA", { value: "c" }],
          ]),
          secrets: order([
            ["API_KEY", { value: "k" }],
            ["DB_PASSWORD", { secretRef: { name: "db", key: "password" } }],
            ["TOKEN", { value: "t" }],
          ]),
        },
        configMaps: order([
          ["a-script", "echo a"],
          ["b-settings", "b=1"],
          ["c-data", "c"],
        ]),
        resources: reversed
          ? { requests: { memory: "64Mi", cpu: "10m" }, limits: { memory: "128Mi", cpu: "100m" } }
          : { limits: { cpu: "100m", memory: "128Mi" }, requests: { cpu: "10m", memory: "64Mi" } },
      };
    };
    const dir = tempDir();
    const metadata = { labels: { b: "2", a: "1" }, org: "acme", env: "prod" };
    writeFiles(dir, {
      "in-order/job.json": json(manifestInput(spec(false), metadata)),
      "reversed/job.json": json(manifestInput(spec(true), { ...metadata, labels: { a: "1", b: "2" } })),
    });

    // WHEN each is synthesized
    for (const name of ["in-order", "reversed"]) {
      expect((await runCli(["synth", join(dir, name), "--out", join(dir, `${name}-out`)])).code).toBe(0);
    }

    // THEN the outputs are the same bytes
    const inOrder = readTree(join(dir, "in-order-out"), { skip: CACHE });
    expect(Object.keys(inOrder)).toContain("stacks/nightly-report-prod/cdk.tf.json");
    expect(readTree(join(dir, "reversed-out"), { skip: CACHE })).toEqual(inOrder);
  });

  test("writes the same bytes on every run", async () => {
    const dir = tempDir();
    for (const out of ["one", "two"]) expect((await runCli(["synth", EXAMPLES, "--out", join(dir, out)])).code).toBe(0);
    expect(readTree(join(dir, "two"), { skip: CACHE })).toEqual(readTree(join(dir, "one"), { skip: CACHE }));
  });

  test("is a usage error without a path", async () => {
    const run = await runCli(["synth", "--out", join(tempDir(), "out")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("kubernetes-job: synth needs at least one path (a file, a directory, or - for stdin)");
  });
});
