/**
 * The schema (lib/manifest/schema.ts): the shape of a manifest, the rules of single fields, and the
 * documented defaults. Each field rule has a passing and a failing case; failures are checked
 * for their message, path and position in the YAML.
 */
import { DEFAULTS } from "../../lib/manifest/defaults";
import { formatPath } from "../../lib/diagnostics";
import { manifestSchema } from "../../lib/manifest/schema";
import { BASE_SPEC, check, described, errors, firstDialect, job, positionOf, validManifest, yaml } from "../helpers";

/** A manifest with the base spec and some more spec fields (given without indentation). */
const withSpec = (extra: string) => job(BASE_SPEC + extra);

const base = {
  apiVersion: "kubernetes.project-planton.org/v1",
  kind: "KubernetesJob",
  metadata: { name: "nightly-report" },
  spec: { namespace: { value: "reports" }, image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.2" } },
};
/** The spec after the schema, from a manifest whose spec has the base fields plus `spec`. */
const specOf = (spec: Record<string, unknown>) =>
  manifestSchema.parse({ ...base, spec: { ...base.spec, ...spec } }).spec;

describe("defaults", () => {
  test("the documented defaults are the ones of Project Planton", () => {
    expect(DEFAULTS).toEqual({
      createNamespace: false,
      resources: { limits: { cpu: "1000m", memory: "1Gi" }, requests: { cpu: "50m", memory: "100Mi" } },
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: "NonIndexed",
      restartPolicy: "Never",
      suspend: false,
      namespaceReference: { kind: "KubernetesNamespace", fieldPath: "spec.name" },
    });
  });

  test("a manifest with only namespace and image gets every default", () => {
    const { spec } = validManifest(job());
    expect(spec).toEqual({
      namespace: { value: "reports" },
      image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.2" },
      createNamespace: false,
      resources: { limits: { cpu: "1000m", memory: "1Gi" }, requests: { cpu: "50m", memory: "100Mi" } },
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      activeDeadlineSeconds: undefined,
      ttlSecondsAfterFinished: undefined,
      completionMode: "NonIndexed",
      restartPolicy: "Never",
      suspend: false,
    });
  });

  describe("resources, field by field", () => {
    test("limits.cpu defaults to 1000m", () => {
      expect(specOf({ resources: { limits: { memory: "2Gi" } } }).resources.limits.cpu).toBe("1000m");
    });

    test("limits.memory defaults to 1Gi", () => {
      expect(specOf({ resources: { limits: { cpu: "2" } } }).resources.limits.memory).toBe("1Gi");
    });

    test("requests.cpu defaults to 50m", () => {
      expect(specOf({ resources: { requests: { memory: "200Mi" } } }).resources.requests.cpu).toBe("50m");
    });

    test("requests.memory defaults to 100Mi", () => {
      expect(specOf({ resources: { requests: { cpu: "100m" } } }).resources.requests.memory).toBe("100Mi");
    });

    test("an empty resources mapping gets all four defaults", () => {
      expect(specOf({ resources: {} }).resources).toEqual({
        limits: { cpu: "1000m", memory: "1Gi" },
        requests: { cpu: "50m", memory: "100Mi" },
      });
    });

    test("given limits leave the requests' defaults in place", () => {
      expect(specOf({ resources: { limits: { cpu: "2", memory: "4Gi" } } }).resources).toEqual({
        limits: { cpu: "2", memory: "4Gi" },
        requests: { cpu: "50m", memory: "100Mi" },
      });
    });

    test("a quantity written as a YAML number is kept as its decimal text", () => {
      expect(validManifest(withSpec("resources:\n  limits:\n    cpu: 1.5\n")).spec.resources.limits.cpu).toBe("1.5");
    });
  });

  test.each([
    ["parallelism", 1],
    ["completions", 1],
    ["backoffLimit", 6],
    ["completionMode", "NonIndexed"],
    ["restartPolicy", "Never"],
    ["createNamespace", false],
    ["suspend", false],
  ] as const)("%s defaults to %p", (field, value) => {
    expect(specOf({})[field]).toBe(value);
  });

  test.each([
    ["parallelism", 3],
    ["completions", 5],
    ["backoffLimit", 2],
    ["completionMode", "Indexed"],
    ["restartPolicy", "OnFailure"],
    ["createNamespace", true],
    ["suspend", true],
  ] as const)("a given %s (%p) replaces the default", (field, value) => {
    expect(specOf({ [field]: value })[field]).toBe(value);
  });

  test("a namespace valueFrom defaults to kind KubernetesNamespace and fieldPath spec.name", () => {
    expect(specOf({ namespace: { valueFrom: { name: "reports-ns" } } }).namespace).toEqual({
      valueFrom: { name: "reports-ns", kind: "KubernetesNamespace", fieldPath: "spec.name" },
    });
  });

  test("a namespace valueFrom keeps a given kind, env and fieldPath", () => {
    const valueFrom = { kind: "GcpGkeCluster", env: "prod", name: "main", fieldPath: "status.outputs.namespace" };
    expect(specOf({ namespace: { valueFrom } }).namespace).toEqual({ valueFrom });
  });

  describe('Planton\'s "0 means unset"', () => {
    test.each(["parallelism", "completions", "activeDeadlineSeconds", "ttlSecondsAfterFinished"] as const)(
      "%s: 0 means unset",
      (field) => {
        expect(specOf({ [field]: 0 })[field]).toBeUndefined();
      },
    );

    test.each([
      ["activeDeadlineSeconds", 3600],
      ["ttlSecondsAfterFinished", 600],
    ] as const)("%s: a positive value is kept", (field, value) => {
      expect(specOf({ [field]: value })[field]).toBe(value);
    });

    test("backoffLimit: 0 is a real 0 (no retries), not the default 6", () => {
      expect(specOf({ backoffLimit: 0 }).backoffLimit).toBe(0);
    });
  });

  test("a 64-bit integer written as a string (protojson) is read as a number", () => {
    expect(specOf({ activeDeadlineSeconds: "86400" }).activeDeadlineSeconds).toBe(86400);
  });
});

describe("accepted fields", () => {
  test("accepts a manifest with every field", () => {
    const text = yaml`
      apiVersion: kubernetes.project-planton.org/v1
      kind: KubernetesJob
      metadata:
        name: nightly-report
        id: kjob-01h2
        org: acme
        env: prod
        slug: nightly
        group: reports
        version: { id: v1, message: first }
        labels: { team: data }
        annotations: { note: "runs at night" }
        tags: [reports]
        relationships: [{ kind: KubernetesNamespace, name: reports, type: depends_on }]
      spec:
        targetCluster: { clusterKind: GcpGkeCluster, clusterName: main }
        namespace: { valueFrom: { name: reports, env: prod } }
        createNamespace: true
        image: { repo: ghcr.io/acme/report-runner, tag: "1.4.2", pullSecretName: regcred }
        resources:
          limits: { cpu: "2", memory: 2Gi }
          requests: { cpu: 500m, memory: 512Mi }
        env:
          variables:
            BATCH_SIZE: { value: "100" }
            DB_HOST: { valueFrom: { kind: PostgresKubernetes, name: main-db, fieldPath: status.outputs.host } }
          secrets:
            DB_PASSWORD: { secretRef: { name: db-credentials, key: password } }
        parallelism: 2
        completions: 4
        backoffLimit: 0
        activeDeadlineSeconds: 3600
        ttlSecondsAfterFinished: 600
        completionMode: Indexed
        restartPolicy: OnFailure
        command: [sh, -c]
        args: ["run-report.sh"]
        configMaps:
          report-scripts: |
            echo "\${HOME}"
        volumeMounts:
          - { name: scripts, mountPath: /scripts, configMap: { name: report-scripts, key: report-scripts, path: run.sh, defaultMode: 493 } }
          - { name: creds, mountPath: /creds, readOnly: true, secret: { name: db-credentials } }
          - { name: host, mountPath: /host, hostPath: { path: /var/log, type: Directory } }
          - { name: scratch, mountPath: /scratch, subPath: tmp, emptyDir: { medium: Memory, sizeLimit: 1Gi } }
          - { name: data, mountPath: /data, pvc: { claimName: report-data, readOnly: true } }
        suspend: false
      status:
        outputs: { namespace: reports }
    `;
    const result = check(text);
    expect(errors(result)).toEqual([]);
    expect(firstDialect(result.manifest)?.spec.volumeMounts).toHaveLength(5);
    expect(firstDialect(result.manifest)?.spec.configMaps?.["report-scripts"]).toBe('echo "${HOME}"\n');
  });

  const namespace = "namespace: { value: reports }\n";
  test.each([
    [
      "an image tag that is a digest",
      `${namespace}image: { repo: busybox, tag: "sha256:${"0123456789abcdef".repeat(4)}" }\n`,
    ],
    ["an image repo that carries its own tag when there is no tag", `${namespace}image: { repo: "busybox:1.36" }\n`],
    ["an image repo with a registry port", `${namespace}image: { repo: "localhost:5000/runner", tag: v1 }\n`],
    ["an empty image tag", `${namespace}image: { repo: busybox, tag: "" }\n`],
    [
      "a hostPath type that is empty",
      `${BASE_SPEC}volumeMounts: [{ name: h, mountPath: /h, hostPath: { path: /h, type: "" } }]\n`,
    ],
    [
      "a file mode of 0777 written as 0o777",
      `${BASE_SPEC}volumeMounts: [{ name: c, mountPath: /c, secret: { name: s, defaultMode: 0o777 } }]\n`,
    ],
    ["an env variable name with '.' and '-'", `${BASE_SPEC}env: { variables: { "my.var-1": { value: x } } }\n`],
    ["a ConfigMap name with dots", `${BASE_SPEC}configMaps: { "app.config": "x" }\n`],
    ["a uint32 written as a string, as protojson may", `${BASE_SPEC}parallelism: "4"\n`],
    [
      "quantities with every suffix style",
      `${BASE_SPEC}resources: { limits: { cpu: 15e-1, memory: 1G }, requests: { cpu: ".5", memory: 1e6 } }\n`,
    ],
  ])("accepts %s", (_, spec) => {
    expect(described(errors(check(job(spec))))).toEqual([]);
  });
});

interface FieldCase {
  readonly when: string;
  readonly text: string;
  readonly path: string;
  readonly message: string | RegExp;
  /** Where the diagnostic points: the first character of this unique snippet of the text. */
  readonly at: string;
}

const noImage = (extra: string) => job(`namespace:\n  value: reports\n${extra}`);
const metadata = (fields: string) =>
  yaml`
    apiVersion: kubernetes.project-planton.org/v1
    kind: KubernetesJob
    metadata:
  ` +
  fields +
  "spec:\n" +
  BASE_SPEC.replace(/^/gm, "  ");
const volume = (fields: string) => withSpec(`volumeMounts:\n  - name: data\n    mountPath: /data\n${fields}`);

const FIELD_CASES: FieldCase[] = [
  {
    when: "metadata.name is not a DNS-1123 label",
    text: job(BASE_SPEC, "Nightly_Report"),
    path: "metadata.name",
    message:
      "\"Nightly_Report\" must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
    at: "Nightly_Report",
  },
  {
    when: "metadata.name is longer than 63 characters",
    text: job(BASE_SPEC, "n".repeat(64)),
    path: "metadata.name",
    message: /^"n{56}\.\.\. must be at most 63 characters \(it has 64\)$/,
    at: "n".repeat(64),
  },
  {
    when: "metadata.name is missing",
    text: metadata("  id: x\n"),
    path: "metadata.name",
    message: "is required",
    at: "metadata:",
  },
  {
    when: "metadata.env is not a valid label value",
    text: metadata("  name: nightly-report\n  env: prod env\n"),
    path: "metadata.env",
    message:
      "\"prod env\" must be a valid label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, since it becomes the label planton.ai/environment",
    at: "prod env",
  },
  {
    when: "metadata.org is longer than a label value",
    text: metadata(`  name: nightly-report\n  org: ${"o".repeat(64)}\n`),
    path: "metadata.org",
    message:
      /must be at most 63 characters to be used as a label value \(it has 64\), since it becomes the label planton.ai\/organization$/,
    at: "o".repeat(64),
  },
  {
    when: "spec is missing",
    text: "apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata:\n  name: x\n",
    path: "spec",
    message: "is required",
    at: "apiVersion",
  },
  {
    when: "spec.namespace is missing",
    text: job('image:\n  repo: busybox\n  tag: "1.36"\n'),
    path: "spec.namespace",
    message: "is required",
    at: "spec:",
  },
  {
    when: "spec.namespace has neither value nor valueFrom",
    text: job('namespace: {}\nimage:\n  repo: busybox\n  tag: "1.36"\n'),
    path: "spec.namespace",
    message: "needs namespace: one of value, valueFrom",
    at: "namespace:",
  },
  {
    when: "spec.namespace has both value and valueFrom",
    text: job(
      'namespace:\n  value: reports\n  valueFrom:\n    name: reports\nimage:\n  repo: busybox\n  tag: "1.36"\n',
    ),
    path: "spec.namespace",
    message: "has value and valueFrom; give exactly one namespace (one of value, valueFrom)",
    at: "namespace:",
  },
  {
    when: "spec.namespace.value is not a DNS-1123 label",
    text: job('namespace:\n  value: Reports\nimage:\n  repo: busybox\n  tag: "1.36"\n'),
    path: "spec.namespace.value",
    message: /^"Reports" must be a DNS-1123 label/,
    at: "Reports",
  },
  {
    when: "spec.namespace.valueFrom has no name",
    text: job('namespace:\n  valueFrom:\n    kind: KubernetesNamespace\nimage:\n  repo: busybox\n  tag: "1.36"\n'),
    path: "spec.namespace.valueFrom.name",
    message: "is required",
    at: "valueFrom:",
  },
  {
    when: "spec.namespace.valueFrom.name is empty",
    text: job('namespace:\n  valueFrom:\n    name: ""\nimage:\n  repo: busybox\n  tag: "1.36"\n'),
    path: "spec.namespace.valueFrom.name",
    message: '"" must not be empty',
    at: '""',
  },
  {
    when: "spec.targetCluster.clusterKind is not a supported cluster",
    text: withSpec("targetCluster:\n  clusterKind: EksCluster\n  clusterName: main\n"),
    path: "spec.targetCluster.clusterKind",
    message:
      '"EksCluster" is not allowed; allowed: AwsEksCluster (207), GcpGkeCluster (607), AzureAksCluster (400), DigitalOceanKubernetesCluster (1208), CivoKubernetesCluster (1507)',
    at: "EksCluster",
  },
  {
    when: "spec.image is missing",
    text: job("namespace:\n  value: reports\n"),
    path: "spec.image",
    message: "is required",
    at: "spec:",
  },
  {
    when: "spec.image.repo is missing",
    text: noImage('image:\n  tag: "1.36"\n'),
    path: "spec.image.repo",
    message: "is required",
    at: "image:",
  },
  {
    when: "spec.image.repo is empty",
    text: noImage('image:\n  repo: ""\n  tag: "1.36"\n'),
    path: "spec.image.repo",
    message: '"" must not be empty',
    at: '""',
  },
  {
    when: "spec.image.repo is not an image repository",
    text: noImage('image:\n  repo: ghcr.io/acme/Report-Runner\n  tag: "1.36"\n'),
    path: "spec.image.repo",
    message: /^"ghcr.io\/acme\/Report-Runner" is not a valid image repository: lowercase path components/,
    at: "ghcr.io/acme/Report-Runner",
  },
  {
    when: "spec.image.repo carries a tag and spec.image.tag is set",
    text: noImage('image:\n  repo: busybox:1.36\n  tag: "1.37"\n'),
    path: "spec.image.repo",
    message: '"busybox:1.36" already carries a tag or digest; with image.tag set, give the repository alone',
    at: "busybox:1.36",
  },
  {
    when: "spec.image.tag is not a tag or digest",
    text: noImage("image:\n  repo: busybox\n  tag: -rc1\n"),
    path: "spec.image.tag",
    message: /^"-rc1" is not a valid image tag/,
    at: "-rc1",
  },
  {
    when: "spec.image.pullSecretName is not a DNS-1123 subdomain",
    text: noImage('image:\n  repo: busybox\n  tag: "1.36"\n  pullSecretName: Registry_Creds\n'),
    path: "spec.image.pullSecretName",
    message: /^"Registry_Creds" must be a DNS-1123 subdomain/,
    at: "Registry_Creds",
  },
  {
    when: "a resource quantity has bad syntax",
    text: withSpec("resources:\n  limits:\n    cpu: 2 cores\n"),
    path: "spec.resources.limits.cpu",
    message: '"2 cores" is not a Kubernetes quantity such as 500m, 1.5, 2e3, 128Mi or 1Gi',
    at: "2 cores",
  },
  {
    when: "a resource quantity is negative",
    text: withSpec("resources:\n  requests:\n    memory: -1Gi\n"),
    path: "spec.resources.requests.memory",
    message: '"-1Gi" must not be negative',
    at: "-1Gi",
  },
  {
    when: "an env variable name starts with a digit",
    text: withSpec("env:\n  variables:\n    1BATCH:\n      value: x\n"),
    path: 'spec.env.variables["1BATCH"]',
    message: "\"1BATCH\" must consist of letters, digits, '_', '-' and '.', and must not start with a digit",
    at: "1BATCH",
  },
  {
    when: "an env variable has neither value nor valueFrom",
    text: withSpec("env:\n  variables:\n    BATCH: {}\n"),
    path: "spec.env.variables.BATCH",
    message: "needs value: one of value, valueFrom",
    at: "BATCH",
  },
  {
    when: "an env variable's valueFrom has no name",
    text: withSpec("env:\n  variables:\n    DB_HOST:\n      valueFrom:\n        kind: PostgresKubernetes\n"),
    path: "spec.env.variables.DB_HOST.valueFrom.name",
    message: "is required",
    at: "valueFrom:",
  },
  {
    when: "an env secret name is not a Secret data key",
    text: withSpec("env:\n  secrets:\n    DB/PASS:\n      secretRef: { name: db, key: pass }\n"),
    path: 'spec.env.secrets["DB/PASS"]',
    message: /^"DB\/PASS" must consist of letters, digits/,
    at: "DB/PASS",
  },
  {
    when: "an env secret has both value and secretRef",
    text: withSpec('env:\n  secrets:\n    DB_PASS:\n      value: "x"\n      secretRef: { name: db, key: pass }\n'),
    path: "spec.env.secrets.DB_PASS",
    message: "has value and secretRef; give exactly one value (one of value, secretRef)",
    at: "DB_PASS",
  },
  {
    when: "an env secret's secretRef has no key",
    text: withSpec("env:\n  secrets:\n    DB_PASS:\n      secretRef:\n        name: db\n"),
    path: "spec.env.secrets.DB_PASS.secretRef.key",
    message: "is required",
    at: "secretRef:",
  },
  {
    when: "an env secret's secretRef name is not a DNS-1123 subdomain",
    text: withSpec("env:\n  secrets:\n    DB_PASS:\n      secretRef:\n        name: DB\n        key: pass\n"),
    path: "spec.env.secrets.DB_PASS.secretRef.name",
    message: /^"DB" must be a DNS-1123 subdomain/,
    at: "DB\n",
  },
  {
    when: "parallelism is negative",
    text: withSpec("parallelism: -1\n"),
    path: "spec.parallelism",
    message: "-1 is too small; the minimum is 0",
    at: "-1",
  },
  {
    when: "backoffLimit is not a whole number",
    text: withSpec("backoffLimit: 1.5\n"),
    path: "spec.backoffLimit",
    message: "must be a whole number, got 1.5",
    at: "1.5",
  },
  {
    when: "completions is not a number",
    text: withSpec("completions: many\n"),
    path: "spec.completions",
    message: 'must be a whole number from 0 to 2147483647, got string "many"',
    at: "many",
  },
  {
    when: "ttlSecondsAfterFinished is more than an int32 (Planton's uint32 allows it)",
    text: withSpec("ttlSecondsAfterFinished: 2147483648\n"),
    path: "spec.ttlSecondsAfterFinished",
    message: "2147483648 is too large; the maximum is 2147483647 (Kubernetes stores it as a 32-bit signed integer)",
    at: "2147483648",
  },
  {
    when: "completionMode is not NonIndexed or Indexed",
    text: withSpec("completionMode: indexed\n"),
    path: "spec.completionMode",
    message: '"indexed" is not allowed; allowed: NonIndexed, Indexed',
    at: "indexed",
  },
  {
    when: "restartPolicy is Always, which a Job does not allow",
    text: withSpec("restartPolicy: Always\n"),
    path: "spec.restartPolicy",
    message: '"Always" is not allowed for a Job (its pods must end); use Never or OnFailure',
    at: "Always",
  },
  {
    when: "restartPolicy is not a policy",
    text: withSpec("restartPolicy: Sometimes\n"),
    path: "spec.restartPolicy",
    message: '"Sometimes" is not allowed; allowed: Never, OnFailure',
    at: "Sometimes",
  },
  {
    when: "createNamespace is not a boolean",
    text: withSpec("createNamespace: yes\n"),
    path: "spec.createNamespace",
    message: 'must be true or false, got string "yes"',
    at: "yes",
  },
  {
    when: "command is a string instead of a list",
    text: withSpec("command: run-report.sh\n"),
    path: "spec.command",
    message: 'must be a list, got string "run-report.sh"',
    at: "run-report.sh",
  },
  {
    when: "an args item is a number",
    text: withSpec("args: [--batch, 100]\n"),
    path: "spec.args[1]",
    message: "must be a string, got number 100; quote it in YAML to keep it as written",
    at: "100",
  },
  {
    when: "a configMaps name is not a DNS-1123 subdomain",
    text: withSpec("configMaps:\n  Report_Scripts: echo\n"),
    path: "spec.configMaps.Report_Scripts",
    message: /^"Report_Scripts" must be a DNS-1123 subdomain/,
    at: "Report_Scripts",
  },
  {
    when: "a volume name is not a DNS-1123 label",
    text: withSpec("volumeMounts:\n  - name: Data\n    mountPath: /data\n    emptyDir: {}\n"),
    path: "spec.volumeMounts[0].name",
    message: /^"Data" must be a DNS-1123 label/,
    at: "Data",
  },
  {
    when: "a mountPath is relative",
    text: withSpec("volumeMounts:\n  - name: data\n    mountPath: srv/data\n    emptyDir: {}\n"),
    path: "spec.volumeMounts[0].mountPath",
    message: "\"srv/data\" must be an absolute path (starting with '/')",
    at: "srv/data",
  },
  {
    when: "a subPath leaves the volume with ..",
    text: volume("    subPath: ../etc\n    emptyDir: {}\n"),
    path: "spec.volumeMounts[0].subPath",
    message: "\"../etc\" must not contain '..'",
    at: "../etc",
  },
  {
    when: "a volume has no source",
    text: volume("    readOnly: true\n"),
    path: "spec.volumeMounts[0]",
    message: "needs volume source: one of configMap, secret, hostPath, emptyDir, pvc",
    at: "name: data",
  },
  {
    when: "a volume has two sources",
    text: volume("    emptyDir: {}\n    pvc: { claimName: data }\n"),
    path: "spec.volumeMounts[0]",
    message: "has emptyDir and pvc; give exactly one volume source (one of configMap, secret, hostPath, emptyDir, pvc)",
    at: "name: data",
  },
  {
    when: "a configMap volume's item path is absolute",
    text: volume("    configMap: { name: scripts, key: run.sh, path: /run.sh }\n"),
    path: "spec.volumeMounts[0].configMap.path",
    message: '"/run.sh" must be a relative path',
    at: "/run.sh",
  },
  {
    when: "a secret volume's item path is empty",
    text: volume('    secret: { name: creds, key: pass, path: "" }\n'),
    path: "spec.volumeMounts[0].secret.path",
    message: '"" must not be empty',
    at: '""',
  },
  {
    when: "a secret volume's key is not a data key",
    text: volume("    secret: { name: creds, key: a/b }\n"),
    path: "spec.volumeMounts[0].secret.key",
    message: "\"a/b\" must consist of letters, digits, '-', '_' and '.'",
    at: "a/b",
  },
  {
    when: "a defaultMode is octal written the YAML 1.1 way (0755 reads as 755)",
    text: volume("    configMap: { name: scripts, defaultMode: 0755 }\n"),
    path: "spec.volumeMounts[0].configMap.defaultMode",
    message:
      "755 is not a file mode from 0 to 511 (0777 octal); write octal modes as 0o755 or as decimal (493), since YAML reads 0755 as the decimal 755",
    at: "0755",
  },
  {
    when: "a hostPath type is not a host path type",
    text: volume("    hostPath: { path: /var/log, type: Dir }\n"),
    path: "spec.volumeMounts[0].hostPath.type",
    message:
      '"Dir" is not allowed; allowed: "" (empty), DirectoryOrCreate, Directory, FileOrCreate, File, Socket, CharDevice, BlockDevice',
    at: "Dir ",
  },
  {
    when: "a hostPath path is relative",
    text: volume("    hostPath: { path: var/log }\n"),
    path: "spec.volumeMounts[0].hostPath.path",
    message: "\"var/log\" must be an absolute path (starting with '/')",
    at: "var/log",
  },
  {
    when: "an emptyDir medium is not Memory",
    text: volume("    emptyDir: { medium: Disk }\n"),
    path: "spec.volumeMounts[0].emptyDir.medium",
    message: '"Disk" is not allowed; allowed: "" (empty), Memory',
    at: "Disk",
  },
  {
    when: "an emptyDir sizeLimit is not a quantity",
    text: volume("    emptyDir: { sizeLimit: lots }\n"),
    path: "spec.volumeMounts[0].emptyDir.sizeLimit",
    message: '"lots" is not a Kubernetes quantity such as 500m, 1.5, 2e3, 128Mi or 1Gi',
    at: "lots",
  },
  {
    when: "a pvc claimName is not a DNS-1123 subdomain",
    text: volume("    pvc: { claimName: Report_Data }\n"),
    path: "spec.volumeMounts[0].pvc.claimName",
    message: /^"Report_Data" must be a DNS-1123 subdomain/,
    at: "Report_Data",
  },
];

describe("field rules", () => {
  test.each(FIELD_CASES)("fails when $when", ({ text, path, message, at }) => {
    const found = errors(check(text));
    expect(described(found)).toHaveLength(1);
    const [diagnostic] = found;
    expect(formatPath(diagnostic.path)).toBe(path);
    if (typeof message === "string") expect(diagnostic.message).toBe(message);
    else expect(diagnostic.message).toMatch(message);
    expect({ line: diagnostic.line, column: diagnostic.column }).toEqual(positionOf(text, at));
  });
});

describe("unknown fields", () => {
  test("accepts create_namespace, the proto field name (as Planton's loader does)", () => {
    expect(errors(check(withSpec("create_namespace: true\n")))).toEqual([]);
  });

  test("fails on a misspelt proto field name and suggests the JSON name, pointing at the key", () => {
    const text = withSpec("create_namespaces: true\n");
    expect(errors(check(text))).toEqual([
      expect.objectContaining({
        path: ["spec", "create_namespaces"],
        message: 'unknown field "create_namespaces"; did you mean "createNamespace"?',
        ...positionOf(text, "create_namespaces"),
      }),
    ]);
  });

  test("fails on backofLimit and suggests backoffLimit", () => {
    const text = withSpec("backofLimit: 3\n");
    expect(errors(check(text))).toEqual([
      expect.objectContaining({
        path: ["spec", "backofLimit"],
        message: 'unknown field "backofLimit"; did you mean "backoffLimit"?',
        ...positionOf(text, "backofLimit"),
      }),
    ]);
  });

  test("lists the allowed fields when no name is close", () => {
    const text = withSpec("resources:\n  gpu: 1\n");
    expect(described(errors(check(text)))).toEqual([
      'spec.resources.gpu: unknown field "gpu"; allowed fields: limits, requests',
    ]);
  });

  test("reports every unknown field at once, in source order", () => {
    const text = withSpec("create_namespaces: true\nimage_pull_policy: Always\nbackofLimit: 3\n");
    expect(described(errors(check(text)))).toEqual([
      'spec.create_namespaces: unknown field "create_namespaces"; did you mean "createNamespace"?',
      expect.stringMatching(/^spec.image_pull_policy: unknown field "image_pull_policy"/),
      'spec.backofLimit: unknown field "backofLimit"; did you mean "backoffLimit"?',
    ]);
  });

  test("fails on an unknown field inside a list item", () => {
    const text = withSpec("volumeMounts:\n  - name: data\n    mountpath: /data\n    emptyDir: {}\n");
    expect(described(errors(check(text)))).toContain(
      'spec.volumeMounts[0].mountpath: unknown field "mountpath"; did you mean "mountPath"?',
    );
  });

  test("accepts status, which Planton writes after a deployment", () => {
    expect(errors(check(`${job()}status:\n  outputs:\n    namespace: reports\n`))).toEqual([]);
  });
});

describe("all problems at once", () => {
  test("reports every field problem of a manifest, not only the first", () => {
    const text = withSpec("parallelism: -1\ncompletionMode: indexed\nrestartPolicy: Always\n");
    expect(described(errors(check(text))).map((line) => line.split(":")[0])).toEqual([
      "spec.parallelism",
      "spec.completionMode",
      "spec.restartPolicy",
    ]);
  });
});
