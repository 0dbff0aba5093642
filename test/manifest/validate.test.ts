/**
 * Cross-field rules (lib/validate.ts): what the API server or the kubelet would reject at apply
 * time, and warnings for likely mistakes. Each rule has a passing and a failing case; failures
 * are checked for message, path and position.
 */
import { formatPath } from "../../lib/diagnostics";
import { manifestSchema } from "../../lib/manifest/schema";
import { validateManifest } from "../../lib/manifest/validate";
import { BASE_SPEC, check, described, errors, firstDialect, job, positionOf, warnings } from "../helpers";

const withSpec = (extra: string) => job(BASE_SPEC + extra);
const withNamespace = (namespace: string, extra = "") =>
  job(`namespace:\n  value: ${namespace}\nimage:\n  repo: busybox\n  tag: "1.36"\n${extra}`);

/** The one error of a text, checked for its path, message and position. */
function expectOnlyError(text: string, path: string, message: string, at: string) {
  const result = check(text);
  expect(described(errors(result))).toEqual([`${path}: ${message}`]);
  expect(result.manifest).toBeUndefined();
  const [diagnostic] = errors(result);
  expect({ line: diagnostic.line, column: diagnostic.column }).toEqual(positionOf(text, at));
}

function expectNoErrors(text: string) {
  const result = check(text);
  expect(described(errors(result))).toEqual([]);
  expect(result.manifest).toBeDefined();
}

describe("requests at most limits", () => {
  test("passes when a request equals its limit in another spelling (1 == 1000m)", () => {
    expectNoErrors(withSpec("resources:\n  limits: { cpu: 1000m }\n  requests: { cpu: 1 }\n"));
  });

  test("fails when requests.cpu is more than the default limit", () => {
    expectOnlyError(
      withSpec("resources:\n  requests:\n    cpu: 1500m\n"),
      "spec.resources.requests.cpu",
      '"1500m" is more than the limit "1000m"; a request must be at most its limit (unset fields take the defaults: limits cpu 1000m, memory 1Gi)',
      "1500m",
    );
  });

  test("fails when requests.memory 1Gi is more than limits.memory 1G (binary vs decimal)", () => {
    expectOnlyError(
      withSpec("resources:\n  limits: { memory: 1G }\n  requests: { memory: 1Gi }\n"),
      "spec.resources.requests.memory",
      '"1Gi" is more than the limit "1G"; a request must be at most its limit (unset fields take the defaults: limits cpu 1000m, memory 1Gi)',
      "1Gi",
    );
  });

  test("passes when a raised request comes with a raised limit", () => {
    expectNoErrors(withSpec("resources:\n  limits: { memory: 4Gi }\n  requests: { memory: 2Gi }\n"));
  });
});

describe("env names", () => {
  test("fails when a name is both a variable and a secret", () => {
    const text = withSpec(
      "env:\n  variables:\n    DB_HOST: { value: db }\n  secrets:\n    DB_HOST:\n      secretRef: { name: db, key: host }\n",
    );
    const result = check(text);
    expect(described(errors(result))).toEqual([
      'spec.env.secrets.DB_HOST: "DB_HOST" is also defined in spec.env.variables; an env variable can have only one value',
    ]);
    expect(errors(result)[0]).toMatchObject(positionOf(text, "DB_HOST:\n"));
  });

  test("passes when variables and secrets have different names", () => {
    expectNoErrors(
      withSpec(
        "env:\n  variables:\n    DB_HOST: { value: db }\n  secrets:\n    DB_PASS: { secretRef: { name: db, key: pass } }\n",
      ),
    );
  });

  test.each([
    ["variables", "HOSTNAME", "HOSTNAME: { value: worker }"],
    ["secrets", "K8S_POD_ID", "K8S_POD_ID: { secretRef: { name: ids, key: pod } }"],
  ])("warns, without failing, when %s set %s, which the component sets itself", (group, name, entry) => {
    const text = withSpec(`env:\n  ${group}:\n    ${entry}\n`);
    const result = check(text);
    expect(result.manifest).toBeDefined();
    expect(described(warnings(result))).toEqual([
      `spec.env.${group}.${name}: "${name}" replaces the value the component sets (HOSTNAME, K8S_POD_ID are set for every pod)`,
    ]);
    expect(warnings(result)[0]).toMatchObject(positionOf(text, `${name}:`));
  });
});

