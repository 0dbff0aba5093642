/**
 * The v1alpha1 KubernetesJob beyond Planton's spec_test.go: defaults (spec.proto options.default),
 * protojson's readings (both field spellings, integers as strings), and the Kubernetes API server's
 * Job rules (pkg/apis/batch/validation/validation.go), each with its message, field and position.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../support/paths";
import { at, atValue, errorsOf, MINIMAL_SPEC, plantonJob, plantonManifestOf, yaml } from "./planton-job";

const FULL_SURFACE = join(ROOT, "test", "fixtures", "v1alpha1", "full-surface.yaml");

const INDEXED = "completionMode: Indexed\ncompletions: 4\n";

describe("defaults and readings", () => {
  test("a minimal spec gets spec.proto's defaults; optional fields without one stay unset", () => {
    expect(plantonManifestOf(plantonJob())?.spec).toEqual({
      namespace: { value: "batch" },
      createNamespace: false,
      container: { app: { image: { repo: "ghcr.io/acme/migrator", tag: "v3.0.1" } } },
      parallelism: 1,
      completions: 1,
      completionMode: "NonIndexed",
      backoffLimit: 6,
      suspend: false,
      restartPolicy: "Never",
    });
  });

  test('"" for completionMode, restartPolicy and a condition status reads as the default, as Planton\'s modules read it', () => {
    const text = plantonJob(
      MINIMAL_SPEC +
        yaml`
          completionMode: ""
          restartPolicy: ""
          podFailurePolicy:
            rules:
              - action: Ignore
                onPodConditions:
                  - type: DisruptionTarget
                    status: ""
              - action: Count
                onExitCodes:
                  containerName: ""
                  operator: NotIn
                  values: [0]
        `,
    );
    const spec = plantonManifestOf(text)?.spec;
    expect(spec).toMatchObject({ completionMode: "NonIndexed", restartPolicy: "Never" });
    expect(spec?.podFailurePolicy?.rules).toEqual([
      { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
      { action: "Count", onExitCodes: { operator: "NotIn", values: [0] } },
    ]);
  });

  test("ttlSecondsAfterFinished: 0 is kept (delete at once), and integers may be written as strings", () => {
    const spec = plantonManifestOf(
      plantonJob(MINIMAL_SPEC + 'ttlSecondsAfterFinished: 0\nactiveDeadlineSeconds: "9223372036"\nparallelism: "2"\n'),
    )?.spec;
    expect(spec).toMatchObject({ ttlSecondsAfterFinished: 0, activeDeadlineSeconds: 9223372036, parallelism: 2 });
  });

  test("the full-surface fixture (camelCase and snake_case mixed) is valid and read under the JSON names", () => {
    const text = readFileSync(FULL_SURFACE, "utf8");
    expect(errorsOf(text)).toEqual([]);
    expect(plantonManifestOf(text)?.spec).toMatchObject({
      completionMode: "Indexed",
      backoffLimitPerIndex: 1,
      activeDeadlineSeconds: 7200,
      ttlSecondsAfterFinished: 0,
      podFailurePolicy: {
        rules: [
          { action: "FailJob" },
          { action: "FailIndex", onExitCodes: { containerName: "fetch-manifest", operator: "NotIn", values: [0] } },
          { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
          { action: "Count" },
        ],
      },
      successPolicy: { rules: [{ succeededIndexes: "0-3,8", succeededCount: 4 }, { succeededCount: 10 }] },
    });
  });

  test("a namespace reference defaults to a KubernetesNamespace's spec.name (spec.proto default_kind)", () => {
    const text = plantonJob(MINIMAL_SPEC.replace("value: batch", "valueFrom:\n    name: batch-namespace"));
    expect(plantonManifestOf(text)?.spec.namespace).toEqual({
      valueFrom: { kind: "KubernetesNamespace", name: "batch-namespace", fieldPath: "spec.name" },
    });
  });

  test("targetCluster and configMaps, removed upstream, are unknown fields", () => {
    const text = plantonJob(MINIMAL_SPEC + "configMaps: {}\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "configMaps")} spec.configMaps: unknown field "configMaps"; allowed fields: namespace, createNamespace, container, pod, parallelism, completions, completionMode, backoffLimit, backoffLimitPerIndex, maxFailedIndexes, activeDeadlineSeconds, ttlSecondsAfterFinished, suspend, restartPolicy, podFailurePolicy, successPolicy`,
    ]);
  });
});

describe("integer types and bounds", () => {
  test.each([
    [
      "parallelism: 2147483648",
      "spec.parallelism: 2147483648 is too large; the maximum is 2147483647 (the largest int32)",
    ],
    ["backoffLimitPerIndex: -1", "spec.backoffLimitPerIndex: -1 is too small; the minimum is 0"],
    [
      "maxFailedIndexes: 4294967295",
      "spec.maxFailedIndexes: 4294967295 is too large; the maximum is 2147483647 (Kubernetes stores it as a 32-bit signed integer)",
    ],
    [
      'activeDeadlineSeconds: "9223372037"',
      "spec.activeDeadlineSeconds: 9223372037 is too large; the maximum is 9223372036 (the Job controller turns it into a Go time.Duration (nanoseconds in a signed 64-bit integer), which would overflow)",
    ],
    ["completions: 1.5", "spec.completions: must be a whole number from 0 to 2147483647 (int32), got 1.5"],
    ['backoffLimit: "six"', 'spec.backoffLimit: must be a whole number from 0 to 2147483647 (int32), got string "six"'],
  ])("%s", (line, message) => {
    const text = plantonJob(MINIMAL_SPEC + line + "\n");
    expect(errorsOf(text)).toEqual([`${at(text, line.split(": ")[1] + "\n")} ${message}`]);
  });
});

describe("the API server's Job rules", () => {
  test("backoffLimitPerIndex and maxFailedIndexes only with completionMode Indexed", () => {
    const text = plantonJob(MINIMAL_SPEC + "backoffLimitPerIndex: 2\nmaxFailedIndexes: 1\n");
    expect(errorsOf(text)).toEqual([
      `${atValue(text, "backoffLimitPerIndex")} spec.backoffLimitPerIndex: 2 is only allowed with completionMode Indexed (completionMode is NonIndexed); remove it or set completionMode: Indexed`,
      `${atValue(text, "maxFailedIndexes")} spec.maxFailedIndexes: 1 is only allowed with completionMode Indexed (completionMode is NonIndexed); remove it or set completionMode: Indexed`,
    ]);
  });

  test("maxFailedIndexes needs backoffLimitPerIndex", () => {
    const text = plantonJob(MINIMAL_SPEC + INDEXED + "maxFailedIndexes: 1\n");
    expect(errorsOf(text)).toEqual([
      `${atValue(text, "maxFailedIndexes")} spec.maxFailedIndexes: 1 needs backoffLimitPerIndex: an index fails only when it has used its own retries, so set backoffLimitPerIndex too`,
    ]);
  });

  test("maxFailedIndexes at most completions", () => {
    const text = plantonJob(MINIMAL_SPEC + INDEXED + "backoffLimitPerIndex: 1\nmaxFailedIndexes: 5\n");
    expect(errorsOf(text)).toEqual([
      `${atValue(text, "maxFailedIndexes")} spec.maxFailedIndexes: 5 is more than completions (4); at most every index can fail`,
    ]);
  });

  test("above 100000 completions with backoffLimitPerIndex: maxFailedIndexes required, parallelism at most 10000", () => {
    const text = plantonJob(
      MINIMAL_SPEC + "completionMode: Indexed\ncompletions: 100001\nparallelism: 10001\nbackoffLimitPerIndex: 1\n",
    );
    const why = "with backoffLimitPerIndex and more than 100000 completions (100001)";
    expect(errorsOf(text)).toEqual([
      `${at(text, "spec:")} spec.maxFailedIndexes: is required ${why}; at most 10000`,
      `${at(text, "10001")} spec.parallelism: 10001 is more than 10000, the most allowed ${why}`,
    ]);
  });

  test("an Indexed Job's parallelism at most 100000", () => {
    const text = plantonJob(MINIMAL_SPEC + INDEXED + "parallelism: 100001\n");
    expect(errorsOf(text)).toEqual([
      `${at(text, "100001")} spec.parallelism: 100001 is more than 100000, the most an Indexed Job allows`,
    ]);
  });

  test("an Indexed Job's largest pod hostname <name>-<completions - 1> is a DNS-1123 label", () => {
    const name = "report-" + "x".repeat(54);
    const text = plantonJob(MINIMAL_SPEC + "completionMode: Indexed\ncompletions: 11\n", name);
    expect(errorsOf(text)).toEqual([
      `${at(text, name)} metadata.name: "${name}" is too long for an Indexed Job with 11 completions: pods get the hostname <name>-<index>, which for index 10 has 64 characters, more than 63; use a name of at most 60 characters`,
    ]);
    expect(errorsOf(plantonJob(MINIMAL_SPEC + "completionMode: Indexed\ncompletions: 10\n", name))).toEqual([]);
  });

  test("podFailurePolicy needs restartPolicy Never", () => {
    const text = plantonJob(
      MINIMAL_SPEC +
        "restartPolicy: OnFailure\npodFailurePolicy:\n  rules:\n    - action: FailJob\n      onExitCodes: {operator: In, values: [42]}\n",
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, "OnFailure")} spec.restartPolicy: "OnFailure" is not allowed with podFailurePolicy, which needs Never: a container restarted in place never fails its pod, so no rule could match`,
    ]);
  });

  test("FailIndex needs backoffLimitPerIndex; exit codes: no 0 with In, no duplicates, in increasing order", () => {
    const text = plantonJob(
      MINIMAL_SPEC +
        INDEXED +
        "podFailurePolicy:\n  rules:\n    - action: FailIndex\n      onExitCodes: {operator: In, values: [3, 1, 0, 3]}\n",
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, "FailIndex")} spec.podFailurePolicy.rules[0].action: "FailIndex" needs backoffLimitPerIndex (and completionMode Indexed): it fails one index, which exists only with per-index retries`,
      `${at(text, "values: [3, 1")} spec.podFailurePolicy.rules[0].onExitCodes.values: [3,1,0,3] must be in increasing order, as Kubernetes requires; write [0,1,3]`,
      `${at(text, "0, 3]")} spec.podFailurePolicy.rules[0].onExitCodes.values[2]: 0 is not allowed with operator In: exit code 0 is success, which never counts as a failure`,
      `${at(text, "3]")} spec.podFailurePolicy.rules[0].onExitCodes.values[3]: 3 is listed twice; each exit code may appear once`,
    ]);
  });

  test("at most 255 exit codes, 20 rules and 20 condition patterns", () => {
    const codes = Array.from({ length: 256 }, (_, index) => index + 1).join(", ");
    const patterns = Array.from({ length: 21 }, (_, index) => `{type: Condition${index}}`).join(", ");
    const rule = "    - action: Ignore\n      onPodConditions: [{type: DisruptionTarget}]\n";
    const text = plantonJob(
      MINIMAL_SPEC +
        "podFailurePolicy:\n  rules:\n" +
        `    - action: Count\n      onExitCodes: {operator: In, values: [${codes}]}\n` +
        `    - action: Ignore\n      onPodConditions: [${patterns}]\n` +
        rule.repeat(19),
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, "rules:\n")} spec.podFailurePolicy.rules: has 21 rules; Kubernetes allows at most 20`,
      `${at(text, "values: [1, 2")} spec.podFailurePolicy.rules[0].onExitCodes.values: has 256 exit codes; Kubernetes allows at most 255`,
      `${at(text, "onPodConditions: [{type: Condition0")} spec.podFailurePolicy.rules[1].onPodConditions: has 21 patterns; Kubernetes allows at most 20`,
    ]);
  });

  test("onExitCodes.containerName names a container of the pod: app, sidecar or init container", () => {
    const spec = yaml`
      namespace:
        value: batch
      container:
        app:
          image: {repo: ghcr.io/acme/migrator, tag: v3.0.1}
        sidecars:
          - name: shipper
            image: {repo: busybox, tag: "1.36"}
      pod:
        initContainers:
          - name: prepare
            image: {repo: busybox, tag: "1.36"}
      podFailurePolicy:
        rules:
          - action: FailJob
            onExitCodes: {containerName: app, operator: In, values: [1]}
          - action: FailJob
            onExitCodes: {containerName: prepare, operator: In, values: [1]}
          - action: FailJob
            onExitCodes: {containerName: worker, operator: In, values: [1]}
    `;
    const text = plantonJob(spec);
    expect(errorsOf(text)).toEqual([
      `${at(text, "worker")} spec.podFailurePolicy.rules[2].onExitCodes.containerName: "worker" is not a container of the pod; allowed: app, shipper, prepare (or leave it empty for any container)`,
    ]);
  });

  test("onPodConditions type is a qualified name", () => {
    const text = plantonJob(
      MINIMAL_SPEC + 'podFailurePolicy:\n  rules:\n    - action: Ignore\n      onPodConditions: [{type: "bad type"}]\n',
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, '"bad type"')} spec.podFailurePolicy.rules[0].onPodConditions[0].type: "bad type" must be a qualified name: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, with an optional DNS subdomain prefix and '/' (e.g. example.com/my-name)`,
    ]);
  });

  test("successPolicy: indexes within completions, in increasing order; succeededCount within completions and the indexes", () => {
    const text = plantonJob(
      MINIMAL_SPEC +
        INDEXED +
        yaml`
          successPolicy:
            rules:
              - {succeededIndexes: "0-2,4"}
              - {succeededIndexes: "2,1"}
              - {succeededIndexes: "0-1", succeededCount: 3}
              - {succeededCount: 5}
              - {succeededIndexes: "3-1"}
              - {succeededIndexes: "0-3", succeededCount: 4}
        `,
    );
    expect(errorsOf(text)).toEqual([
      `${at(text, '"0-2,4"')} spec.successPolicy.rules[0].succeededIndexes: "0-2,4" lists index 4, but indexes go from 0 to 3 (completions is 4)`,
      `${at(text, '"2,1"')} spec.successPolicy.rules[1].succeededIndexes: "2,1" must list indexes in increasing order without overlap (1 comes after 2)`,
      `${at(text, "3}")} spec.successPolicy.rules[2].succeededCount: 3 is more than the 2 indexes succeededIndexes lists; the rule could never be met`,
      `${at(text, "5}")} spec.successPolicy.rules[3].succeededCount: 5 is more than completions (4); the Job could never reach it`,
      `${at(text, '"3-1"')} spec.successPolicy.rules[4].succeededIndexes: "3-1" has the range "3-1", which does not increase; write a range as low-high`,
    ]);
  });

  test("container names are unique across app, sidecars and init containers; sidecars and init containers are named", () => {
    const spec = yaml`
      namespace:
        value: batch
      container:
        app:
          image: {repo: ghcr.io/acme/migrator, tag: v3.0.1}
        sidecars:
          - name: app
            image: {repo: busybox, tag: "1.36"}
          - image: {repo: busybox, tag: "1.37"}
      pod:
        initContainers:
          - name: app
            image: {repo: busybox, tag: "1.38"}
          - image: {repo: busybox, tag: "1.39"}
    `;
    const text = plantonJob(spec);
    const app =
      'is already the name of the app container (named "app" when it has no name); container names must be unique in a pod';
    expect(errorsOf(text)).toEqual([
      `${nameAbove(text, '"1.36"')} spec.container.sidecars[0].name: "app" ${app}`,
      `${at(text, 'image: {repo: busybox, tag: "1.37"}')} spec.container.sidecars[1].name: is required: every sidecar needs a name (a DNS-1123 label, unique in the pod)`,
      `${nameAbove(text, '"1.38"')} spec.pod.initContainers[0].name: "app" ${app}`,
      `${at(text, 'image: {repo: busybox, tag: "1.39"}')} spec.pod.initContainers[1].name: is required: every init container needs a name (a DNS-1123 label, unique in the pod)`,
    ]);
  });

  test("containers sharing a volume give it one source (the pod's volumes are the union of all mounts)", () => {
    const spec = yaml`
      namespace:
        value: batch
      container:
        app:
          name: worker
          image: {repo: ghcr.io/acme/migrator, tag: v3.0.1}
          volumeMounts:
            - {name: work, mountPath: /work, emptyDir: {}}
        sidecars:
          - name: shipper
            image: {repo: busybox, tag: "1.36"}
            volumeMounts:
              - {name: work, mountPath: /work, hostPath: {path: /tmp}}
    `;
    const text = plantonJob(spec);
    expect(errorsOf(text)).toEqual([
      `${at(text, "{name: work, mountPath: /work, hostPath")} spec.container.sidecars[0].volumeMounts[0]: mounts volume "work" with a different source than spec.container.app.volumeMounts[0]; containers sharing a volume give the same source (or none)`,
    ]);
  });
});

/** `line:column` of the name on the line above the one holding `snippet` (`- name: x` then `image: ...`). */
function nameAbove(text: string, snippet: string): string {
  const lines = text.split("\n");
  const below = lines.findIndex((line) => line.includes(snippet));
  const line = lines[below - 1];
  return `${below}:${line.indexOf("name: ") + "name: ".length + 1}`;
}

