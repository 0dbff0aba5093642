/**
 * What Planton's loader (protojson) accepts, accepted here too: proto field names beside the JSON
 * (camelCase) names, enum numbers, and the rules of metadata.relationships; and what it rejects
 * that this tool keeps accepting (quantities as YAML numbers), with a warning.
 */
import { join } from "node:path";
import { formatPath } from "../../lib/diagnostics";
import { parseRunSettings } from "../../lib/deployment/run-settings";
import { loadManifests } from "../../lib/manifest/load";
import { manifestSchema } from "../../lib/manifest/schema";
import { issuesToProblems } from "../../lib/manifest/schema-issues";
import { planStacks } from "../../lib/terraform/plan";
import {
  BASE_SPEC,
  check,
  described,
  errors,
  firstDialect,
  job,
  positionOf,
  validManifest,
  warnings,
  yaml,
} from "../helpers";
import { tempDir, writeFiles } from "../support/files";

const withSpec = (extra: string) => job(BASE_SPEC + extra);

describe("proto field names (snake_case)", () => {
  test("create_namespace is createNamespace", () => {
    expect(validManifest(withSpec("create_namespace: true\n")).spec.createNamespace).toBe(true);
  });

  test("every nested message accepts its proto field names", () => {
    const text = yaml`
      api_version: kubernetes.project-planton.org/v1
      kind: KubernetesJob
      metadata:
        name: nightly-report
      spec:
        target_cluster: { cluster_kind: GcpGkeCluster, cluster_name: main }
        namespace: { value_from: { name: reports, field_path: spec.name } }
        image: { repo: ghcr.io/acme/report-runner, tag: "1.4.2", pull_secret_name: regcred }
        env:
          variables:
            DB_HOST: { value_from: { kind: KubernetesPostgres, name: main-db, field_path: status.outputs.host } }
          secrets:
            DB_PASSWORD: { secret_ref: { name: db-credentials, key: password } }
        backoff_limit: 2
        active_deadline_seconds: 3600
        ttl_seconds_after_finished: 600
        completion_mode: Indexed
        restart_policy: Never
        config_maps:
          report-scripts: "echo hi"
        volume_mounts:
          - { name: scripts, mount_path: /scripts, read_only: true, sub_path: s, config_map: { name: report-scripts, default_mode: 493 } }
          - { name: host, mount_path: /host, host_path: { path: /var/log } }
          - { name: scratch, mount_path: /scratch, empty_dir: { size_limit: 1Gi } }
          - { name: data, mount_path: /data, pvc: { claim_name: data, read_only: true } }
    `;
    const { spec } = validManifest(text);
    expect(spec.targetCluster).toEqual({ clusterKind: "GcpGkeCluster", clusterName: "main" });
    expect(spec.namespace.valueFrom).toEqual({ name: "reports", fieldPath: "spec.name", kind: "KubernetesNamespace" });
    expect(spec.image.pullSecretName).toBe("regcred");
    expect(spec.env?.variables?.DB_HOST.valueFrom?.fieldPath).toBe("status.outputs.host");
    expect(spec.env?.secrets?.DB_PASSWORD.secretRef).toEqual({ name: "db-credentials", key: "password" });
    expect(spec).toMatchObject({
      backoffLimit: 2,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 600,
      completionMode: "Indexed",
      restartPolicy: "Never",
      configMaps: { "report-scripts": "echo hi" },
    });
    expect(spec.volumeMounts).toEqual([
      {
        name: "scripts",
        mountPath: "/scripts",
        readOnly: true,
        subPath: "s",
        configMap: { name: "report-scripts", defaultMode: 493 },
      },
      { name: "host", mountPath: "/host", hostPath: { path: "/var/log" } },
      { name: "scratch", mountPath: "/scratch", emptyDir: { sizeLimit: "1Gi" } },
      { name: "data", mountPath: "/data", pvc: { claimName: "data", readOnly: true } },
    ]);
  });

  test("map keys are user data and keep their spelling: env names, labels, annotations", () => {
    const text = yaml`
      apiVersion: kubernetes.project-planton.org/v1
      kind: KubernetesJob
      metadata:
        name: nightly-report
        labels: { team_name: data }
        annotations: { run_at: night }
      spec:
        namespace: { value: reports }
        image: { repo: ghcr.io/acme/report-runner, tag: "1.4.2" }
        env:
          variables:
            batch_size: { value: "100" }
            field_path: { value: "x" }
          secrets:
            secret_ref: { value: "hunter22" }
    `;
    const manifest = validManifest(text);
    expect(manifest.metadata.labels).toEqual({ team_name: "data" });
    expect(manifest.metadata.annotations).toEqual({ run_at: "night" });
    expect(Object.keys(manifest.spec.env?.variables ?? {})).toEqual(["batch_size", "field_path"]);
    expect(Object.keys(manifest.spec.env?.secrets ?? {})).toEqual(["secret_ref"]);
  });

  test("a problem under a snake_case key has the camelCase path and the position of the key as written", () => {
    const text = withSpec("volume_mounts:\n  - name: data\n    mount_path: relative/dir\n    empty_dir: {}\n");
    expect(errors(check(text))).toEqual([
      expect.objectContaining({
        path: ["spec", "volumeMounts", 0, "mountPath"],
        message: expect.stringContaining('"relative/dir"'),
        ...positionOf(text, "relative/dir"),
      }),
    ]);
  });

  test("an unknown field under a snake_case key is placed at that key", () => {
    const text = withSpec(
      "volume_mounts:\n  - name: data\n    mount_path: /data\n    empty_dir: { sise_limit: 1Gi }\n",
    );
    expect(errors(check(text))).toEqual([
      expect.objectContaining({
        path: ["spec", "volumeMounts", 0, "emptyDir", "sise_limit"],
        message: 'unknown field "sise_limit"; did you mean "sizeLimit"?',
        ...positionOf(text, "sise_limit"),
      }),
    ]);
  });

  test("both spellings of one field in one object is an error naming both, at the second", () => {
    const text = withSpec("createNamespace: true\ncreate_namespace: false\n");
    const result = check(text);
    expect(result.manifest).toBeUndefined();
    expect(errors(result)).toEqual([
      expect.objectContaining({
        path: ["spec", "createNamespace"],
        message:
          'is given twice, as "createNamespace" and "create_namespace" (the same field); keep one of them, as protojson does not accept both',
        ...positionOf(text, "create_namespace"),
      }),
    ]);
  });

  test("a missing required field inside a snake_case object is placed at that object's key", () => {
    const text = withSpec("target_cluster:\n  cluster_name: main\n");
    expect(errors(check(text))).toEqual([
      expect.objectContaining({
        path: ["spec", "targetCluster", "clusterKind"],
        ...positionOf(text, "target_cluster"),
      }),
    ]);
  });

  test("only the exact proto name is accepted (protojson does not fold case)", () => {
    expect(described(errors(check(withSpec("Create_Namespace: true\n"))))).toEqual([
      'spec.Create_Namespace: unknown field "Create_Namespace"; did you mean "createNamespace"?',
    ]);
  });
});

