/**
 * Which cluster the provider reaches from a stack's provider block and the environment
 * (provider.go initializeConfiguration, client-go clientcmd): issue #11 facts 5 and 6.
 */
import { Testing } from "cdktf";
import { stackName } from "../../lib/terraform/plan";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";
import { resolveWith } from "../support/deployment";
import { manifest } from "../support/manifest";
import { expandHome, providerConnection, ProviderConfigError, type Environment } from "../support/provider-model";

const POD_ENV = { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443", HOME: "/root" };
const inPod = (files: string[] = []): Environment => ({ env: POD_ENV, exists: (p) => files.includes(p), inPod: true });
const onLaptop = (files: string[] = [], env: Record<string, string> = {}): Environment => ({
  env: { HOME: "/home/me", ...env },
  exists: (p) => files.includes(p),
});

describe("providerConnection", () => {
  test("config_context without a kubeconfig path is ignored: in a pod the provider uses the pod's own cluster", () => {
    expect(providerConnection({ config_context: "prod" }, inPod())).toEqual({ source: "in-cluster" });
  });

  test("config_context applies once a path is known, from the block or from KUBE_CONFIG_PATH", () => {
    expect(providerConnection({ config_path: "/kc", config_context: "prod" }, onLaptop(["/kc"]))).toEqual({
      source: "kubeconfig",
      paths: ["/kc"],
      context: "prod",
    });
    expect(
      providerConnection({ config_context: "prod" }, onLaptop(["/env/kc"], { KUBE_CONFIG_PATH: "/env/kc" })),
    ).toEqual({
      source: "kubeconfig",
      paths: ["/env/kc"],
      context: "prod",
    });
  });

  test("~ in a path is the home directory of the machine that applies (homedir.Expand); ~user is an error", () => {
    expect(expandHome("~/.kube/config", "/home/me")).toBe("/home/me/.kube/config");
    expect(expandHome("~", "/home/me")).toBe("/home/me");
    expect(expandHome("/abs/kc", "/home/me")).toBe("/abs/kc");
    expect(() => expandHome("~bob/kc", "/home/me")).toThrow(
      new ProviderConfigError("cannot expand user-specific home dir"),
    );
    expect(providerConnection({ config_path: "~/kc" }, onLaptop(["/home/me/kc"]))).toMatchObject({
      paths: ["/home/me/kc"],
    });
  });

  test("a config_path that does not exist on the applying machine gives an empty configuration, even in a pod", () => {
    expect(providerConnection({ config_path: "/synth-machine/kc" }, inPod())).toEqual({
      source: "empty",
      reason: "kubeconfig /synth-machine/kc does not exist",
    });
  });

  test("without any setting: ~/.kube/config is not read; in-cluster in a pod, else an empty configuration", () => {
    expect(providerConnection({}, onLaptop(["/home/me/.kube/config"]))).toMatchObject({ source: "empty" });
    expect(providerConnection({}, inPod(["/root/.kube/config"]))).toEqual({ source: "in-cluster" });
  });

  test("a stack built with a context and no kubeconfig (which resolve no longer gives) reaches the pod's own cluster", () => {
    // GIVEN a stack whose deployment names only a context
    const m = manifest();
    const stack = new KubernetesJobStack(Testing.app(), stackName(m.metadata), {
      manifest: m,
      deployment: { provider: { configContext: "prod" } },
    });
    const block = JSON.parse(Testing.synth(stack)).provider.kubernetes[0];
    // THEN applied in a pod without KUBE_CONFIG_PATH, the context is ignored
    expect(block).toEqual({ config_context: "prod" });
    expect(providerConnection(block, inPod())).toEqual({ source: "in-cluster" });
  });

  test("a context the kubeconfig files do not define (or all of them missing) gives an empty configuration, not in-cluster", () => {
    const env = { ...inPod(), contexts: () => ["dev"] };
    expect(
      providerConnection({ config_paths: ["/a", "/b"], config_context: "prod" }, { ...env, exists: (p) => p === "/a" }),
    ).toEqual({
      source: "empty",
      reason: 'context "prod" does not exist',
    });
    expect(providerConnection({ config_paths: ["/a", "/b"], config_context: "prod" }, inPod())).toEqual({
      source: "empty",
      reason: 'context "prod" does not exist',
    });
    // Without a context, several missing files are skipped and the pod's own cluster is used.
    expect(providerConnection({ config_paths: ["/a", "/b"] }, inPod())).toEqual({ source: "in-cluster" });
  });

  test("a run with only a context: the stack's provider block never reaches the pod's own cluster", () => {
    // GIVEN the deployment a run with --context prod and no kubeconfig resolves to
    const { deployment } = resolveWith({ run: { kubeContext: "prod" } });
    const m = manifest();
    const stack = new KubernetesJobStack(Testing.app(), stackName(m.metadata), { manifest: m, deployment });
    const block = JSON.parse(Testing.synth(stack)).provider.kubernetes[0];
    // THEN on a machine with ~/.kube/config it is that file with the context; KUBE_CONFIG_PATH wins;
    // in a pod without the file the provider has no configuration (it does not fall back to in-cluster)
    expect(providerConnection(block, onLaptop(["/home/me/.kube/config"]))).toEqual({
      source: "kubeconfig",
      paths: ["/home/me/.kube/config"],
      context: "prod",
    });
    expect(providerConnection(block, onLaptop(["/ci/kc"], { KUBE_CONFIG_PATH: "/ci/kc" }))).toMatchObject({
      paths: ["/ci/kc"],
    });
    expect(providerConnection(block, inPod())).toMatchObject({ source: "empty" });
  });
});
