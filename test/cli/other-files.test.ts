/**
 * A file given as a manifest that is really something else says what it looks like and where it
 * belongs: a clusters file (--clusters), a refs file (--refs), a Kubernetes object (render makes
 * those from a KubernetesJob; nothing converts them back).
 */
import { join } from "node:path";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";

async function validateFile(name: string, text: string) {
  const dir = tempDir();
  writeFiles(dir, { [name]: text });
  const file = join(dir, name);
  const run = await runCli(["validate", file]);
  return { ...run, file, firstLine: run.stderr.split("\n")[0] };
}

const NOT_CONVERTED =
  "not a KubernetesJob manifest (apiVersion kubernetes.project-planton.org/v1): kubernetes-job reads KubernetesJob manifests " +
  "and produces Kubernetes objects from them (kubernetes-job render prints them); it does not convert Kubernetes objects";

describe("a file that is not a manifest says what it looks like", () => {
  test("a clusters file points at --clusters", async () => {
    const run = await validateFile(
      "clusters.yaml",
      "clusters:\n  - kind: AzureAksCluster\n    name: staging\n    kubeconfig: kc.yaml\n",
    );
    expect(run.code).toBe(1);
    expect(run.firstLine).toBe(
      `${run.file}:1:1: error: looks like a clusters file (a list under "clusters:"), not a manifest: ` +
        'give it with --clusters FILE (the cdktf.json context key "clusters"), not among the manifest paths',
    );
  });

  test("a refs file points at --refs", async () => {
    const run = await validateFile(
      "refs.yaml",
      "refs:\n  - kind: KubernetesPostgres\n    name: orders-db\n    fields: { status.outputs.host: db }\n",
    );
    expect(run.code).toBe(1);
    expect(run.firstLine).toBe(
      `${run.file}:1:1: error: looks like a refs file (a list under "refs:"), not a manifest: ` +
        'give it with --refs FILE (the cdktf.json context key "refs"), not among the manifest paths',
    );
  });

  test("a Kubernetes batch/v1 Job says so, and how to deploy it with kubernetes-job", async () => {
    const run = await validateFile(
      "job.yaml",
      "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{ name: pi, image: perl }]\n",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `${run.file}:1:1: error: is a Kubernetes Job (apiVersion "batch/v1"), ${NOT_CONVERTED}; ` +
        'to deploy this Job with kubernetes-job, write it as a KubernetesJob manifest (see "The manifest" in the README)\n',
    );
  });

  test("another Kubernetes object says what it is", async () => {
    const run = await validateFile("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n");
    expect(run.code).toBe(1);
    expect(run.firstLine).toBe(`${run.file}:1:1: error: is a Kubernetes ConfigMap (apiVersion "v1"), ${NOT_CONVERTED}`);
  });

  test("in a directory of manifests, only that file is refused, at its own document", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "a-clusters.yaml": "clusters: []\n",
      "b-job.yaml":
        "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata:\n  name: b\nspec:\n  namespace: { value: r }\n  image: { repo: busybox, tag: '1.36' }\n",
    });
    const run = await runCli(["validate", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `ok: ${join(dir, "b-job.yaml")}:1: b (namespace r)\n2 manifests checked: 1 valid, 1 invalid\n`,
    );
    expect(run.stderr).toMatch(new RegExp(`^${join(dir, "a-clusters.yaml")}:1:1: error: looks like a clusters file`));
  });
});