describe("proto field names through the whole run", () => {
  /** The errors of planning one file (references resolved), as `line:column path: message`. */
  function planErrors(text: string, namespaceSource?: string): string[] {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": text, ...(namespaceSource ? { "namespace.yaml": namespaceSource } : {}) });
    const paths = [join(dir, "job.yaml"), ...(namespaceSource ? [join(dir, "namespace.yaml")] : [])];
    const plan = planStacks(loadManifests(paths), parseRunSettings({}, join(dir, "out"), "test"));
    return plan.load.results.flatMap((result) =>
      result.diagnostics
        .filter((diagnostic) => diagnostic.severity === "error")
        .map(
          (diagnostic) =>
            `${diagnostic.line}:${diagnostic.column} ${formatPath(diagnostic.path)}: ${diagnostic.message}`,
        ),
    );
  }

  const referring = job("namespace:\n  value_from:\n    name: reports\nimage: { repo: busybox, tag: '1' }\n");

  test("an unresolved reference is reported at the key as written, under its camelCase path", () => {
    const [problem] = planErrors(referring);
    expect(problem).toMatch(/^7:5 spec\.namespace\.valueFrom: finds no KubernetesNamespace "reports"/);
    expect(positionOf(referring, "value_from")).toEqual({ line: 7, column: 5 });
  });

  test("a KubernetesNamespace written with proto names resolves a reference", () => {
    const namespace = yaml`
      api_version: kubernetes.project-planton.org/v1
      kind: KubernetesNamespace
      metadata:
        name: reports
      spec:
        name: reports-prod
    `;
    expect(planErrors(referring, namespace)).toEqual([]);
  });
});

