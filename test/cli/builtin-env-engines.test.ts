/**
 * An env variable named HOSTNAME or K8S_POD_ID gives the Job's container two env entries of one
 * name (the component's, then the manifest's). kubernetes_job_v1 creates the Job, and the later
 * entry wins: a warning (builtin-env). The manifest engine applies it server-side, which refuses
 * a duplicate key in a keyed list (kubernetes/kubernetes#121575): an error, in both dialects.
 */
import { runCli } from "../support/cli";
import { yaml } from "../support/manifest";

const FIRST = yaml`
  apiVersion: kubernetes.project-planton.org/v1
  kind: KubernetesJob
  metadata:
    name: nightly
  spec:
    namespace: { value: batch }
    image: { repo: ghcr.io/acme/report, tag: "1.0" }
    env:
      variables:
        HOSTNAME: { value: worker }
`;

const CURRENT = yaml`
  apiVersion: kubernetes.planton.dev/v1alpha1
  kind: KubernetesJob
  metadata:
    name: nightly
  spec:
    namespace: { value: batch }
    container:
      app:
        image: { repo: ghcr.io/acme/report, tag: "1.0" }
        env:
          secrets:
            - { name: K8S_POD_ID, secretRef: { name: ids, key: pod } }
    pod:
      automountServiceAccountToken: false
`;

const DUPLICATE = (name: string) =>
  `${JSON.stringify(name)} is set by the component too (HOSTNAME, K8S_POD_ID are set for every pod, before the container's own variables): the Job's env would hold two entries named ${JSON.stringify(name)}, which the manifest engine cannot apply (server-side apply refuses a duplicate key in a keyed list: kubernetes/kubernetes#121575); rename the variable, or deploy with the typed engine, where the manifest's entry replaces the component's`;

describe("an env variable named like a built-in one", () => {
  test("first dialect, manifest engine: an error at the variable", async () => {
    const run = await runCli(["validate", "-", "--engine", "manifest"], FIRST);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`<stdin>:10:7: error: spec.env.variables.HOSTNAME: ${DUPLICATE("HOSTNAME")}\n`);
  });

  test("first dialect, typed engine: the builtin-env warning, as before", async () => {
    const run = await runCli(["validate", "-"], FIRST);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      '<stdin>:10:7: warning[builtin-env]: spec.env.variables.HOSTNAME: "HOSTNAME" replaces the value the component sets (HOSTNAME, K8S_POD_ID are set for every pod)\n',
    );
  });

  test("v1alpha1, manifest engine: an error at the secret's name", async () => {
    const run = await runCli(["validate", "-", "--engine", "manifest"], CURRENT);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `<stdin>:12:21: error: spec.container.app.env.secrets[0].name: ${DUPLICATE("K8S_POD_ID")}\n`,
    );
  });

  test("v1alpha1, typed engine: the builtin-env warning", async () => {
    const run = await runCli(["validate", "-"], CURRENT);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      '<stdin>:12:21: warning[builtin-env]: spec.container.app.env.secrets[0].name: "K8S_POD_ID" replaces the value the component sets (HOSTNAME, K8S_POD_ID are set for every pod)\n',
    );
  });

  test("render (no engine) keeps the warning", async () => {
    const run = await runCli(["render", "-", "--engine", "manifest"], CURRENT);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("warning[builtin-env]: spec.container.app.env.secrets[0].name");
  });
});
