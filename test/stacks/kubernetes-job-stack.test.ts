import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { manifest } from "../support/manifest";
import { synthStack } from "../support/terraform-json";

describe("KubernetesJobStack", () => {
  test("configures the kubernetes provider without arguments, pinned to 2.38.0", () => {
    const { text, json } = synthStack(manifest());
    expect(text).toHaveProviderWithProperties(KubernetesProvider, {});
    expect(json.provider).toEqual({ kubernetes: [{}] });
    expect(json.terraform.required_providers).toEqual({ kubernetes: { source: "kubernetes", version: "2.38.0" } });
  });

  test("holds the KubernetesJob of the manifest, addressed by its name", () => {
    const { text, json } = synthStack(manifest());
    expect(text).toHaveResourceWithProperties(JobV1, { metadata: expect.objectContaining({ name: "nightly-report" }) });
    expect(Object.keys(json.resource.kubernetes_job_v1)).toEqual(["nightly-report"]);
  });

  test("outputs the namespace, job_name and service_account_name", () => {
    const { json } = synthStack(manifest());
    expect(json.output).toEqual({
      namespace: { value: "reports" },
      job_name: { value: "${kubernetes_job_v1.nightly-report.metadata[0].name}" },
      service_account_name: { value: "${kubernetes_service_account_v1.nightly-report.metadata[0].name}" },
    });
  });

  test("outputs the created namespace through a reference with createNamespace", () => {
    const { json } = synthStack(manifest({ createNamespace: true }));
    expect(json.output.namespace).toEqual({ value: "${kubernetes_namespace_v1.nightly-report.metadata[0].name}" });
  });

  test("adds the image pull secret when given a Docker config JSON", () => {
    const { json } = synthStack(manifest(), '{"auths":{}}');
    expect(json.resource.kubernetes_secret_v1["nightly-report_image-pull-secret"]).toEqual(
      expect.objectContaining({
        type: "kubernetes.io/dockerconfigjson",
        data: { ".dockerconfigjson": '{"auths":{}}' },
      }),
    );
  });
});