describe("secretRef namespace", () => {
  const secretIn = (namespace: string) =>
    `env:\n  secrets:\n    DB_PASS:\n      secretRef: { name: db, key: pass, namespace: ${namespace} }\n`;

  test("fails when a secretRef names another namespace than the Job's", () => {
    expectOnlyError(
      withNamespace("reports", secretIn("billing")),
      "spec.env.secrets.DB_PASS.secretRef.namespace",
      '"billing" is not the Job\'s namespace "reports"; a pod can only read Secrets of its own namespace',
      "billing",
    );
  });

  test("passes when a secretRef names the Job's namespace", () => {
    expectNoErrors(withNamespace("reports", secretIn("reports")));
  });

  test("passes when the Job's namespace comes from valueFrom (known only at deploy time)", () => {
    expectNoErrors(
      job(
        `namespace:\n  valueFrom: { name: reports-ns }\nimage: { repo: busybox, tag: "1.36" }\n${secretIn("billing")}`,
      ),
    );
  });
});

describe("Indexed completion mode", () => {
  test("fails when completionMode is Indexed without completions (0 means unset)", () => {
    expectOnlyError(
      withSpec("completionMode: Indexed\ncompletions: 0\n"),
      "spec.completions",
      "is required when completionMode is Indexed (it is the number of indexes); 0 means unset",
      "0\n",
    );
  });

  test("fails when completionMode is Indexed with more than 100000 completions", () => {
    expectOnlyError(
      withSpec("completionMode: Indexed\ncompletions: 100001\n"),
      "spec.completions",
      "100001 is more than 100000, the most an Indexed Job allows",
      "100001",
    );
  });

  test("fails when completionMode is Indexed with parallelism above 100000", () => {
    expectOnlyError(
      withSpec("completionMode: Indexed\ncompletions: 10\nparallelism: 100001\n"),
      "spec.parallelism",
      "100001 is more than 100000, the most an Indexed Job allows",
      "100001",
    );
  });

  test("passes at the limits of an Indexed Job", () => {
    expectNoErrors(withSpec("completionMode: Indexed\ncompletions: 100000\nparallelism: 100000\n"));
  });

  test("passes when completionMode is Indexed and completions is left to its default 1", () => {
    expectNoErrors(withSpec("completionMode: Indexed\n"));
  });

  test("does not limit completions of a NonIndexed Job", () => {
    expectNoErrors(withSpec("completions: 200000\nparallelism: 200000\n"));
  });
});

describe("createNamespace", () => {
  test.each(["default", "kube-system", "kube-public", "kube-node-lease"])(
    "fails when createNamespace is true for the system namespace %s",
    (namespace) => {
      expectOnlyError(
        withNamespace(namespace, "createNamespace: true\n"),
        "spec.createNamespace",
        `is true, but namespace "${namespace}" exists in every cluster, so creating it fails at apply time; set createNamespace: false`,
        "true",
      );
    },
  );

  test("passes when createNamespace is true for the Job's own namespace", () => {
    expectNoErrors(withNamespace("reports", "createNamespace: true\n"));
  });

  test("passes when the Job runs in the default namespace without creating it", () => {
    expectNoErrors(withNamespace("default"));
  });
});

describe("volumes", () => {
  test("fails when two volumes have the same name", () => {
    expectOnlyError(
      withSpec(
        "volumeMounts:\n  - { name: data, mountPath: /a, emptyDir: {} }\n  - { name: data, mountPath: /b, emptyDir: {} }\n",
      ),
      "spec.volumeMounts[1].name",
      '"data" is already the name of spec.volumeMounts[0]; volume names must be unique',
      "data, mountPath: /b",
    );
  });

  test("fails when two volumes have the same mount path", () => {
    expectOnlyError(
      withSpec(
        "volumeMounts:\n  - { name: a, mountPath: /data, emptyDir: {} }\n  - { name: b, mountPath: /data, pvc: { claimName: c } }\n",
      ),
      "spec.volumeMounts[1].mountPath",
      '"/data" is already used by spec.volumeMounts[0]; mount paths must be unique',
      "/data, pvc",
    );
  });

  test("passes when names and mount paths are unique", () => {
    expectNoErrors(
      withSpec(
        "volumeMounts:\n  - { name: a, mountPath: /a, emptyDir: {} }\n  - { name: b, mountPath: /b, emptyDir: {} }\n",
      ),
    );
  });

  test("fails when a volume mounts a key that a ConfigMap from spec.configMaps does not have", () => {
    expectOnlyError(
      withSpec(
        "configMaps:\n  report-scripts: echo hi\nvolumeMounts:\n  - name: scripts\n    mountPath: /scripts\n    configMap: { name: report-scripts, key: run.sh }\n",
      ),
      "spec.volumeMounts[0].configMap.key",
      '"run.sh" is not a key of ConfigMap "report-scripts" (created from spec.configMaps, whose only key is "report-scripts"); the pod would never start',
      "run.sh",
    );
  });

  test("passes when a volume mounts the only key of a ConfigMap from spec.configMaps", () => {
    expectNoErrors(
      withSpec(
        "configMaps:\n  report-scripts: echo hi\nvolumeMounts:\n  - name: scripts\n    mountPath: /scripts\n    configMap: { name: report-scripts, key: report-scripts, path: run.sh }\n",
      ),
    );
  });

  test("passes when a volume mounts any key of a ConfigMap the manifest does not create", () => {
    expectNoErrors(
      withSpec(
        "volumeMounts:\n  - name: scripts\n    mountPath: /scripts\n    configMap: { name: shared-scripts, key: run.sh }\n",
      ),
    );
  });

  test.each(["configMap", "secret"])("warns, without failing, when a %s volume has a path without a key", (source) => {
    const text = withSpec(
      `volumeMounts:\n  - name: v\n    mountPath: /v\n    ${source}: { name: x, path: file.txt }\n`,
    );
    const result = check(text);
    expect(result.manifest).toBeDefined();
    expect(described(warnings(result))).toEqual([
      `spec.volumeMounts[0].${source}.path: is ignored without key: only a single key can be mounted at a chosen path`,
    ]);
    expect(warnings(result)[0]).toMatchObject(positionOf(text, "file.txt"));
  });
});

