/**
 * Planton's own tests of the v1alpha1 KubernetesJobSpec (plantonhq/openmcf @ 00d3b551,
 * apis/dev/planton/provider/kubernetes/kubernetesjob/v1alpha1/spec_test.go, Describe
 * "KubernetesJobSpec validations"), each written here as a manifest of our own: the same
 * valid/invalid outcome, and the error at the field the case is about. Each test is named after
 * the upstream `It` it comes from:
 *
 * Context "When valid specs are provided":
 *   1. accepts a minimal spec with namespace and app container
 *   2. accepts a full-featured indexed batch job with policies, sidecars, and scheduling
 *   3. accepts the OnFailure restart policy
 *   4. accepts the NonIndexed completion mode
 *   5. accepts a pod failure policy rule with the NotIn exit-code operator
 *   6. accepts a success policy rule with only a succeeded count (*)
 *   7. accepts a success policy rule with only a single succeeded index (*)
 *   8. accepts a suspended job
 * Context "When invalid specs are provided":
 *   9-31. rejects ... (one test each, in the upstream order; names below)
 *
 * (*) protovalidate checks the spec message alone, with completion_mode unset. This tool also
 * applies the API server's rules, and Kubernetes rejects a successPolicy unless completionMode is
 * Indexed (pkg/apis/batch/validation/validation.go, validateJobSpec); so these two manifests say
 * completionMode: Indexed, and the last test shows the rule that makes it necessary.
 */
import { at, errorsOf, MINIMAL_SPEC, plantonJob, plantonManifestOf, yaml } from "./planton-job";

const APP = yaml`
  container:
    app:
      image:
        repo: ghcr.io/acme/migrator
        tag: v3.0.1
`;
const NAMESPACE = "namespace:\n  value: batch\n";

function expectValid(text: string) {
  expect(errorsOf(text)).toEqual([]);
  const manifest = plantonManifestOf(text);
  expect(manifest).toBeDefined();
  return manifest;
}

describe("spec_test.go: When valid specs are provided", () => {
  test("accepts a minimal spec with namespace and app container", () => {
    expectValid(plantonJob(MINIMAL_SPEC));
  });

  test("accepts a full-featured indexed batch job with policies, sidecars, and scheduling", () => {
    const manifest = expectValid(
      plantonJob(yaml`
        namespace:
          value: batch
        createNamespace: true
        container:
          app:
            name: worker
            image:
              repo: ghcr.io/acme/migrator
              tag: v3.0.1
          sidecars:
            - name: log-shipper
              image:
                repo: ghcr.io/acme/fluent-bit
                tag: 2.2.0
        pod:
          serviceAccount:
            value: batch-identity
          scheduling:
            nodeSelector:
              workload-tier: batch
        parallelism: 4
        completions: 8
        completionMode: Indexed
        backoffLimit: 3
        backoffLimitPerIndex: 2
        maxFailedIndexes: 1
        activeDeadlineSeconds: 3600
        ttlSecondsAfterFinished: 86400
        restartPolicy: Never
        podFailurePolicy:
          rules:
            - action: FailJob
              onExitCodes:
                containerName: worker
                operator: In
                values: [42]
            - action: Ignore
              onPodConditions:
                - type: DisruptionTarget
                  status: "True"
        successPolicy:
          rules:
            - succeededIndexes: 0-2,4
              succeededCount: 3
      `),
    );
    expect(manifest?.spec).toMatchObject({ completionMode: "Indexed", backoffLimitPerIndex: 2, maxFailedIndexes: 1 });
  });

  test("accepts the OnFailure restart policy", () => {
    expect(expectValid(plantonJob(MINIMAL_SPEC + "restartPolicy: OnFailure\n"))?.spec).toMatchObject({
      restartPolicy: "OnFailure",
    });
  });

  test("accepts the NonIndexed completion mode", () => {
    expectValid(plantonJob(MINIMAL_SPEC + "completionMode: NonIndexed\n"));
  });

  test("accepts a pod failure policy rule with the NotIn exit-code operator", () => {
    expectValid(
      plantonJob(
        MINIMAL_SPEC +
          yaml`
            podFailurePolicy:
              rules:
                - action: Count
                  onExitCodes:
                    operator: NotIn
                    values: [143]
          `,
      ),
    );
  });

  test("accepts a success policy rule with only a succeeded count (with completionMode Indexed: see the top)", () => {
    expectValid(
      plantonJob(MINIMAL_SPEC + "completionMode: Indexed\nsuccessPolicy:\n  rules:\n    - succeededCount: 1\n"),
    );
  });

  test("accepts a success policy rule with only a single succeeded index (with completionMode Indexed: see the top)", () => {
    expectValid(
      plantonJob(MINIMAL_SPEC + 'completionMode: Indexed\nsuccessPolicy:\n  rules:\n    - succeededIndexes: "0"\n'),
    );
  });

  test("accepts a suspended job", () => {
    expect(expectValid(plantonJob(MINIMAL_SPEC + "suspend: true\n"))?.spec.suspend).toBe(true);
  });
});

