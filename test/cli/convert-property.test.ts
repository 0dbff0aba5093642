/**
 * `kubernetes-job convert` against generated first-dialect manifests: every valid one converts
 * (exit 0), the output is a valid kubernetes.planton.dev/v1alpha1 manifest, converting again gives
 * the same bytes, and no secret value is ever in a message.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { runCli } from "../support/cli";
import { tempDir } from "../support/files";

/** A fifth of the fuzz runs (FUZZ_RUNS, default 300): each case runs three commands. */
const RUNS = Math.max(Math.round(Number(process.env.FUZZ_RUNS ?? 300) / 5), 12);

const envName = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const secretValue = fc.stringMatching(/^[a-z0-9]{12,20}$/).map((text) => `secret-${text}`);
const quantity = fc.constantFrom("100m", "1", 2, "256Mi", "1Gi");

const manifest = fc.record(
  {
    env: fc.constantFrom(undefined, "dev", "prod"),
    tag: fc.constantFrom(undefined, "1.36", "in-repo"),
    parallelism: fc.constantFrom(undefined, 0, 1, 3),
    completions: fc.constantFrom(undefined, 1, 4),
    backoffLimit: fc.constantFrom(undefined, 0, 2),
    activeDeadlineSeconds: fc.constantFrom(undefined, 0, 600),
    ttlSecondsAfterFinished: fc.constantFrom(undefined, 0, 3600),
    restartPolicy: fc.constantFrom(undefined, "Never", "OnFailure"),
    variables: fc.dictionary(envName, fc.string({ maxLength: 12 }), { maxKeys: 4 }),
    secrets: fc.dictionary(envName, secretValue, { maxKeys: 3 }),
    limitsCpu: fc.option(quantity, { nil: undefined }),
    requestsMemory: fc.option(quantity, { nil: undefined }),
    configMap: fc.boolean(),
    backend: fc.constantFrom(undefined, "s3", "gcs", "pg"),
    pullSecret: fc.boolean(),
    snake: fc.boolean(),
  },
  { requiredKeys: [] },
);

type Generated = typeof manifest extends fc.Arbitrary<infer T> ? T : never;

function text(m: Generated): { text: string; secrets: string[] } {
  const variables = Object.fromEntries(
    Object.entries(m.variables ?? {}).map(([name, value]) => [`V_${name}`, { value }]),
  );
  const secrets = Object.fromEntries(Object.entries(m.secrets ?? {}).map(([name, value]) => [`S_${name}`, { value }]));
  const key = (camel: string) => (m.snake ? camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : camel);
  const labels = {
    ...(m.backend ? { "terraform.project-planton.org/backend.type": m.backend } : {}),
    ...(m.backend ? { "terraform.project-planton.org/backend.object": "state-bucket/jobs" } : {}),
  };
  const value = {
    apiVersion: "kubernetes.project-planton.org/v1",
    kind: "KubernetesJob",
    metadata: { name: "generated", ...(m.env ? { env: m.env } : {}), ...(m.backend ? { labels } : {}) },
    spec: {
      namespace: { value: "batch" },
      image: {
        repo: m.tag === "in-repo" ? "ghcr.io/acme/tool:2.0" : "ghcr.io/acme/tool",
        ...(m.tag && m.tag !== "in-repo" ? { tag: m.tag } : {}),
        ...(m.pullSecret ? { [key("pullSecretName")]: "registry" } : {}),
      },
      ...(m.parallelism !== undefined ? { parallelism: m.parallelism } : {}),
      ...(m.completions !== undefined ? { completions: m.completions } : {}),
      ...(m.backoffLimit !== undefined ? { [key("backoffLimit")]: m.backoffLimit } : {}),
      ...(m.activeDeadlineSeconds !== undefined ? { [key("activeDeadlineSeconds")]: m.activeDeadlineSeconds } : {}),
      ...(m.ttlSecondsAfterFinished !== undefined
        ? { [key("ttlSecondsAfterFinished")]: m.ttlSecondsAfterFinished }
        : {}),
      ...(m.restartPolicy ? { [key("restartPolicy")]: m.restartPolicy } : {}),
      env: { variables, secrets },
      resources: {
        ...(m.limitsCpu !== undefined ? { limits: { cpu: m.limitsCpu } } : {}),
        ...(m.requestsMemory !== undefined ? { requests: { memory: m.requestsMemory } } : {}),
      },
      ...(m.configMap ? { [key("configMaps")]: { "generated-script": "echo hi\n" } } : {}),
    },
  };
  return { text: stringify(value), secrets: Object.values(m.secrets ?? {}) };
}

test("every generated first-dialect manifest converts to a valid v1alpha1 manifest, byte-stable, no secret in messages", async () => {
  const dir = tempDir();
  await fc.assert(
    fc.asyncProperty(manifest, async (generated) => {
      const input = text(generated);
      const file = join(dir, "job.yaml");
      writeFileSync(file, input.text);
      const first = await runCli(["convert", file]);
      expect({ code: first.code, stderr: first.code === 0 ? "" : first.stderr }).toEqual({ code: 0, stderr: "" });
      for (const secret of input.secrets) expect(first.stderr).not.toContain(secret);
      expect((await runCli(["convert", file])).stdout).toBe(first.stdout);

      const converted = join(dir, "converted.yaml");
      writeFileSync(converted, first.stdout);
      const validated = await runCli(["validate", converted]);
      expect({
        code: validated.code,
        errors: validated.stderr.split("\n").filter((line) => line.includes("error")),
      }).toEqual({
        code: 0,
        errors: [],
      });
      expect(validated.stdout).toContain("1 valid, 0 invalid");
    }),
    { numRuns: RUNS },
  );
});