describe("warnings for likely mistakes (not fatal)", () => {
  test("warns about a secret value written in the manifest, without showing it", () => {
    const text = withSpec('env:\n  secrets:\n    DB_PASS:\n      value: "hunter2"\n');
    const result = check(text);
    expect(firstDialect(result.manifest)?.spec.env?.secrets?.DB_PASS).toEqual({ value: "hunter2" });
    expect(described(warnings(result))).toEqual([
      "spec.env.secrets.DB_PASS.value: is a secret value written in the manifest (it will be stored in the Terraform state); use secretRef in production",
    ]);
    expect(warnings(result)[0]).toMatchObject(positionOf(text, '"hunter2"'));
    expect(JSON.stringify(result.diagnostics)).not.toContain("hunter2");
  });

  test("does not warn about a secret given by secretRef", () => {
    expect(
      warnings(check(withSpec("env:\n  secrets:\n    DB_PASS: { secretRef: { name: db, key: pass } }\n"))),
    ).toEqual([]);
  });

  test("warns that ttlSecondsAfterFinished makes the next apply run the Job again", () => {
    const text = withSpec("ttlSecondsAfterFinished: 600\n");
    const result = check(text);
    expect(result.manifest?.spec.ttlSecondsAfterFinished).toBe(600);
    expect(described(warnings(result))).toEqual([
      "spec.ttlSecondsAfterFinished: deletes the Job 600s after it finishes; the next terraform apply then creates it again and it runs again",
    ]);
    expect(warnings(result)[0]).toMatchObject(positionOf(text, "600"));
  });

  test("does not warn when ttlSecondsAfterFinished is 0 (no cleanup)", () => {
    expect(warnings(check(withSpec("ttlSecondsAfterFinished: 0\n")))).toEqual([]);
  });

  test("warns when the image has no tag, pointing at the image", () => {
    const text = job("namespace: { value: reports }\nimage:\n  repo: busybox\n");
    const result = check(text);
    expect(result.manifest).toBeDefined();
    expect(described(warnings(result))).toEqual([
      "spec.image.tag: no tag means each run may pull a different image; pin a version or digest",
    ]);
    expect(warnings(result)[0]).toMatchObject(positionOf(text, "image:"));
  });

  test("warns when the image tag is latest", () => {
    const text = job("namespace: { value: reports }\nimage:\n  repo: busybox\n  tag: latest\n");
    const result = check(text);
    expect(result.manifest).toBeDefined();
    expect(described(warnings(result))).toEqual([
      'spec.image.tag: "latest" means each run may pull a different image; pin a version or digest',
    ]);
    expect(warnings(result)[0]).toMatchObject(positionOf(text, "latest"));
  });

  test("does not warn about a pinned tag", () => {
    expect(warnings(check(job()))).toEqual([]);
  });
});

describe("validateManifest", () => {
  test("reports the problems of every rule at once", () => {
    const manifest = manifestSchema.parse({
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "KubernetesJob",
      metadata: { name: "nightly-report" },
      spec: {
        namespace: { value: "default" },
        createNamespace: true,
        image: { repo: "busybox" },
        resources: { requests: { memory: "2Gi" } },
        completionMode: "Indexed",
        completions: 0,
      },
    });
    expect(validateManifest(manifest).map((problem) => [problem.severity, formatPath(problem.path)])).toEqual([
      ["error", "spec.resources.requests.memory"],
      ["error", "spec.completions"],
      ["error", "spec.createNamespace"],
      ["warning", "spec.image.tag"],
    ]);
  });
});
