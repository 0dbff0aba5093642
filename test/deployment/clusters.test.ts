import { homedir } from "node:os";
import { join } from "node:path";
import { loadClustersFile } from "../../lib/deployment/clusters";
import { UserError } from "../../lib/diagnostics";
import { tempDir, writeFiles } from "../support/files";
import { yaml } from "../support/manifest";
import { CA_PEM } from "../support/deployment";

/** One cluster item, fields indented by 2 under `- `. */
const EKS = [
  "- kind: AwsEksCluster",
  "  name: prod",
  "  host: https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
  "  clusterCaCertificate: |",
  ...CA_PEM.trimEnd()
    .split("\n")
    .map((line) => `    ${line}`),
  "  exec:",
  "    apiVersion: client.authentication.k8s.io/v1beta1",
  "    command: aws",
  "    args: [eks, get-token, --cluster-name, prod]",
  "    env:",
  "      AWS_PROFILE: prod",
  "",
].join("\n");

/** Writes a clusters file (with `clusters:` around the given list items) and returns its path. */
function clustersFile(items: string, name = "clusters.yaml"): string {
  const dir = tempDir();
  const body = items
    .split("\n")
    .map((line) => (line === "" ? line : `  ${line}`))
    .join("\n");
  writeFiles(dir, { [name]: `clusters:\n${body}` });
  return join(dir, name);
}

