/**
 * Which cluster the provider reaches from a stack's provider block and the environment
 * (provider.go initializeConfiguration, client-go clientcmd): issue #11 facts 5 and 6.
 */
import { Testing } from "cdktf";
import { stackName } from "../../lib/terraform/plan";
import { KubernetesJobStack } from "../../stacks/kubernetes-job-stack";
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

  test("the construct's provider block for a context without a kubeconfig reaches the pod's own cluster", () => {
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
});
