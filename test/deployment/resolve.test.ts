import { parseRunSettings } from "../../lib/deployment/run-settings";
import { join } from "node:path";
import type { ClusterConnection } from "../../lib/deployment/clusters";
import { LABELS } from "../../lib/deployment/labels";
import { defaultWaitTimeout, DEFAULT_WAIT_TIMEOUT } from "../../lib/deployment/resolve";
import { CA_PEM, DOCKER_CONFIG_JSON, FAKE_TOKEN, resolveWith } from "../support/deployment";
import { kubeconfigFile } from "../../lib/deployment/kubeconfig";
import { tempDir, writeFiles } from "../support/files";

/** Kubeconfig files that exist (a missing one is warned about: see test/cli/synth-kubeconfig.test.ts). */
const KUBE_DIR = tempDir();
writeFiles(KUBE_DIR, { "ci/config": "apiVersion: v1\n", "dev.yaml": "apiVersion: v1\n" });
const CI_KUBECONFIG = join(KUBE_DIR, "ci", "config");
const DEV_KUBECONFIG = join(KUBE_DIR, "dev.yaml");
const RUN_KUBECONFIG = kubeconfigFile(CI_KUBECONFIG, "/");

const EKS_PROD: ClusterConnection = {
  kind: "AwsEksCluster",
  name: "prod",
  host: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
  clusterCaCertificate: CA_PEM,
  exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token"] },
};
const GKE_DEV: ClusterConnection = {
  kind: "GcpGkeCluster",
  name: "dev",
  kubeconfig: kubeconfigFile(DEV_KUBECONFIG, "/"),
  context: "gke_dev",
};
const CLUSTERS = [EKS_PROD, GKE_DEV];

const target = (clusterKind: string, clusterName: string) => ({ targetCluster: { clusterKind, clusterName } });

const labelPath = (key: string) => `metadata.labels[${JSON.stringify(key)}]`;

