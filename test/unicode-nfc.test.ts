/**
 * Terraform normalizes every string to Unicode NFC (in Terraform JSON, in HCL, and in what its
 * functions return), so text in another form cannot reach Kubernetes as written: a manifest
 * holding such text is refused at the field, rather than changed on the way.
 */
import { join } from "node:path";
import { formatPath } from "../lib/diagnostics";
import { LABELS } from "../lib/deployment/labels";
import { loadManifests } from "../lib/load";
import { planStacks } from "../lib/synth";
import { runCli } from "./support/cli";
import { tempDir, writeFiles } from "./support/files";
import { defaultRun, manifestInput } from "./support/manifest";
import { evaluateJsonStrings, terraformUnavailable } from "./support/terraform";

/** "é" written as "e" and a combining acute accent (NFD). */
const DECOMPOSED = "caf\u0065\u0301";
const MESSAGE =
  "holds text that is not in Unicode NFC, which Terraform would change (it normalizes every string to NFC) before it reaches Kubernetes; write it in NFC (such as é as one character, not e and a combining accent)";

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
