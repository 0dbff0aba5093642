/**
 * Attribute names and types of synthesized stacks against the installed provider bindings'
 * schema (node_modules/@cdktf/provider-kubernetes/.jsii): every example passes, and a typo in an
 * override — the one way a wrong name can get past cdktf's typed configs — is caught.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { stackName } from "../../lib/terraform/plan";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";
import { manifest, manifestFromYaml } from "../support/manifest";
import { EXAMPLES } from "../support/paths";
import { checkStackAttributes, providerSchema, type JsonObject } from "../support/provider-model";
import { synthStack } from "../support/terraform-json";

describe("checkStackAttributes", () => {
  test("knows the five resources the construct uses and the provider block", () => {
    const schema = providerSchema();
    for (const type of [
      "kubernetes_job_v1",
      "kubernetes_namespace_v1",
      "kubernetes_config_map_v1",
      "kubernetes_secret_v1",
      "kubernetes_service_account_v1",
    ]) {
      expect(schema.resources.get(type)).toBeDefined();
    }
    const spec = schema.structs.get("@cdktf/provider-kubernetes.jobV1.JobV1Spec");
    expect([...(spec?.keys() ?? [])]).toEqual(
      expect.arrayContaining([
        "backoff_limit",
        "backoff_limit_per_index",
        "max_failed_indexes",
        "ttl_seconds_after_finished",
        "template",
      ]),
    );
    expect(schema.structs.get(schema.provider)?.get("config_context")).toEqual({ kind: "string" });
  });

  test.each(
    readdirSync(EXAMPLES)
      .filter((file) => file.endsWith(".yaml"))
      .sort(),
  )("%s: every attribute is the provider's", (file) => {
    const { json } = synthStack(manifestFromYaml(readFileSync(join(EXAMPLES, file), "utf8")), '{"auths":{}}');
    expect(checkStackAttributes(json)).toEqual([]);
  });

  test("a stack with every deployment setting passes too (provider block with exec, waiting with timeouts)", () => {
    const m = manifest({
      volumeMounts: [{ name: "s", mountPath: "/s", secret: { name: "sec", defaultMode: 0o400 } }] as never,
    });
    const stack = new KubernetesJobStack(Testing.app(), stackName(m.metadata), {
      manifest: m,
      deployment: {
        provider: {
          configPath: "~/.kube/config",
          configContext: "prod",
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token"],
            env: { AWS_PROFILE: "p" },
          },
        },
        waitForCompletion: true,
        timeout: "10m",
      },
    });
    expect(checkStackAttributes(JSON.parse(Testing.synth(stack)))).toEqual([]);
  });

  test.each([
    ["spec.backof_limit", "resource.kubernetes_job_v1.nightly-report.spec.backof_limit", "backof_limit"],
    // cdktf 0.21 writes a single block as an object, so a list index in an override path
    // becomes a key "0": Terraform would refuse it just the same.
    ["spec.0.backoff_limit", "resource.kubernetes_job_v1.nightly-report.spec.0", "0"],
  ])("catches the override %s, naming its path and the arguments the block takes", (override, path, name) => {
    // GIVEN the construct's stack with an override the provider does not know
    const m = manifest();
    const stack = new KubernetesJobStack(Testing.app(), stackName(m.metadata), { manifest: m });
    stack.job.job.addOverride(override, 3);
    // WHEN its attributes are checked
    const problems = checkStackAttributes(JSON.parse(Testing.synth(stack)));
    // THEN the unknown name is reported at its path, with what the block takes
    expect(problems).toEqual([
      {
        path,
        message: expect.stringMatching(
          new RegExp(`^"${name}" is not an argument of this block; it takes: active_deadline_seconds, backoff_limit, `),
        ),
      },
    ]);
  });

  test("catches a value of the wrong type and a block written as a value", () => {
    const json = synthStack(manifest()).json as JsonObject & {
      resource: { kubernetes_job_v1: Record<string, JsonObject> };
    };
    const job = Object.values(json.resource.kubernetes_job_v1)[0] as JsonObject & { spec: JsonObject };
    job.wait_for_completion = "yes";
    job.spec.template = "pod";
    expect(checkStackAttributes(json)).toEqual([
      { path: "resource.kubernetes_job_v1.nightly-report.spec.template", message: 'a block, given "pod"' },
      { path: "resource.kubernetes_job_v1.nightly-report.wait_for_completion", message: 'a boolean, given "yes"' },
    ]);
  });

  test("catches an unknown provider argument", () => {
    const json = synthStack(manifest()).json as JsonObject & { provider: { kubernetes: JsonObject[] } };
    json.provider.kubernetes[0].config_pth = "~/.kube/config";
    expect(checkStackAttributes(json).map((p) => p.path)).toEqual(["provider.kubernetes[0].config_pth"]);
  });
});