describe("spec_test.go: When invalid specs are provided", () => {
  test("rejects a spec without a namespace", () => {
    const text = plantonJob(APP);
    expect(errorsOf(text)).toEqual([`${at(text, "spec:")} spec.namespace: is required`]);
  });

  test("rejects a spec without a container", () => {
    const text = plantonJob(NAMESPACE);
    expect(errorsOf(text)).toEqual([`${at(text, "spec:")} spec.container: is required`]);
  });

  test("rejects a container group without an app container", () => {
    const text = plantonJob(NAMESPACE + "container: {}\n");
    expect(errorsOf(text)).toEqual([`${at(text, "container: {}")} spec.container.app: is required`]);
  });

  test("rejects an app image without a repo", () => {
    const text = plantonJob(NAMESPACE + "container:\n  app:\n    image:\n      tag: v3.0.1\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "image:")} spec.container.app.image.repo: is required: the image repository (e.g. "busybox" or "ghcr.io/acme/api")`,
    ]);
  });

  test("rejects an unnamed sidecar", () => {
    const text = plantonJob(MINIMAL_SPEC + '  sidecars:\n    - image:\n        repo: busybox\n        tag: "1.36"\n');
    expect(errorsOf(text)).toEqual([
      `${at(text, "image:\n          repo: busybox")} spec.container.sidecars[0].name: is required: every sidecar needs a name (a DNS-1123 label, unique in the pod)`,
    ]);
  });

  test("rejects an unknown completion mode", () => {
    const text = plantonJob(MINIMAL_SPEC + "completionMode: Partitioned\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "Partitioned")} spec.completionMode: "Partitioned" is not allowed; allowed: NonIndexed, Indexed`,
    ]);
  });

  test("rejects the Always restart policy", () => {
    const text = plantonJob(MINIMAL_SPEC + "restartPolicy: Always\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "Always")} spec.restartPolicy: "Always" is not allowed; allowed: Never, OnFailure (Always would restart completed containers, so the Job could never finish)`,
    ]);
  });

  test("rejects a negative parallelism", () => {
    const text = plantonJob(MINIMAL_SPEC + "parallelism: -1\n");
    expect(errorsOf(text)).toEqual([`${at(text, "-1")} spec.parallelism: -1 is too small; the minimum is 0`]);
  });

  test("rejects a negative backoff limit", () => {
    const text = plantonJob(MINIMAL_SPEC + "backoffLimit: -1\n");
    expect(errorsOf(text)).toEqual([`${at(text, "-1")} spec.backoffLimit: -1 is too small; the minimum is 0`]);
  });

  test("rejects an active deadline below 1 second", () => {
    const text = plantonJob(MINIMAL_SPEC + "activeDeadlineSeconds: 0\n");
    expect(errorsOf(text)).toEqual([`${at(text, "0\n")} spec.activeDeadlineSeconds: 0 is too small; the minimum is 1`]);
  });

  test("rejects a negative ttl_seconds_after_finished", () => {
    const text = plantonJob(MINIMAL_SPEC + "ttl_seconds_after_finished: -1\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "-1")} spec.ttlSecondsAfterFinished: -1 is too small; the minimum is 0`,
    ]);
  });

  test("rejects a pod failure policy with no rules", () => {
    const text = plantonJob(MINIMAL_SPEC + "podFailurePolicy: {}\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "podFailurePolicy")} spec.podFailurePolicy.rules: is required: at least one rule {action, onExitCodes | onPodConditions}`,
    ]);
  });

  const podFailurePolicy = (rule: string) => plantonJob(MINIMAL_SPEC + "podFailurePolicy:\n  rules:\n" + rule);

  test("rejects a pod failure policy rule with an unknown action", () => {
    const text = podFailurePolicy(
      "    - action: Retry\n      onExitCodes:\n        operator: In\n        values: [42]\n",
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, "Retry")} spec.podFailurePolicy.rules[0].action: "Retry" is not allowed; allowed: FailJob, Ignore, Count, FailIndex`,
    ]);
  });

  test("rejects a pod failure policy rule with no trigger", () => {
    const text = podFailurePolicy("    - action: FailJob\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "action")} spec.podFailurePolicy.rules[0]: needs a trigger: onExitCodes {operator, values} or onPodConditions [{type, status}]`,
    ]);
  });

  test("rejects a pod failure policy rule with both triggers set", () => {
    const text = podFailurePolicy(
      "    - action: FailJob\n      onExitCodes:\n        operator: In\n        values: [42]\n      onPodConditions:\n        - type: DisruptionTarget\n",
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, "action")} spec.podFailurePolicy.rules[0]: has both onExitCodes and onPodConditions; a rule takes exactly one trigger (write two rules)`,
    ]);
  });

  test("rejects an on_exit_codes trigger with an unknown operator", () => {
    const text = podFailurePolicy(
      "    - action: FailJob\n      on_exit_codes:\n        operator: Equals\n        values: [42]\n",
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, "Equals")} spec.podFailurePolicy.rules[0].onExitCodes.operator: "Equals" is not allowed; allowed: In, NotIn`,
    ]);
  });

  test("rejects an on_exit_codes trigger with no values", () => {
    const text = podFailurePolicy("    - action: FailJob\n      onExitCodes:\n        operator: In\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "onExitCodes")} spec.podFailurePolicy.rules[0].onExitCodes.values: is required: at least one exit code`,
    ]);
  });

  test("rejects an on_pod_conditions pattern with an unknown status", () => {
    const text = podFailurePolicy(
      "    - action: Ignore\n      on_pod_conditions:\n        - type: DisruptionTarget\n          status: Maybe\n",
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, "Maybe")} spec.podFailurePolicy.rules[0].onPodConditions[0].status: "Maybe" is not allowed; allowed: True, False, Unknown`,
    ]);
  });

  test("rejects an on_pod_conditions pattern without a type", () => {
    const text = podFailurePolicy('    - action: Ignore\n      onPodConditions:\n        - status: "True"\n');
    expect(errorsOf(text)).toEqual([
      `${at(text, "status")} spec.podFailurePolicy.rules[0].onPodConditions[0].type: is required`,
    ]);
  });

  test("rejects a success policy with no rules", () => {
    const text = plantonJob(MINIMAL_SPEC + "successPolicy:\n  rules: []\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "rules: []")} spec.successPolicy.rules: is empty; give at least one rule {succeededIndexes, succeededCount}`,
    ]);
  });

  test("rejects a success policy rule with neither criterion", () => {
    const text = plantonJob(MINIMAL_SPEC + "successPolicy:\n  rules:\n    - {}\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "{}")} spec.successPolicy.rules[0]: needs succeededIndexes (such as "0" or "0-2,4"), succeededCount (1 or more), or both`,
    ]);
  });

  test("rejects malformed succeeded_indexes", () => {
    const text = plantonJob(MINIMAL_SPEC + 'successPolicy:\n  rules:\n    - succeeded_indexes: "0-2,"\n');
    expect(errorsOf(text)).toEqual([
      `${at(text, '"0-2,"')} spec.successPolicy.rules[0].succeededIndexes: "0-2," is not a list of indexes: comma-separated indexes or ranges such as "0", "0-2,4"`,
    ]);
  });

  test("rejects a succeeded count below 1", () => {
    const text = plantonJob(MINIMAL_SPEC + "successPolicy:\n  rules:\n    - succeededCount: 0\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "0\n")} spec.successPolicy.rules[0].succeededCount: 0 is too small; the minimum is 1`,
    ]);
  });
});

describe("where this tool is stricter than spec_test.go (the API server's rules)", () => {
  test("a success policy needs completionMode Indexed (why cases 6 and 7 above set it)", () => {
    const text = plantonJob(MINIMAL_SPEC + "successPolicy:\n  rules:\n    - succeededCount: 1\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "successPolicy")} spec.successPolicy: is only allowed with completionMode Indexed (completionMode is NonIndexed): its rules name indexes`,
    ]);
  });
});
