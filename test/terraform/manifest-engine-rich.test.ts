/**
 * The manifest engine on Jobs richer than the first dialect makes (test/support/rich-job.ts): it
 * writes the object as it is, so what matters is that the object survives escaping, cdktf and
 * HCL exactly, and that the fields the API server rewrites (quantities of every container, init
 * container and resourceFieldRef divisor) are computed, else Terraform refuses the apply as an
 * inconsistent result.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { Manifest, type ManifestConfig } from "@cdktf/provider-kubernetes/lib/manifest";
import { toHcl } from "../../lib/terraform/hcl";
import { literalDeep } from "../../lib/terraform/literal";
import { FIELD_MANAGER, jobComputedFields } from "../../lib/terraform/manifest-engine";
import { jobConfig, NO_REFERENCES } from "../../lib/terraform/provider-attributes";
import { tempDir } from "../support/files";
import { providerCreate, type JsonObject } from "../support/provider-model";
import { hackJob, withPod, type RichJob } from "../support/rich-job";
import { applyOutputs, terraformUnavailable } from "../support/terraform";
import { terraformRun } from "../support/terraform-cli";
import { TRICKY_TEXTS } from "../support/tricky-text";

/** The hack manifest's Job with quantities the API server writes back in another form. */
function jobWithOddQuantities(): RichJob {
  const job = hackJob();
  const pod = job.spec.template.spec!;
  const [app, sidecar] = pod.containers;
  return withPod(
    {
      initContainers: [{ ...pod.initContainers![0], resources: { limits: { cpu: "1000m", memory: "0.5Gi" } } }],
      containers: [
        {
          ...app,
          env: [
            ...(app.env ?? []),
            { name: "MEM_MI", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1024Ki" } } },
          ],
        },
        { ...sidecar, resources: { limits: { cpu: "0.05", memory: "32768Ki" } } },
      ],
    },
    {},
    job,
  );
}

/** A stack of the one Job as the manifest engine writes it. */
function manifestStack(job: RichJob): JsonObject {
  const text = Testing.synthScope((scope) => {
    new Manifest(scope, "job", {
      manifest: literalDeep(job) as ManifestConfig["manifest"],
      fieldManager: FIELD_MANAGER,
      computedFields: jobComputedFields(job),
    });
  });
  return JSON.parse(text) as JsonObject;
}

describe("the manifest engine on rich Jobs", () => {
  test("computes the resources of every container and init container, and each resourceFieldRef divisor", () => {
    expect(jobComputedFields(jobWithOddQuantities())).toEqual([
      "metadata.labels",
      "metadata.annotations",
      "spec.template.metadata.labels",
      "spec.template.spec.containers[0].resources",
      "spec.template.spec.containers[0].env[5].valueFrom.resourceFieldRef.divisor",
      "spec.template.spec.containers[1].resources",
      "spec.template.spec.initContainers[0].resources",
      "spec.template.spec.volumes[0].emptyDir.sizeLimit",
    ]);
  });

  test("the provider applies it as written, and the API server's rewritten quantities are no inconsistent result", () => {
    const job = jobWithOddQuantities();
    // providerCreate runs the provider's consistency check on the manifest (apply.go).
    const [created] = providerCreate(manifestStack(job));
    expect(created.object).toEqual(JSON.parse(JSON.stringify(job)));
  });

  test("text the user wrote anywhere in the object arrives byte for byte", () => {
    const job = withPod(
      {},
      { args: [...TRICKY_TEXTS], env: TRICKY_TEXTS.map((value, i) => ({ name: `V${i}`, value })) },
    );
    expect(providerCreate(manifestStack(job))[0].object).toEqual(JSON.parse(JSON.stringify(job)));
  });

  test("written as HCL, Terraform evaluates the object to the Job, and terraform fmt would change nothing", () => {
    const job = hackJob();
    const hcl = toHcl({ output: { o: { value: literalDeep(job) as unknown as JsonObject } } });
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`Only the HCL text was written; evaluating it is left out: ${unavailable}`);
      return;
    }
    const dir = tempDir("kubernetes-job-terraform-");
    writeFileSync(join(dir, "main.tf"), hcl);
    expect(applyOutputs(dir).o).toEqual(JSON.parse(JSON.stringify(job)));
    expect(terraformRun(dir, ["fmt", "-check", "-diff", "-no-color"]).stdout).toBe("");
  });

  test("the typed engine's stack of the same Job, written as HCL, is what terraform fmt writes", () => {
    const stack = JSON.parse(
      Testing.synthScope((scope) => {
        new JobV1(scope, "job", { ...jobConfig(hackJob(), NO_REFERENCES), waitForCompletion: false });
      }),
    ) as JsonObject;
    const hcl = toHcl(stack);
    expect(hcl).toContain("    pod_failure_policy {\n      rule {");
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`terraform fmt is left out: ${unavailable}`);
      return;
    }
    const dir = tempDir("kubernetes-job-terraform-");
    writeFileSync(join(dir, "main.tf"), hcl);
    const fmt = terraformRun(dir, ["fmt", "-check", "-diff", "-no-color"]);
    expect(fmt.stdout).toBe("");
    expect(fmt.status).toBe(0);
  });
});
