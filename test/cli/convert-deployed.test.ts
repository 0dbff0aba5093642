/**
 * `convert` of a Job deployed with the first dialect: synthesized over the same stack and state,
 * the converted manifest no longer holds the ServiceAccount the old stack created, and its Job's
 * revision changes. convert says what the next apply does and how to keep both; the facts it
 * states are checked here against the stacks synth writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { positionOf, tempDir, writeFiles } from "../support/files";
import { yaml } from "../support/manifest";

const FIRST = yaml`
  apiVersion: kubernetes.project-planton.org/v1
  kind: KubernetesJob
  metadata:
    name: nightly-report
    env: prod
  spec:
    namespace:
      value: reports
    image:
      repo: ghcr.io/acme/report-runner
      tag: "1.4.2"
`;

const STACK = "nightly-report-prod";

interface Stack {
  resource: Record<string, Record<string, Record<string, unknown> & { input?: { revision?: string } }>>;
}

async function synthesized(dir: string, input: string): Promise<Stack> {
  const out = join(dir, `out-${input}`);
  const run = await runCli(["synth", join(dir, input), "--out", out, "--quiet"]);
  expect(run.stderr).not.toContain("error");
  expect(run.code).toBe(0);
  return JSON.parse(readFileSync(join(out, "stacks", STACK, "cdk.tf.json"), "utf8")) as Stack;
}

describe("a deployed first-dialect Job converted and applied over the same state", () => {
  test("the ServiceAccount warning says the next apply destroys it, and how to keep it (terraform state rm)", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": FIRST });
    const file = join(dir, "job.yaml");
    const run = await runCli(["convert", file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `${file}:${positionOf(FIRST, "nightly-report")}: warning: metadata.name: the first dialect created the ServiceAccount "nightly-report" for the Job's pods; ` +
        `the current API does not create a ServiceAccount: create "nightly-report" yourself (a KubernetesServiceAccount manifest or kubectl) and set spec.pod.serviceAccount.value to it, ` +
        `or the pods run as the namespace's default ServiceAccount. ` +
        `If the first dialect deployed it, the next apply of the converted manifest into the same stack ("${STACK}") and state destroys that ServiceAccount: ` +
        `before it, run terraform -chdir=cdktf.out/stacks/${STACK} state rm kubernetes_service_account_v1.nightly-report ` +
        `(kubernetes_manifest.nightly-report_service-account on the manifest engine), so that Terraform forgets it and leaves it in the cluster, ` +
        `and set spec.pod.serviceAccount.value to "nightly-report" rather than creating it again\n`,
    );
  });

  test("a note says that the next apply replaces the Job, which runs again, and how the typed engine can keep it", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": FIRST });
    const file = join(dir, "job.yaml");
    const run = await runCli(["convert", file]);
    expect(run.stderr).toContain(
      `${file}:${positionOf(FIRST, "kubernetes.project-planton.org/v1")}: note: apiVersion: the current API's Job has another revision, ` +
        `so the next apply into the first dialect's stack ("${STACK}") replaces the Job (kubernetes_job_v1.nightly-report, kubernetes_manifest.nightly-report on the manifest engine): it runs again. ` +
        `To keep the Job that ran on the typed engine, run terraform -chdir=cdktf.out/stacks/${STACK} state rm terraform_data.nightly-report_revision before that apply: ` +
        `Terraform then creates the revision without replacing the Job, which keeps its pod template until the manifest next changes\n`,
    );
    // A note: the count of warnings stays what it was.
    expect(run.stderr).toMatch(/1 warning: read them before you deploy\n$/);
  });

  test("what the messages say holds: the same stack, the ServiceAccount gone, another revision, the rest of the Job the same", async () => {
    const dir = tempDir();
    writeFiles(dir, { "v1/job.yaml": FIRST });
    const run = await runCli(["convert", join(dir, "v1", "job.yaml")]);
    writeFiles(dir, { "current/job.yaml": run.stdout });
    const first = await synthesized(dir, "v1");
    const current = await synthesized(dir, "current");

    expect(Object.keys(first.resource.kubernetes_service_account_v1)).toEqual(["nightly-report"]);
    expect(current.resource).not.toHaveProperty("kubernetes_service_account_v1");
    const revision = (stack: Stack) => stack.resource.terraform_data["nightly-report_revision"].input?.revision;
    expect(revision(current)).not.toBe(revision(first));
    expect(Object.keys(current.resource.kubernetes_job_v1)).toEqual(["nightly-report"]);
    // Without the pod template (ignored by the Job's lifecycle) and its labels (updated in place),
    // the Job is the same: with the revision forgotten, nothing else replaces it.
    const withoutTemplate = (stack: Stack) => {
      const { spec, metadata, ...job } = stack.resource.kubernetes_job_v1["nightly-report"] as {
        spec: Record<string, unknown>;
        metadata: Record<string, unknown>;
      };
      const { template, ...rest } = spec;
      void template;
      return { ...job, spec: rest, metadata: { ...metadata, labels: undefined } };
    };
    expect(withoutTemplate(current)).toEqual(withoutTemplate(first));
  });
});