describe("secrets", () => {
  test("a malformed env secret value is not shown in the message; its name and secretRef are", () => {
    const spec = yaml`
      namespace:
        value: batch
      container:
        app:
          image: {repo: ghcr.io/acme/migrator, tag: v3.0.1}
          env:
            secrets:
              - name: API_TOKEN
                value: 4242424242
              - name: DB_PASSWORD
                secretRef: {name: Bad_Name, key: password}
    `;
    const text = plantonJob(spec);
    const found = errorsOf(text);
    expect(found).toHaveLength(2);
    expect(found[0]).toBe(
      `${at(text, "4242424242")} spec.container.app.env.secrets[0].value: must be a string (the value is not shown: it may be a secret); quote it in YAML`,
    );
    expect(found[1]).toContain('spec.container.app.env.secrets[1].secretRef.name: "Bad_Name"');
    expect(found.join("\n")).not.toContain("4242424242");
  });
});

describe("kind", () => {
  test("another kind under the v1alpha1 apiVersion is reported at kind, without a list of fields", () => {
    const text = plantonJob().replace("kind: KubernetesJob", "kind: KubernetesSecret");
    expect(errorsOf(text)).toEqual([
      `${at(text, "KubernetesSecret")} kind: "KubernetesSecret" is not supported: expected KubernetesJob (apiVersion kubernetes.planton.dev/v1alpha1)`,
    ]);
  });

  test("a misspelt kind is reported, and the rest is checked as a KubernetesJob", () => {
    const text = plantonJob(MINIMAL_SPEC + "parallelism: -1\n").replace("kind: KubernetesJob", "kind: KubernetesJobs");
    expect(errorsOf(text)).toEqual([
      `${at(text, "KubernetesJobs")} kind: "KubernetesJobs" is not supported: expected KubernetesJob (apiVersion kubernetes.planton.dev/v1alpha1); did you mean "KubernetesJob"?`,
      `${at(text, "-1")} spec.parallelism: -1 is too small; the minimum is 0`,
    ]);
  });
});
