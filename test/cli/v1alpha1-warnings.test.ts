/**
 * The current API gives the first dialect's warnings where they mean the same (one shared module,
 * lib/manifest/common-warnings.ts): ttl-rerun, unpinned-image (every container), secret-value,
 * builtin-env (the typed engine; the manifest engine refuses it, test/cli/builtin-env-engines.test.ts),
 * and says that image.pullSecretName, which Planton ignores, is ignored.
 */
import { runCli } from "../support/cli";
import { yaml } from "../support/manifest";

/** A v1alpha1 Job whose spec holds these fields (written unindented), from line 7 on. */
const job = (specFields: string) =>
  yaml`
    apiVersion: kubernetes.planton.dev/v1alpha1
    kind: KubernetesJob
    metadata:
      name: nightly
    spec:
      namespace: { value: batch }
    ` + specFields.replace(/^(?=.)/gm, "  ");

const POD = "pod:\n  automountServiceAccountToken: false\n";
const pinned = (name: string, extra = "") => `image: { repo: ghcr.io/acme/${name}, tag: "1.0"${extra} }`;

async function warnings(text: string): Promise<string[]> {
  const run = await runCli(["validate", "-"], text);
  expect(run.code).toBe(0);
  return run.stderr.split("\n").filter((line) => line !== "");
}

describe("v1alpha1 warnings", () => {
  test("ttl-rerun: ttlSecondsAfterFinished set, 0 included", async () => {
    const text = job(`container:\n  app:\n    ${pinned("app")}\n${POD}ttlSecondsAfterFinished: 0\n`);
    expect(await warnings(text)).toEqual([
      "<stdin>:12:28: warning[ttl-rerun]: spec.ttlSecondsAfterFinished: deletes the Job 0s after it finishes; the next terraform apply then creates it again and it runs again",
    ]);
  });

  test("unpinned-image: tag latest, in the app, a sidecar and an init container, each at its tag", async () => {
    const text = job(yaml`
      container:
        app:
          image: { repo: ghcr.io/acme/app, tag: latest }
        sidecars:
          - name: helper
            image: { repo: ghcr.io/acme/helper, tag: latest }
      pod:
        automountServiceAccountToken: false
        initContainers:
          - name: setup
            image: { repo: ghcr.io/acme/setup, tag: latest }
    `);
    const message = '"latest" means each run may pull a different image; pin a version or digest';
    expect(await warnings(text)).toEqual([
      `<stdin>:9:45: warning[unpinned-image]: spec.container.app.image.tag: ${message}`,
      `<stdin>:12:50: warning[unpinned-image]: spec.container.sidecars[0].image.tag: ${message}`,
      `<stdin>:17:49: warning[unpinned-image]: spec.pod.initContainers[0].image.tag: ${message}`,
    ]);
  });

  test("secret-value: a secret given as a value, in any container", async () => {
    const text = job(yaml`
      container:
        app:
          image: { repo: ghcr.io/acme/app, tag: "1.0" }
          env:
            secrets:
              - { name: TOKEN, value: a-long-enough-token }
      pod:
        automountServiceAccountToken: false
    `);
    expect(await warnings(text)).toEqual([
      "<stdin>:12:35: warning[secret-value]: spec.container.app.env.secrets[0].value: is a secret value written in the manifest (it will be stored in the Terraform state); use secretRef in production",
    ]);
  });

  test("builtin-env on the typed engine: HOSTNAME or K8S_POD_ID as a variable or secret name", async () => {
    const text = job(yaml`
      container:
        app:
          image: { repo: ghcr.io/acme/app, tag: "1.0" }
          env:
            variables:
              - { name: HOSTNAME, value: worker }
      pod:
        automountServiceAccountToken: false
    `);
    expect(await warnings(text)).toEqual([
      '<stdin>:12:21: warning[builtin-env]: spec.container.app.env.variables[0].name: "HOSTNAME" replaces the value the component sets (HOSTNAME, K8S_POD_ID are set for every pod)',
    ]);
  });

  test("ignored-field: image.pullSecretName, which Planton ignores, names spec.pod.imagePullSecrets instead", async () => {
    const text = job(`container:\n  app:\n    ${pinned("app", ", pullSecretName: regcred")}\n${POD}`);
    expect(await warnings(text)).toEqual([
      "<stdin>:9:68: warning[ignored-field]: spec.container.app.image.pullSecretName: \"regcred\" is ignored: Planton's current API pulls with the Secrets of spec.pod.imagePullSecrets (and the service account's), not a container's; list it there: spec.pod.imagePullSecrets: [{value: regcred}]",
    ]);
  });
});
