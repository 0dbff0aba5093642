/**
 * Planton keeps the secrets given as values of every container in one Secret, <name>-env-secrets,
 * keyed by env name (workloadpod CollectLiteralEnvSecrets): two containers giving one name two
 * different values would both read the last. That is an error at the second, naming the first;
 * one value under one name is one key, and fine.
 */
import { runCli } from "../support/cli";
import { yaml } from "../support/manifest";

const job = (sidecarToken: string, initToken: string) => yaml`
  apiVersion: kubernetes.planton.dev/v1alpha1
  kind: KubernetesJob
  metadata:
    name: nightly
  spec:
    namespace: { value: batch }
    container:
      app:
        image: { repo: ghcr.io/acme/app, tag: "1.0" }
        env:
          secrets:
            - { name: TOKEN, value: first-token-value-1 }
      sidecars:
        - name: helper
          image: { repo: ghcr.io/acme/helper, tag: "1.0" }
          env:
            secrets:
              - { name: TOKEN, value: ${sidecarToken} }
    pod:
      automountServiceAccountToken: false
      initContainers:
        - name: setup
          image: { repo: ghcr.io/acme/setup, tag: "1.0" }
          env:
            secrets:
              - { name: TOKEN, value: ${initToken} }
`;

const errors = (stderr: string) => stderr.split("\n").filter((line) => line.includes(": error: "));

describe("one secret name, several containers", () => {
  test("different values: an error at each later value, naming the first, without printing a value", async () => {
    const run = await runCli(
      ["validate", "-", "--ignore-warning", "secret-value"],
      job("other-token-value-2", "third-token-value-3"),
    );
    expect(run.code).toBe(1);
    const message =
      '"TOKEN" has another value in spec.container.app.env.secrets[0]: every container reads its secret values from one Secret, nightly-env-secrets, keyed by env name, so both would get one value; give the secrets different names, or the same value';
    expect(errors(run.stderr)).toEqual([
      `<stdin>:18:37: error: spec.container.sidecars[0].env.secrets[0].value: ${message}`,
      `<stdin>:26:37: error: spec.pod.initContainers[0].env.secrets[0].value: ${message}`,
    ]);
    expect(run.stderr).not.toMatch(/token-value/);
  });

  test("the same value: one key, no error", async () => {
    const run = await runCli(
      ["validate", "-", "--ignore-warning", "secret-value"],
      job("first-token-value-1", "first-token-value-1"),
    );
    expect(run).toMatchObject({ code: 0, stderr: "" });
  });

  test("a secretRef in another namespace than the Job's is an error (a pod reads Secrets of its own namespace only)", async () => {
    const text = yaml`
      apiVersion: kubernetes.planton.dev/v1alpha1
      kind: KubernetesJob
      metadata:
        name: nightly
      spec:
        namespace: { value: batch }
        container:
          app:
            image: { repo: ghcr.io/acme/app, tag: "1.0" }
            env:
              secrets:
                - { name: SAME, secretRef: { namespace: batch, name: creds, key: a } }
                - { name: OTHER, secretRef: { namespace: vault, name: creds, key: b } }
        pod:
          automountServiceAccountToken: false
    `;
    const run = await runCli(["validate", "-"], text);
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual([
      '<stdin>:13:52: error: spec.container.app.env.secrets[1].secretRef.namespace: "vault" is not the Job\'s namespace "batch"; a pod can only read Secrets of its own namespace',
    ]);
  });
});