describe("enum numbers", () => {
  test.each([
    [607, "GcpGkeCluster"],
    [207, "AwsEksCluster"],
    [400, "AzureAksCluster"],
    [1208, "DigitalOceanKubernetesCluster"],
    [1507, "CivoKubernetesCluster"],
  ])("clusterKind %d is %s", (number, name) => {
    const spec = validManifest(withSpec(`targetCluster: { clusterKind: ${number}, clusterName: main }\n`)).spec;
    expect(spec.targetCluster?.clusterKind).toBe(name);
  });

  test("an unknown clusterKind number is an error listing the names and numbers allowed", () => {
    const text = withSpec("targetCluster: { clusterKind: 608, clusterName: main }\n");
    expect(errors(check(text))).toEqual([
      expect.objectContaining({
        path: ["spec", "targetCluster", "clusterKind"],
        message:
          "608 is not allowed; allowed: AwsEksCluster (207), GcpGkeCluster (607), AzureAksCluster (400), DigitalOceanKubernetesCluster (1208), CivoKubernetesCluster (1507)",
        ...positionOf(text, "608"),
      }),
    ]);
  });

  test("a numeric string is read as the number, with a warning that protojson reads numbers only unquoted", () => {
    const text = withSpec('targetCluster: { clusterKind: "607", clusterName: main }\n');
    const result = check(text);
    expect(firstDialect(result.manifest)?.spec.targetCluster?.clusterKind).toBe("GcpGkeCluster");
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        path: ["spec", "targetCluster", "clusterKind"],
        message:
          'is the string "607"; Planton\'s CLI reads an enum number only when it is not quoted and would reject this file: write 607 or GcpGkeCluster',
        ...positionOf(text, '"607"'),
      }),
    ]);
  });

  test("a reference kind may be a CloudResourceKind number", () => {
    const text = withSpec(
      "env:\n  variables:\n    DB_HOST: { valueFrom: { kind: 814, name: main-db, fieldPath: status.outputs.host } }\n",
    );
    expect(validManifest(text).spec.env?.variables?.DB_HOST.valueFrom?.kind).toBe("KubernetesPostgres");
  });

  test("a namespace reference kind 836 is KubernetesNamespace", () => {
    const text = job(
      "namespace: { valueFrom: { kind: 836, name: reports } }\nimage: { repo: ghcr.io/acme/report-runner, tag: '1.4.2' }\n",
    );
    expect(validManifest(text).spec.namespace.valueFrom?.kind).toBe("KubernetesNamespace");
  });

  test("an unknown reference kind number is an error that asks for the name", () => {
    const text = withSpec(
      "env:\n  variables:\n    DB_HOST: { valueFrom: { kind: 99999, name: main-db, fieldPath: x } }\n",
    );
    expect(errors(check(text))).toEqual([
      expect.objectContaining({
        path: ["spec", "env", "variables", "DB_HOST", "valueFrom", "kind"],
        message:
          "99999 is not a CloudResourceKind number this tool knows; write the kind's name (such as KubernetesNamespace)",
        ...positionOf(text, "99999"),
      }),
    ]);
  });
});

describe("metadata.relationships", () => {
  const withRelationships = (relationships: string) =>
    job().replace("  name: nightly-report\n", `  name: nightly-report\n  relationships:\n${relationships}`);

  test("accepts kind, name and type (by name or number), env and group, in either spelling", () => {
    const text = withRelationships(
      "    - { kind: KubernetesNamespace, name: reports, type: depends_on, env: prod, group: infra }\n" +
        "    - { kind: 607, name: main, type: 2 }\n",
    );
    expect(validManifest(text).metadata.relationships).toEqual([
      { kind: "KubernetesNamespace", name: "reports", type: "depends_on", env: "prod", group: "infra" },
      { kind: "GcpGkeCluster", name: "main", type: "runs_on" },
    ]);
  });

  test("kind, name and type are required, each with its path", () => {
    const text = withRelationships("    - { env: prod }\n");
    expect(described(errors(check(text)))).toEqual([
      "metadata.relationships[0].kind: is required: the kind of the related resource (a CloudResourceKind name such as KubernetesNamespace)",
      "metadata.relationships[0].name: is required",
      "metadata.relationships[0].type: is required; allowed: depends_on (1), runs_on (2), managed_by (3), uses (4)",
    ]);
  });

  test("a type of unspecified (or 0) is an error, at the value", () => {
    const text = withRelationships("    - { kind: KubernetesNamespace, name: reports, type: unspecified }\n");
    expect(errors(check(text))).toEqual([
      expect.objectContaining({
        path: ["metadata", "relationships", 0, "type"],
        message: '"unspecified" is not allowed; allowed: depends_on (1), runs_on (2), managed_by (3), uses (4)',
        ...positionOf(text, "unspecified"),
      }),
    ]);
    expect(
      described(errors(check(withRelationships("    - { kind: KubernetesNamespace, name: reports, type: 0 }\n")))),
    ).toEqual([
      "metadata.relationships[0].type: 0 is not allowed; allowed: depends_on (1), runs_on (2), managed_by (3), uses (4)",
    ]);
  });

  test("a kind of unspecified (or 0) is an error", () => {
    const text = withRelationships("    - { kind: 0, name: reports, type: uses }\n");
    expect(described(errors(check(text)))).toEqual([
      "metadata.relationships[0].kind: 0 is not allowed: the kind of the related resource is required (a CloudResourceKind name such as KubernetesNamespace)",
    ]);
  });

  test("an unknown relationship field is an error with a suggestion", () => {
    const text = withRelationships("    - { kind: KubernetesNamespace, name: reports, typ: uses }\n");
    expect(described(errors(check(text)))).toContain(
      'metadata.relationships[0].typ: unknown field "typ"; did you mean "type"?',
    );
  });
});

