/**
 * What the typed engine cannot say of a v1alpha1 manifest is an error at the manifest's field,
 * naming the manifest engine (which says it); the manifest engine takes the same manifest.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { tempDir } from "../support/files";
import { yaml } from "../support/manifest";

const job = (specFields: string, annotations = "") =>
  yaml`
    apiVersion: kubernetes.planton.dev/v1alpha1
    kind: KubernetesJob
    metadata:
      name: leader-workers
    ` +
  annotations +
  yaml`
    spec:
      namespace:
        value: batch
      container:
        app:
          image: { repo: ghcr.io/acme/worker, tag: "1.0" }
      pod:
        automountServiceAccountToken: false
    ` +
  specFields.replace(/^(?=.)/gm, "  ");

const SUCCESS_POLICY = yaml`
  completionMode: Indexed
  completions: 4
  backoffLimitPerIndex: 1
  successPolicy:
    rules:
      - succeededIndexes: "0"
`;

const HINT =
  "or deploy it as it is with the manifest engine (kubernetes_manifest, which sends the Job as the manifest says it): the annotation kubernetes-job-cdktf/engine: manifest (or --engine manifest for the run)";

describe("v1alpha1 on the typed engine", () => {
  test("a success policy is refused at spec.successPolicy, naming the manifest engine", async () => {
    const run = await runCli(["validate", "-"], job(SUCCESS_POLICY));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `<stdin>:16:3: error: spec.successPolicy: cannot be deployed on the typed engine: kubernetes_job_v1 (hashicorp/kubernetes 2.38.0) has no argument for a success policy: the Job would be declared succeeded only when all its completions succeed; ${HINT}\n`,
    );
  });

  test("the manifest engine takes it (--engine manifest, or the annotation)", async () => {
    expect((await runCli(["validate", "-", "--engine", "manifest"], job(SUCCESS_POLICY))).code).toBe(0);
    const annotated = job(SUCCESS_POLICY, "  annotations:\n    kubernetes-job-cdktf/engine: manifest\n");
    expect(await runCli(["validate", "-"], annotated)).toMatchObject({ code: 0, stderr: "" });
  });

  test("automountServiceAccountToken unset: a warning that the provider sends true (not an error), silent when it is said", async () => {
    const unset = job("").replace("  pod:\n    automountServiceAccountToken: false\n", "");
    expect(unset).not.toContain("automount");
    const run = await runCli(["validate", "-"], unset);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `<stdin>:5:1: warning[automount-token]: spec.pod.automountServiceAccountToken: is unset, and the provider's kubernetes_job_v1 resource sends true whenever it is unset: the service account's token is mounted into the pod even where the service account "default" says not to (automountServiceAccountToken: false); set it to true or false to say which; ${HINT}\n`,
    );
    expect(await runCli(["validate", "-", "--engine", "manifest"], unset)).toMatchObject({ code: 0, stderr: "" });
    expect(await runCli(["validate", "-"], job(""))).toMatchObject({ code: 0, stderr: "" });
  });

  test("completions 0 is refused at spec.completions", async () => {
    const run = await runCli(["validate", "-"], job("completions: 0\n"));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "error: spec.completions: is 0, which the provider's kubernetes_job_v1 resource cannot say: the provider sends completions only when it is above 0",
    );
  });

  test("an Indexed Job without backoffLimitPerIndex gets the first dialect's per-index limits, with a warning", async () => {
    const run = await runCli(["validate", "-"], job("completionMode: Indexed\ncompletions: 3\n"));
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'warning[indexed-limits]: spec.completionMode: is "Indexed" without backoffLimitPerIndex: the provider\'s kubernetes_job_v1 resource sends per-index limits with every Indexed Job (0 when unset: no retry), so the Job gets backoffLimitPerIndex: 6 and maxFailedIndexes: 3',
    );
  });

  test("hostNetwork, hostPid and scheduling.schedulerName reach the typed stack (host_network, host_pid, scheduler_name) and the manifest engine's", async () => {
    const pod = yaml`
      pod:
        hostNetwork: true
        hostPid: true
        dnsPolicy: ClusterFirstWithHostNet
        scheduling:
          schedulerName: batch-scheduler
    `;
    const manifest = job("").replace("  pod:\n", pod.replace(/^(?=.)/gm, "  "));
    for (const engine of ["typed", "manifest"]) {
      const out = join(tempDir(), "out");
      const run = await runCli(["synth", "-", "--engine", engine, "--out", out, "--quiet"], manifest);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      const stack = readFileSync(join(out, "stacks", "leader-workers", "cdk.tf.json"), "utf8");
      expect(stack).toContain(engine === "typed" ? '"host_network": true' : '"hostNetwork": true');
      expect(stack).toContain(engine === "typed" ? '"host_pid": true' : '"hostPID": true');
      expect(stack).toContain(
        engine === "typed" ? '"scheduler_name": "batch-scheduler"' : '"schedulerName": "batch-scheduler"',
      );
    }
  });
});