describe("resolveDeployment: which cluster", () => {
  test("leaves the provider to its own discovery when nothing is set", () => {
    const { deployment, problems } = resolveWith();
    expect(problems).toEqual([]);
    expect(deployment?.provider).toEqual({});
  });

  test("uses the run's kubeconfig and context", () => {
    const { deployment } = resolveWith({ run: { kubeconfig: RUN_KUBECONFIG, kubeContext: "prod" } });
    expect(deployment?.provider).toEqual({ configPath: CI_KUBECONFIG, configContext: "prod" });
  });

  test("lets the context label override the run's context, keeping the run's kubeconfig", () => {
    const { deployment, problems } = resolveWith({
      labels: { [LABELS.context]: "staging" },
      run: { kubeconfig: RUN_KUBECONFIG, kubeContext: "prod" },
    });
    expect(problems).toEqual([]);
    expect(deployment?.provider).toEqual({ configPath: CI_KUBECONFIG, configContext: "staging" });
  });

  test("takes kubeconfig and context of the target cluster from the clusters file", () => {
    const { deployment, problems } = resolveWith({
      spec: target("GcpGkeCluster", "dev"),
      run: { clusters: CLUSTERS, kubeconfig: RUN_KUBECONFIG, kubeContext: "prod" },
    });
    expect(problems).toEqual([]);
    expect(deployment?.provider).toEqual({ configPath: DEV_KUBECONFIG, configContext: "gke_dev" });
  });

  test("lets the context label override the context of a kubeconfig target cluster", () => {
    const { deployment } = resolveWith({
      spec: target("GcpGkeCluster", "dev"),
      labels: { [LABELS.context]: "gke_dev_admin" },
      run: { clusters: CLUSTERS },
    });
    expect(deployment?.provider).toEqual({ configPath: DEV_KUBECONFIG, configContext: "gke_dev_admin" });
  });

  test("takes host, CA certificate and exec plugin of the target cluster, and nothing of the run's kubeconfig", () => {
    const { deployment, problems } = resolveWith({
      spec: target("AwsEksCluster", "prod"),
      run: { clusters: CLUSTERS, kubeconfig: RUN_KUBECONFIG, kubeContext: "prod" },
    });
    expect(problems).toEqual([]);
    expect(deployment?.provider).toEqual({
      host: EKS_PROD.host,
      clusterCaCertificate: CA_PEM,
      exec: EKS_PROD.exec,
    });
  });

  test("refuses a target cluster that is not in the clusters file, listing the configured ones", () => {
    const { deployment, lines } = resolveWith({ spec: target("AwsEksCluster", "dev"), run: { clusters: CLUSTERS } });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      "error: spec.targetCluster.clusterName: AwsEksCluster/dev is not in the clusters file; configured: AwsEksCluster/prod, GcpGkeCluster/dev",
    ]);
  });

  test("says none are configured when the clusters file is empty", () => {
    const { lines } = resolveWith({ spec: target("AwsEksCluster", "prod"), run: { clusters: [] } });
    expect(lines).toEqual([
      "error: spec.targetCluster.clusterName: AwsEksCluster/prod is not in the clusters file; configured: none",
    ]);
  });

  test("refuses a target cluster without a clusters file, saying how to give one", () => {
    const { deployment, lines } = resolveWith({ spec: target("AwsEksCluster", "prod") });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      'error: spec.targetCluster.clusterName: names cluster AwsEksCluster/prod, but no clusters file was given (--clusters FILE, or the cdktf.json context key "clusters")',
    ]);
  });

  test("refuses a context label for a target cluster reached by host, at the label", () => {
    const { deployment, lines } = resolveWith({
      spec: target("AwsEksCluster", "prod"),
      labels: { [LABELS.context]: "prod" },
      run: { clusters: CLUSTERS },
    });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.context)}: cannot apply: the target cluster is reached by host, not through a kubeconfig`,
    ]);
  });
});

describe("resolveDeployment: which state backend", () => {
  test("keeps local state in the state directory, addressed relative to the stack directory", () => {
    const { deployment } = resolveWith({ run: { outDir: "/work/out", stateDir: "/work/state" } });
    expect(deployment?.backend).toEqual({
      type: "local",
      config: { path: "../../../state/terraform.nightly-report.tfstate" },
    });
  });

  test("uses the run's backend type, object and extra configuration", () => {
    const { deployment } = resolveWith({
      run: { backend: { type: "gcs", object: "acme-state/jobs", config: { impersonate_service_account: "sa" } } },
    });
    expect(deployment?.backend).toEqual({
      type: "gcs",
      config: { bucket: "acme-state", prefix: "jobs/nightly-report", impersonate_service_account: "sa" },
    });
  });

  test("lets the backend labels win over the run's type and object", () => {
    const { deployment, problems } = resolveWith({
      labels: { [LABELS.backendType]: "s3", [LABELS.backendObject]: "acme-state/team-a" },
      run: { backend: { type: "gcs", object: "other/prefix" } },
    });
    expect(problems).toEqual([]);
    expect(deployment?.backend).toEqual({
      type: "s3",
      config: { bucket: "acme-state", key: "team-a/nightly-report.tfstate", use_lockfile: true, encrypt: true },
    });
  });

  test("adds the run's extra configuration to a backend of the run's type chosen by labels", () => {
    const { deployment } = resolveWith({
      labels: { [LABELS.backendType]: "s3", [LABELS.backendObject]: "acme-state" },
      run: { backend: { type: "s3", config: { region: "eu-west-1" } } },
    });
    expect(deployment?.backend.config).toEqual(expect.objectContaining({ bucket: "acme-state", region: "eu-west-1" }));
  });

  test("leaves the run's extra configuration out of a backend of another type chosen by labels", () => {
    const { deployment } = resolveWith({
      labels: { [LABELS.backendType]: "gcs", [LABELS.backendObject]: "acme-state" },
      run: { backend: { type: "s3", config: { region: "eu-west-1" } } },
    });
    expect(deployment?.backend).toEqual({ type: "gcs", config: { bucket: "acme-state", prefix: "nightly-report" } });
  });

  test("combines a backend type label with the run's object", () => {
    const { deployment } = resolveWith({
      labels: { [LABELS.backendType]: "azurerm" },
      run: { backend: { object: "tfstate/jobs" } },
    });
    expect(deployment?.backend).toEqual({
      type: "azurerm",
      config: { container_name: "tfstate", key: "jobs/nightly-report.tfstate" },
    });
  });

  test("reports a bad backend type label at the label, listing the allowed types", () => {
    const { deployment, lines } = resolveWith({ labels: { [LABELS.backendType]: "consul" } });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.backendType)}: "consul" is not a supported backend; allowed: local, s3, gcs, azurerm, pg, kubernetes, cloud`,
    ]);
  });

  test("reports a missing backend object at the object label when the type comes from a label", () => {
    const { lines } = resolveWith({
      labels: { [LABELS.backendType]: "s3", [LABELS.backendObject]: "" },
    });
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.backendObject)}: is required for the s3 backend: bucket/path/to/prefix`,
    ]);
  });

  test("refuses a backend object label without a backend type, which would be ignored for local state, at the label", () => {
    const { deployment, lines } = resolveWith({ labels: { [LABELS.backendObject]: "b/p" } });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.backendObject)}: needs a backend type (the label ${LABELS.backendType} or the run's backend type): one of s3, gcs, azurerm, pg, kubernetes, cloud; without one the state would be kept in a local file and this object ignored`,
    ]);
  });

  test("refuses a backend object label for the local backend, which takes none, at the label", () => {
    const { lines } = resolveWith({ labels: { [LABELS.backendObject]: "b/p" }, run: { backend: { type: "local" } } });
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.backendObject)}: is not read by the local backend, which keeps the state in a local file; an object is for s3, gcs, azurerm, pg, kubernetes, cloud`,
    ]);
  });

  test("takes a backend object label with the run's backend type", () => {
    const { deployment, problems } = resolveWith({
      labels: { [LABELS.backendObject]: "b/p" },
      run: { backend: { type: "s3" } },
    });
    expect(problems).toEqual([]);
    expect(deployment?.backend.config).toEqual(
      expect.objectContaining({ bucket: "b", key: "p/nightly-report.tfstate" }),
    );
  });

  test("reports a missing object of the run's backend at metadata.labels, saying it is the run's", () => {
    const { deployment, lines } = resolveWith({ run: { backend: { type: "s3" } } });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      "error: metadata.labels: the run's backend object is required for the s3 backend: bucket/path/to/prefix",
    ]);
  });
});

describe("resolveDeployment: waiting for the Job", () => {
  test("does not wait by default, and has no timeout", () => {
    const { deployment } = resolveWith();
    expect(deployment).toEqual(expect.objectContaining({ waitForCompletion: false }));
    expect(deployment).not.toHaveProperty("timeout");
  });

  test("waits when the run says so, with the run's timeout", () => {
    const { deployment } = resolveWith({ run: { waitForCompletion: true, timeout: "45m" } });
    expect(deployment).toEqual(expect.objectContaining({ waitForCompletion: true, timeout: "45m" }));
  });

  test("lets the wait and timeout labels win over the run", () => {
    const waiting = resolveWith({
      labels: { [LABELS.waitForCompletion]: "true", [LABELS.timeout]: "1h30m" },
      run: { waitForCompletion: false, timeout: "45m" },
    });
    expect(waiting.deployment).toEqual(expect.objectContaining({ waitForCompletion: true, timeout: "1h30m" }));
    const notWaiting = resolveWith({
      labels: { [LABELS.waitForCompletion]: "false" },
      run: { waitForCompletion: true },
    });
    expect(notWaiting.deployment).toEqual(expect.objectContaining({ waitForCompletion: false }));
  });

  test("refuses a wait label other than true or false, at the label", () => {
    const { deployment, lines } = resolveWith({ labels: { [LABELS.waitForCompletion]: "yes" } });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([`error: ${labelPath(LABELS.waitForCompletion)}: "yes" must be "true" or "false"`]);
  });

  test.each(["45", "30 m", "m", "", "-5m", "5d"])("refuses the timeout label %p, at the label", (timeout) => {
    const { deployment, lines } = resolveWith({ labels: { [LABELS.timeout]: timeout } });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.timeout)}: "${timeout}" must be a duration such as 45m, 2h or 1h30m`,
    ]);
  });

  test("refuses a bad run timeout once, with the run's settings, naming the flag", () => {
    expect(() => parseRunSettings({ timeout: "ten minutes" }, "out", "flags")).toThrow(
      "invalid deployment settings in flags:\n  --timeout: must be a duration such as 45m, 2h or 1h30m",
    );
  });

  test.each(["153722868m", "2562048h", "99999999999h", "2562047h48m"])(
    "refuses the timeout %p, longer than a Go duration holds (Terraform could not read it), as a label and a flag",
    (timeout) => {
      const { lines } = resolveWith({ labels: { [LABELS.timeout]: timeout } });
      expect(lines).toEqual([
        `error: ${labelPath(LABELS.timeout)}: "${timeout}" is longer than Terraform reads a duration: at most 2562047h47m16s`,
      ]);
      expect(() => parseRunSettings({ timeout }, "out", "flags")).toThrow(
        "invalid deployment settings in flags:\n  --timeout: is longer than Terraform reads a duration: at most 2562047h47m16s",
      );
    },
  );

  test.each(["153722867m", "2562047h47m16s"])("accepts the longest timeouts %p", (timeout) => {
    expect(resolveWith({ labels: { [LABELS.timeout]: timeout } }).problems).toEqual([]);
  });

  test.each(["45m", "2h", "1h30m", "90s", "1h0m30s", "1.5h", "300ms"])("accepts the Go duration %p", (timeout) => {
    expect(resolveWith({ labels: { [LABELS.timeout]: timeout } }).problems).toEqual([]);
  });

  test("warns at spec.suspend that a suspended Job is not waited for", () => {
    const { deployment, lines } = resolveWith({ spec: { suspend: true }, run: { waitForCompletion: true } });
    expect(deployment).toBeDefined();
    expect(lines).toEqual([
      "warning: spec.suspend: is true, so terraform apply does not wait for this Job (its pods never start)",
    ]);
  });

  test("says nothing about a suspended Job that is not waited for", () => {
    expect(resolveWith({ spec: { suspend: true } }).problems).toEqual([]);
  });
});