describe("quantities written as YAML numbers", () => {
  test("are accepted with a warning that Planton's CLI would reject the file, at the value", () => {
    const text = withSpec("resources:\n  limits:\n    cpu: 1\n    memory: 1073741824\n");
    const result = check(text);
    expect(firstDialect(result.manifest)?.spec.resources.limits).toEqual({ cpu: "1", memory: "1073741824" });
    expect(warnings(result)).toEqual([
      expect.objectContaining({
        path: ["spec", "resources", "limits", "cpu"],
        message:
          'is the YAML number 1; Planton\'s CLI reads quantities only as strings and would reject this file: quote it ("1")',
        ...positionOf(text, "1\n      memory"),
      }),
      expect.objectContaining({
        path: ["spec", "resources", "limits", "memory"],
        message:
          'is the YAML number 1073741824; Planton\'s CLI reads quantities only as strings and would reject this file: quote it ("1073741824")',
        ...positionOf(text, "1073741824"),
      }),
    ]);
  });

  test("an emptyDir sizeLimit as a number is warned about too; a quoted quantity is not", () => {
    const text = withSpec(
      "resources:\n  requests: { cpu: '1' }\nvolumeMounts:\n  - { name: s, mountPath: /s, emptyDir: { sizeLimit: 1000 } }\n",
    );
    expect(warnings(check(text)).map((warning) => warning.path)).toEqual([
      ["spec", "volumeMounts", 0, "emptyDir", "sizeLimit"],
    ]);
  });
});

describe("integers beyond 2^53", () => {
  const TOO_LARGE = `is too large; the maximum is 9223372036 ${"(the Job controller turns it into a Go time.Duration (nanoseconds in a signed 64-bit integer), which would overflow)"}`;

  test("a string of digits above the safe range is refused, quoted exactly as written", () => {
    expect(described(errors(check(withSpec('activeDeadlineSeconds: "9007199254740993"\n'))))).toEqual([
      `spec.activeDeadlineSeconds: 9007199254740993 ${TOO_LARGE}`,
    ]);
  });

  test("the largest value is kept exactly", () => {
    expect(validManifest(withSpec('activeDeadlineSeconds: "9223372036"\n')).spec.activeDeadlineSeconds).toBe(
      9223372036,
    );
  });

  test("a bigint (from a reader that keeps big integers exact) is refused with its exact digits", () => {
    const input = {
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "KubernetesJob",
      metadata: { name: "nightly-report" },
      spec: {
        namespace: { value: "reports" },
        image: { repo: "busybox", tag: "1" },
        activeDeadlineSeconds: 9007199254740993n,
        backoffLimit: 7n,
      },
    };
    const parsed = manifestSchema.safeParse(input, { reportInput: true });
    expect(parsed.success ? [] : issuesToProblems(parsed.error.issues, manifestSchema)).toEqual([
      expect.objectContaining({
        path: ["spec", "activeDeadlineSeconds"],
        message: `9007199254740993 ${TOO_LARGE}`,
      }),
    ]);
  });

  test("a YAML number above the safe range is refused without quoting a rounded value", () => {
    const [error] = errors(check(withSpec("activeDeadlineSeconds: 9007199254740993\n")));
    expect(error.message).not.toContain("9007199254740992");
    expect(error.message).toMatch(/the maximum is 9223372036 /);
  });
});
