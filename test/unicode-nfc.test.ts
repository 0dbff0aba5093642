/**
 * Terraform normalizes every string to Unicode NFC (in Terraform JSON, in HCL, and in what its
 * functions return), so text in another form cannot reach Kubernetes as written: a manifest
 * holding such text is refused at the field, rather than changed on the way.
 */
import { join } from "node:path";
import { formatPath } from "../lib/diagnostics";
import { LABELS } from "../lib/deployment/labels";
import { loadManifests } from "../lib/manifest/load";
import { planStacks } from "../lib/terraform/plan";
import { runCli } from "./support/cli";
import { tempDir, writeFiles } from "./support/files";
import { defaultRun, manifestInput } from "./support/manifest";
import { evaluateJsonStrings, terraformUnavailable } from "./support/terraform";

/** "é" written as "e" and a combining acute accent (NFD). */
const DECOMPOSED = "caf\u0065\u0301";
const MESSAGE =
  "holds text that is not in Unicode NFC, or a lone surrogate (a \\ud800 escape without its pair), which Terraform would change (it normalizes every string to NFC) before it reaches Kubernetes; write it in NFC (such as é as one character, not e and a combining accent)";

describe("text that is not in Unicode NFC", () => {
  test("is what Terraform changes: it comes back as NFC", () => {
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`skipped evaluating with Terraform: ${unavailable}`);
      return;
    }
    expect(evaluateJsonStrings([DECOMPOSED])).toEqual([DECOMPOSED.normalize("NFC")]);
  });

  test("is refused at each field that holds it, without quoting it, and nothing is planned", () => {
    // GIVEN a manifest with decomposed text in the command, an env secret, a ConfigMap and a label
    const dir = tempDir();
    const input = manifestInput(
      {
        command: ["echo", DECOMPOSED],
        env: { secrets: { TOKEN: { value: `s3cret-${DECOMPOSED}` } } },
        configMaps: { menu: `${DECOMPOSED} au lait` },
      },
      { labels: { [LABELS.context]: DECOMPOSED } },
    );
    writeFiles(dir, { "job.json": JSON.stringify(input, null, 2) });

    // WHEN it is planned
    const plan = planStacks(loadManifests([join(dir, "job.json")]), defaultRun());

    // THEN each field gets the error, and no message quotes the text
    const errors = plan.load.results.flatMap((result) => result.diagnostics.filter((d) => d.severity === "error"));
    expect(errors.map((error) => [formatPath(error.path), error.message])).toEqual([
      [`metadata.labels["${LABELS.context}"]`, MESSAGE],
      ["spec.command[1]", MESSAGE],
      ["spec.env.secrets.TOKEN.value", MESSAGE],
      ["spec.configMaps.menu", MESSAGE],
    ]);
    expect(plan.stacks).toEqual([]);
  });

  test("fails validate with exit 1, and the same text in NFC passes", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "nfd.json": JSON.stringify(manifestInput({ args: [DECOMPOSED] })),
      "nfc.json": JSON.stringify(manifestInput({ args: [DECOMPOSED.normalize("NFC")] }, { name: "other" })),
    });
    const run = await runCli(["validate", join(dir, "nfd.json"), join(dir, "nfc.json")]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain(`error: spec.args[0]: ${MESSAGE}`);
    expect(run.stdout + run.stderr).toContain(`ok: ${join(dir, "nfc.json")}:1: other`);
  });

  test("is refused in a Docker config JSON file, at its label, without quoting the file", () => {
    const dir = tempDir();
    const dockerConfig = JSON.stringify({ auths: { "r.example": { auth: "eA==", note: DECOMPOSED } } });
    const input = manifestInput({}, { labels: { [LABELS.dockerConfigJsonFile]: "docker.json" } });
    writeFiles(dir, { "job.json": JSON.stringify(input, null, 2), "docker.json": dockerConfig });
    const plan = planStacks(loadManifests([join(dir, "job.json")]), defaultRun());
    const errors = plan.load.results.flatMap((result) => result.diagnostics.filter((d) => d.severity === "error"));
    expect(errors.map((error) => [formatPath(error.path), error.message])).toEqual([
      [`metadata.labels["${LABELS.dockerConfigJsonFile}"]`, MESSAGE],
    ]);
  });
});

describe("text Terraform would change, in deployment settings and as lone surrogates", () => {
  test("a lone surrogate is what Terraform changes: it comes back as U+FFFD", () => {
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`skipped evaluating with Terraform: ${unavailable}`);
      return;
    }
    expect(evaluateJsonStrings(["lone\ud800sur"])).toEqual(["lone\ufffdsur"]);
  });

  test("a lone surrogate in the manifest is refused at its field", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // JSON.stringify writes the lone surrogate as the escape \ud800, as a hand-written file would.
      "job.json": JSON.stringify(manifestInput({ command: ["lone\ud800sur"] })),
    });
    const run = await runCli(["validate", join(dir, "job.json")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: spec.command[0]: ${MESSAGE}`);
  });

  test.each([
    ["--context", DECOMPOSED],
    ["--state-dir", DECOMPOSED],
    ["--backend-object", `bucket/${DECOMPOSED}`],
    ["--kubeconfig", DECOMPOSED],
  ])("%s with such text is refused, naming the flag", async (flag, value) => {
    const dir = tempDir();
    writeFiles(dir, { "job.json": JSON.stringify(manifestInput({})) });
    const extra = flag === "--backend-object" ? ["--backend-type", "s3"] : [];
    const run = await runCli(["synth", join(dir, "job.json"), "--out", join(dir, "out"), flag, value, ...extra]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`kubernetes-job: invalid deployment settings in flags:\n  ${flag}: ${MESSAGE}\n`);
  });

  test("a clusters file with such text is refused, naming the field", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "clusters.yaml": [
        "clusters:",
        "  - kind: AwsEksCluster",
        "    name: prod",
        "    host: https://example.com",
        "    clusterCaCertificate: |",
        "      -----BEGIN CERTIFICATE-----",
        "      x",
        "      -----END CERTIFICATE-----",
        `    exec: { apiVersion: client.authentication.k8s.io/v1beta1, command: ${DECOMPOSED} }`,
        "",
      ].join("\n"),
      "job.json": JSON.stringify(manifestInput({})),
    });
    const run = await runCli(["validate", join(dir, "job.json"), "--clusters", join(dir, "clusters.yaml")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `kubernetes-job: clusters file ${join(dir, "clusters.yaml")} is invalid:\n  clusters[0].exec.command: ${MESSAGE}\n`,
    );
  });
});