describe("defaultWaitTimeout", () => {
  test("is 30m without activeDeadlineSeconds", () => {
    expect(defaultWaitTimeout(undefined)).toBe("30m");
    expect(DEFAULT_WAIT_TIMEOUT).toBe("30m");
  });

  test("is activeDeadlineSeconds plus 5 minutes, rounded up to whole minutes", () => {
    expect(defaultWaitTimeout(600)).toBe("15m");
    expect(defaultWaitTimeout(601)).toBe("16m");
    expect(defaultWaitTimeout(1)).toBe("6m");
    expect(defaultWaitTimeout(7200)).toBe("125m");
  });

  test("stays a duration Terraform can read for the largest deadline validate accepts (9223372036 seconds)", () => {
    // Terraform parses timeouts with Go's time.ParseDuration, which refuses more than 2^63 - 1 ns
    // (153722867 whole minutes); the deadline plus its margin would be more.
    expect(defaultWaitTimeout(9223372036)).toBe("153722867m");
  });
});

describe("resolveDeployment: the Docker config JSON for an image pull secret", () => {
  test("has none by default", () => {
    expect(resolveWith().deployment?.dockerConfigJson).toBeUndefined();
  });

  test("reads the label's file relative to the manifest's file, keeping its bytes", () => {
    const { deployment, problems } = resolveWith({
      labels: { [LABELS.dockerConfigJsonFile]: "secrets/docker.json" },
      files: { "secrets/docker.json": DOCKER_CONFIG_JSON },
    });
    expect(problems).toEqual([]);
    expect(deployment?.dockerConfigJson).toBe(DOCKER_CONFIG_JSON);
  });

  test("reads the run's file (an absolute path) when there is no label", () => {
    const { deployment } = resolveWith({
      files: { "docker.json": DOCKER_CONFIG_JSON },
      run: (dir) => ({ dockerConfigJsonFile: join(dir, "docker.json") }),
    });
    expect(deployment?.dockerConfigJson).toBe(DOCKER_CONFIG_JSON);
  });

  test("lets the label win over the run's file", () => {
    const { deployment } = resolveWith({
      labels: { [LABELS.dockerConfigJsonFile]: "label.json" },
      files: { "label.json": DOCKER_CONFIG_JSON, "run.json": '{"auths":{}}' },
      run: (dir) => ({ dockerConfigJsonFile: join(dir, "run.json") }),
    });
    expect(deployment?.dockerConfigJson).toBe(DOCKER_CONFIG_JSON);
  });

  test("refuses a file that cannot be read, at the label", () => {
    const { deployment, lines } = resolveWith({ labels: { [LABELS.dockerConfigJsonFile]: "missing.json" } });
    expect(deployment).toBeUndefined();
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.dockerConfigJsonFile)}: Docker config JSON file missing.json cannot be read`,
    ]);
  });

  test("refuses a run's file that cannot be read, naming the flag, at metadata.labels", () => {
    const { lines } = resolveWith({ run: { dockerConfigJsonFile: "/nonexistent/docker.json" } });
    expect(lines).toEqual([
      "error: metadata.labels: the run's --docker-config-json: Docker config JSON file /nonexistent/docker.json cannot be read",
    ]);
  });

  test("refuses a file that is not JSON without quoting any of it", () => {
    const truncated = DOCKER_CONFIG_JSON.slice(0, DOCKER_CONFIG_JSON.indexOf(FAKE_TOKEN) + FAKE_TOKEN.length);
    const { lines } = resolveWith({
      labels: { [LABELS.dockerConfigJsonFile]: "docker.json" },
      files: { "docker.json": truncated },
    });
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.dockerConfigJsonFile)}: Docker config JSON file docker.json is not valid JSON`,
    ]);
    expect(lines.join("\n")).not.toContain(FAKE_TOKEN);
  });

  test.each([
    ["registries at the top level", `{"ghcr.io":{"auth":"${FAKE_TOKEN}"}}`],
    ["auths as a list", `{"auths":["${FAKE_TOKEN}"]}`],
    ["auths as a string", `{"auths":"${FAKE_TOKEN}"}`],
    ["null", "null"],
    ["a string", `"${FAKE_TOKEN}"`],
  ])("refuses a file without an auths object (%s) without quoting any of it", (_, content) => {
    const { lines } = resolveWith({
      labels: { [LABELS.dockerConfigJsonFile]: "docker.json" },
      files: { "docker.json": content },
    });
    expect(lines).toEqual([
      `error: ${labelPath(LABELS.dockerConfigJsonFile)}: Docker config JSON file docker.json has no "auths" object (expected {"auths": {"<registry>": {...}}})`,
    ]);
    expect(lines.join("\n")).not.toContain(FAKE_TOKEN);
  });
});

describe("resolveDeployment: problems", () => {
  test("reports every problem at once, and gives no deployment", () => {
    const { deployment, lines } = resolveWith({
      spec: target("AwsEksCluster", "prod"),
      labels: {
        [LABELS.backendType]: "consul",
        [LABELS.waitForCompletion]: "always",
        [LABELS.dockerConfigJsonFile]: "missing.json",
      },
    });
    expect(deployment).toBeUndefined();
    expect(lines).toHaveLength(4);
  });
});