/** The message of the UserError that loading a clusters file throws. */
function loadError(file: string): string {
  try {
    loadClustersFile(file);
  } catch (cause) {
    expect(cause).toBeInstanceOf(UserError);
    return (cause as Error).message;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe("the clusters file", () => {
  test("reads a cluster reached by host, CA certificate and an exec credential plugin", () => {
    const file = clustersFile(EKS);
    expect(loadClustersFile(file)).toEqual([
      {
        kind: "AwsEksCluster",
        name: "prod",
        host: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
        clusterCaCertificate: CA_PEM,
        exec: {
          apiVersion: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", "prod"],
          env: { AWS_PROFILE: "prod" },
        },
      },
    ]);
  });

  test("reads a cluster reached through a kubeconfig, resolving a relative path against the clusters file", () => {
    // GIVEN a clusters file in config/ that names kube/dev.yaml
    const dir = tempDir();
    writeFiles(dir, {
      "config/clusters.yaml": yaml`
        clusters:
          - kind: GcpGkeCluster
            name: dev
            kubeconfig: kube/dev.yaml
            context: gke_acme_europe-west1_dev
          - kind: AzureAksCluster
            name: absolute
            kubeconfig: /etc/kube/config
          - kind: CivoKubernetesCluster
            name: home
            kubeconfig: ~/.kube/civo
      `,
    });

    // WHEN it is loaded
    const clusters = loadClustersFile(join(dir, "config", "clusters.yaml"));

    // THEN each path is kept as written, and found on this machine: a relative one against config/
    expect(clusters).toEqual([
      {
        kind: "GcpGkeCluster",
        name: "dev",
        kubeconfig: { given: "kube/dev.yaml", here: join(dir, "config", "kube", "dev.yaml") },
        context: "gke_acme_europe-west1_dev",
      },
      {
        kind: "AzureAksCluster",
        name: "absolute",
        kubeconfig: { given: "/etc/kube/config", here: "/etc/kube/config" },
      },
      {
        kind: "CivoKubernetesCluster",
        name: "home",
        kubeconfig: { given: "~/.kube/civo", here: join(homedir(), ".kube", "civo") },
      },
    ]);
  });

  test("reads an empty list of clusters", () => {
    const dir = tempDir();
    writeFiles(dir, { "clusters.yaml": "clusters: []\n" });
    expect(loadClustersFile(join(dir, "clusters.yaml"))).toEqual([]);
  });

  test("refuses a cluster with both kubeconfig and host, at the cluster", () => {
    const file = clustersFile(EKS.replace("  host:", "  kubeconfig: kube/prod.yaml\n  host:"));
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:2:5: clusters[0]: needs exactly one of kubeconfig (with an optional context) or host`,
    );
  });

  test("refuses a kubeconfig in another user's home (~ci/...), which the provider cannot expand, at kubeconfig", () => {
    const file = clustersFile("- kind: GcpGkeCluster\n  name: dev\n  kubeconfig: ~ci/.kube/config\n");
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:4:17: clusters[0].kubeconfig: "~ci/.kube/config" names another user's home directory, which the kubernetes provider does not expand (only ~ and ~/...); write the full path`,
    );
  });

  test("refuses a cluster with neither kubeconfig nor host, at the cluster", () => {
    const file = clustersFile("- kind: GcpGkeCluster\n  name: dev\n");
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:2:5: clusters[0]: needs exactly one of kubeconfig (with an optional context) or host`,
    );
  });

  test("refuses a host without an exec credential plugin, at exec", () => {
    const file = clustersFile(EKS.slice(0, EKS.indexOf("  exec:")));
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:2:5: clusters[0].exec: is required with host: an exec credential plugin (static credentials are not written into Terraform)`,
    );
  });

  test("refuses a context with host, at context", () => {
    const file = clustersFile(EKS.replace("  exec:", "  context: prod\n  exec:"));
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:9:14: clusters[0].context: only applies with kubeconfig`,
    );
  });

  test("refuses a CA certificate that is not PEM (a kubeconfig's base64 data), at clusterCaCertificate", () => {
    const base64 = Buffer.from(CA_PEM).toString("base64");
    const file = clustersFile(
      EKS.replace(/clusterCaCertificate: \|\n(?: {4}.*\n)+/, `clusterCaCertificate: ${base64}\n`),
    );
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:5:27: clusters[0].clusterCaCertificate: must be a PEM certificate (-----BEGIN CERTIFICATE-----); decode a kubeconfig's base64 data first`,
    );
  });

  test("refuses two clusters of one kind and name, at the second one's name", () => {
    const file = clustersFile(
      "- {kind: GcpGkeCluster, name: dev, kubeconfig: a}\n" +
        "- {kind: AwsEksCluster, name: dev, kubeconfig: b}\n" +
        "- {kind: GcpGkeCluster, name: dev, kubeconfig: c}\n",
    );
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:4:33: clusters[2].name: GcpGkeCluster/dev is defined twice`,
    );
  });

  test("refuses an unknown field, listing the allowed ones", () => {
    const file = clustersFile("- {kind: GcpGkeCluster, name: dev, kubeconfig: a, token: abc}\n");
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:2:53: clusters[0].token: unknown field "token"; allowed fields: kind, name, kubeconfig, context, host, clusterCaCertificate, exec`,
    );
  });

  test("refuses an unknown cluster kind, listing the allowed ones", () => {
    const file = clustersFile("- {kind: EksCluster, name: dev, kubeconfig: a}\n");
    expect(loadError(file)).toBe(
      `clusters file ${file} is invalid:\n  ${file}:2:12: clusters[0].kind: "EksCluster" is not allowed; allowed: AwsEksCluster, GcpGkeCluster, AzureAksCluster, DigitalOceanKubernetesCluster, CivoKubernetesCluster`,
    );
  });

  test("reports every problem of the file, one line each", () => {
    const file = clustersFile(
      "- {kind: GcpGkeCluster, name: dev}\n- {kind: GcpGkeCluster, name: qa, kubeconfig: a, extra: 1}\n",
    );
    expect(loadError(file).split("\n")).toEqual([
      `clusters file ${file} is invalid:`,
      `  ${file}:2:5: clusters[0]: needs exactly one of kubeconfig (with an optional context) or host`,
      `  ${file}:3:52: clusters[1].extra: unknown field "extra"; allowed fields: kind, name, kubeconfig, context, host, clusterCaCertificate, exec`,
    ]);
  });

  test("refuses a file that cannot be read, naming it", () => {
    const file = join(tempDir(), "missing.yaml");
    expect(loadError(file)).toBe(`clusters file ${file} cannot be read`);
  });

  test("refuses a YAML syntax error, naming the file, line and column", () => {
    const dir = tempDir();
    writeFiles(dir, { "clusters.yaml": "clusters:\n  - kind: [GcpGkeCluster\n" });
    expect(loadError(join(dir, "clusters.yaml"))).toBe(
      `clusters file ${join(dir, "clusters.yaml")}:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });
});
