/**
 * `kubernetes-job convert`: first-dialect manifests rewritten in the current API
 * (kubernetes.planton.dev/v1alpha1). What keeps its meaning is kept, in the new shape; what has no
 * place there is a warning at its file, line and field, with what to do; the output validates as
 * the current API and is the same bytes every time.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { runCli } from "../support/cli";
import { positionOf, tempDir, writeFiles } from "../support/files";
import { yaml } from "../support/manifest";
import { EXAMPLES, ROOT } from "../support/paths";

/** The converted spec, as far as the tests look into it. */
interface ConvertedSpec extends Record<string, unknown> {
  container: { app: Record<string, unknown> & { env?: unknown; image?: unknown; resources?: unknown } };
  pod?: unknown;
}

const convert = (argv: readonly string[], stdin?: string) => runCli(["convert", ...argv], stdin);

/** Converts one manifest text (as a file, so messages name it) and reads the output back. */
async function converted(text: string, name = "job.yaml") {
  const dir = tempDir();
  writeFiles(dir, { [name]: text });
  const file = join(dir, name);
  const run = await convert([file]);
  const value = run.code === 0 ? (parse(run.stdout.split("\n---\n")[0]) as Record<string, unknown>) : undefined;
  return { ...run, file, value, spec: value?.spec as ConvertedSpec | undefined };
}

const job = (spec: string, metadata = "name: nightly-report\n") =>
  yaml`
    apiVersion: kubernetes.project-planton.org/v1
    kind: KubernetesJob
    metadata:
  ` +
  metadata.replace(/^/gm, "  ").replace(/ +$/, "") +
  "spec:\n" +
  spec.replace(/^(?=.)/gm, "  ");

const BASE = yaml`
  namespace:
    value: reports
  image:
    repo: ghcr.io/acme/report-runner
    tag: "1.4.2"
`;

const examples = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith(".yaml"))
  .sort();

describe("the examples", () => {
  test.each(examples)("%s converts, the same bytes each time, and validates as the current API", async (name) => {
    const first = await convert([join(EXAMPLES, name)]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("apiVersion: kubernetes.planton.dev/v1alpha1\n");
    expect((await convert([join(EXAMPLES, name)])).stdout).toBe(first.stdout);

    const dir = tempDir();
    writeFileSync(join(dir, name), first.stdout);
    const validated = await runCli(["validate", join(dir, name)]);
    expect(validated.stderr).not.toContain("error");
    expect(validated).toMatchObject({ code: 0 });
    expect(validated.stdout).toContain("1 valid, 0 invalid");
  });

  test("a converted file is refused at its apiVersion, not converted twice (exit 1, nothing printed)", async () => {
    const once = await convert([join(EXAMPLES, "hello-world.yaml")]);
    const dir = tempDir();
    writeFileSync(join(dir, "hello.yaml"), once.stdout);
    const twice = await convert([join(dir, "hello.yaml")]);
    expect(twice.code).toBe(1);
    expect(twice.stdout).toBe("");
    expect(twice.stderr).toContain(
      `${join(dir, "hello.yaml")}:${positionOf(once.stdout, "kubernetes.planton.dev/v1alpha1")}: error: apiVersion: is already kubernetes.planton.dev/v1alpha1, the current API: convert rewrites kubernetes.project-planton.org/v1 manifests only`,
    );
    expect(twice.stderr).toContain("Nothing was converted.");
  });

  test("the editor's schema comment names the current API's schema", async () => {
    const { stdout } = await convert([join(EXAMPLES, "hello-world.yaml")]);
    expect(stdout.split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/kubernetes-job.v1alpha1.schema.json");
  });
});

interface RenderedEnv {
  name: string;
  valueFrom?: { fieldRef?: Record<string, unknown> };
}
interface RenderedJob {
  spec: {
    template: {
      spec: {
        serviceAccountName?: string;
        automountServiceAccountToken?: boolean;
        containers: { env: RenderedEnv[] }[];
      };
    };
  };
}

/** The Job `render` gives for a manifest file, as JSON. */
async function renderedJob(file: string): Promise<RenderedJob> {
  const run = await runCli(["render", file, "--format", "json"]);
  expect(run.code).toBe(0);
  const list = JSON.parse(run.stdout) as { items: { kind: string }[] };
  return list.items.find((item) => item.kind === "Job") as unknown as RenderedJob;
}

/** What the Job's pods run: the pod spec but for what the conversion warns about or Planton names. */
function podMeaning(job: RenderedJob) {
  const { template, ...batch } = job.spec;
  const { serviceAccountName, automountServiceAccountToken, ...pod } = template.spec;
  void serviceAccountName;
  // Unset, the provider sends true (structures_pod.go expandPodSpec); convert writes it out.
  expect(automountServiceAccountToken ?? true).toBe(true);
  return {
    batch,
    pod: {
      ...pod,
      // Planton's modules write the fieldRef's apiVersion, which the API server defaults to v1.
      containers: pod.containers.map((container) => ({
        ...container,
        env: container.env.map((variable) =>
          variable.valueFrom?.fieldRef
            ? { ...variable, valueFrom: { fieldRef: { apiVersion: "v1", ...variable.valueFrom.fieldRef } } }
            : variable,
        ),
      })),
    },
  };
}

describe("what the pods run is kept", () => {
  test.each(examples)(
    "%s: the converted manifest renders the same Job but for its labels and ServiceAccount",
    async (name) => {
      const dir = tempDir();
      const run = await convert([join(EXAMPLES, name)]);
      writeFileSync(join(dir, name), run.stdout);
      const [before, after] = [await renderedJob(join(EXAMPLES, name)), await renderedJob(join(dir, name))];
      expect(podMeaning(after)).toEqual(podMeaning(before));
    },
  );
});

describe("the shape of the current API", () => {
  test("the container fields move to spec.container.app, named as the first dialect named the container", async () => {
    const { code, spec } = await converted(
      job(
        BASE +
          yaml`
        command: ["/report"]
        args: ["--all"]
        volumeMounts:
          - name: scratch
            mountPath: /tmp
            emptyDir:
              sizeLimit: 64
      `,
      ),
    );
    expect(code).toBe(0);
    expect(Object.keys(spec!)).toEqual(["namespace", "container", "pod"]);
    // What the first dialect's pods got, said as the typed engine needs it.
    expect(spec!.pod).toEqual({ automountServiceAccountToken: true });
    expect(spec!.container.app).toEqual({
      name: "job-container",
      image: { repo: "ghcr.io/acme/report-runner", tag: "1.4.2" },
      command: ["/report"],
      args: ["--all"],
      resources: {
        limits: { cpu: "1000m", memory: "1Gi" },
        requests: { cpu: "50m", memory: "100Mi" },
      },
      // A YAML number is written as the quantity string Planton's loader reads.
      volumeMounts: [{ name: "scratch", mountPath: "/tmp", emptyDir: { sizeLimit: "64" } }],
    });
  });

  test("env maps become lists in name order (the order the first dialect gives the container); secret values are never said", async () => {
    const { code, spec, stderr, stdout } = await converted(
      job(
        BASE +
          yaml`
        env:
          variables:
            ZONE: {value: eu}
            # the API endpoint
            API_URL:
              value: https://api.example.com
          secrets:
            TOKEN:
              value: s3cr3t-t0ken-value
            DB_PASSWORD:
              secretRef: {name: db, key: password}
      `,
      ),
    );
    expect(code).toBe(0);
    expect(spec!.container.app.env).toEqual({
      variables: [
        { name: "API_URL", value: "https://api.example.com" },
        { name: "ZONE", value: "eu" },
      ],
      secrets: [
        { name: "DB_PASSWORD", secretRef: { name: "db", key: "password" } },
        { name: "TOKEN", value: "s3cr3t-t0ken-value" },
      ],
    });
    expect(stdout).toContain("          # the API endpoint\n          - name: API_URL\n");
    expect(stderr).not.toContain("s3cr3t-t0ken-value");
  });

  test("the image's pull secret moves to spec.pod.imagePullSecrets; an image without a tag gets latest, with a note", async () => {
    const { spec, stderr, file } = await converted(
      job(yaml`
        namespace:
          value: reports
        image:
          repo: ghcr.io/acme/report-runner
          pullSecretName: registry-credentials
      `),
    );
    expect(spec!.container.app.image).toEqual({ repo: "ghcr.io/acme/report-runner", tag: "latest" });
    expect(spec!.pod).toEqual({
      automountServiceAccountToken: true,
      imagePullSecrets: [{ value: "registry-credentials" }],
    });
    expect(stderr).toContain(`${file}:10:5: note: spec.image.pullSecretName: moved to spec.pod.imagePullSecrets`);
    expect(stderr).toContain(`note: spec.image.tag: was not set: written as "latest"`);
  });

  test("a tag written in the repository is split into repo and tag", async () => {
    const { spec } = await converted(
      job(yaml`
        namespace:
          value: reports
        image:
          repo: ghcr.io/acme/report-runner:1.4.2
      `),
    );
    expect(spec!.container.app.image).toEqual({ repo: "ghcr.io/acme/report-runner", tag: "1.4.2" });
  });

  test("resources keep what is written and get the first dialect's defaults for the rest", async () => {
    const { spec, stderr } = await converted(
      job(
        BASE +
          yaml`
        resources:
          limits:
            cpu: 2
      `,
      ),
    );
    expect(spec!.container.app.resources).toEqual({
      limits: { cpu: "2", memory: "1Gi" },
      requests: { cpu: "50m", memory: "100Mi" },
    });
    expect(stderr).toContain(
      "note: spec.resources: the first dialect's defaults were written out (limits.memory 1Gi, requests.cpu 50m, requests.memory 100Mi)",
    );
  });
});

describe("counts whose 0 meant unset", () => {
  test("parallelism 0 becomes 1; a deadline or a TTL of 0 is left out, with a note each", async () => {
    const { spec, stderr, file } = await converted(
      job(
        BASE +
          yaml`
        parallelism: 0
        activeDeadlineSeconds: 0
        ttlSecondsAfterFinished: 0
        backoffLimit: 0
      `,
      ),
    );
    expect(spec).toMatchObject({ parallelism: 1, backoffLimit: 0 });
    expect(spec).not.toHaveProperty("activeDeadlineSeconds");
    expect(spec).not.toHaveProperty("ttlSecondsAfterFinished");
    expect(stderr).toContain(`${file}:11:16: note: spec.parallelism: 0 meant unset`);
    expect(stderr).toContain(`${file}:12:26: note: spec.activeDeadlineSeconds: 0 meant no deadline: left out`);
    expect(stderr).toContain(
      `${file}:13:28: note: spec.ttlSecondsAfterFinished: 0 meant never delete: left out, which says the same in the current API (where 0 deletes the Job as soon as it finishes)`,
    );
  });

  test("completions 0 (a work queue) cannot be said: a warning says what the Job now does and what to set", async () => {
    const { spec, stderr, file } = await converted(job(BASE + "completions: 0\nparallelism: 4\n"));
    expect(spec).not.toHaveProperty("completions");
    expect(spec).toMatchObject({ parallelism: 4 });
    expect(stderr).toContain(
      `${file}:11:16: warning: spec.completions: 0 meant unset, a work queue (the Job succeeds once any pod succeeds and the rest end)`,
    );
    expect(stderr).toContain("set completions to the number of successes the work needs");
  });
});

describe("what has no place in the current API: a warning with its path and what to do", () => {
  test("configMaps, targetCluster and the created ServiceAccount", async () => {
    const { code, spec, stderr, file, stdout } = await converted(
      job(
        yaml`
          targetCluster:
            clusterKind: AwsEksCluster
            clusterName: prod-eks
        ` +
          BASE +
          yaml`
            configMaps:
              report-script: |
                echo this is not printed
          `,
      ),
    );
    expect(code).toBe(0);
    expect(spec).not.toHaveProperty("targetCluster");
    expect(spec).not.toHaveProperty("configMaps");
    expect(stderr).toContain(
      `${file}:6:3: warning: spec.targetCluster: was left out: the current API has no targetCluster (the cluster is the provider connection's); deploy to AwsEksCluster cluster "prod-eks" with --kubeconfig and --context at synth time, or the annotation kubernetes.planton.dev/context`,
    );
    expect(stderr).toContain(
      `${file}:15:5: warning: spec.configMaps["report-script"]: was left out: the current API creates no ConfigMap; create the ConfigMap "report-script" (its content under the key "report-script") with a KubernetesConfigMap manifest or kubectl, and mount it by name`,
    );
    expect(stderr).toContain(
      `${file}:4:9: warning: metadata.name: the first dialect created the ServiceAccount "nightly-report" for the Job's pods; the current API does not create a ServiceAccount: create "nightly-report" yourself (a KubernetesServiceAccount manifest or kubectl) and set spec.pod.serviceAccount.value to it`,
    );
    expect(stdout).not.toContain("echo this is not printed");
    expect(stderr).toMatch(/3 warnings: read them before you deploy\n$/);
  });

  test("an image digest cannot be said (the current API runs repo:tag)", async () => {
    const digest = `sha256:${"a".repeat(64)}`;
    const { stderr, file } = await converted(
      job(yaml`
        namespace:
          value: reports
        image:
          repo: ghcr.io/acme/report-runner
          tag: "${digest}"
      `),
    );
    expect(stderr).toContain(`${file}:10:10: warning: spec.image.tag: is a digest, which the current API cannot say`);
  });
});

describe("deployment settings move from labels to annotations", () => {
  test("context, backend, Docker config and this tool's keys: under the current API's annotation keys", async () => {
    const { value, stderr, file } = await converted(
      job(
        BASE,
        yaml`
          name: nightly-report
          env: prod
          labels:
            team: reporting
            kubernetes.project-planton.org/context: prod-eks
            terraform.project-planton.org/backend.type: s3
            terraform.project-planton.org/backend.object: acme-state/jobs
            kubernetes.project-planton.org/docker-config-json-file: docker.json
            kubernetes-job-cdktf/timeout: 45m
          annotations:
            kubernetes-job-cdktf/engine: manifest
        `,
      ),
    );
    expect(value!.metadata).toEqual({
      name: "nightly-report",
      env: "prod",
      labels: { team: "reporting" },
      annotations: {
        "kubernetes-job-cdktf/engine": "manifest",
        "kubernetes.planton.dev/context": "prod-eks",
        "terraform.planton.dev/backend.type": "s3",
        // The state stays where the first dialect kept it: <prefix>/<stack>.tfstate.
        "terraform.planton.dev/backend.bucket": "acme-state",
        "terraform.planton.dev/backend.key": "jobs/nightly-report-prod.tfstate",
        "kubernetes.planton.dev/docker-config-json-file": "docker.json",
        "kubernetes-job-cdktf/timeout": "45m",
      },
    });
    // Each of them is said where it was; none is lost.
    expect(stderr).toContain(
      `${file}:10:5: note: metadata.labels["terraform.project-planton.org/backend.object"]: became`,
    );
    // No move is a warning; the one warning of a label is the Docker config's relative path, carried
    // as written to standard output (test/cli/convert-paths.test.ts).
    expect(stderr.match(/warning: metadata\.labels\[[^\]]*\]/g)).toEqual([
      'warning: metadata.labels["kubernetes.project-planton.org/docker-config-json-file"]',
    ]);
  });

  test.each([
    ["s3", "acme-state/jobs/batch"],
    ["gcs", "acme-state/jobs"],
    ["azurerm", "tfstate"],
  ])(
    "the %s state stays where it was: the converted manifest's stack has the same backend block",
    async (type, object) => {
      const text = job(
        BASE,
        yaml`
        name: nightly-report
        env: prod
        labels:
          terraform.project-planton.org/backend.type: ${type}
          terraform.project-planton.org/backend.object: ${object}
      `,
      );
      const dir = tempDir();
      writeFiles(dir, { "v1/job.yaml": text });
      const run = await convert([join(dir, "v1", "job.yaml")]);
      writeFiles(dir, { "current/job.yaml": run.stdout });
      const backend = async (input: string) => {
        const out = join(dir, `out-${input}`);
        const synth = await runCli(["synth", join(dir, input), "--out", out]);
        expect(synth.code).toBe(0);
        const stack = JSON.parse(readFileSync(join(out, "stacks", "nightly-report-prod", "cdk.tf.json"), "utf8"));
        return stack.terraform.backend as Record<string, unknown>;
      };
      expect(await backend("current")).toEqual(await backend("v1"));
    },
  );

  test("a backend object that is not a bucket and key (pg) is a warning saying how to give it", async () => {
    const { value, stderr, file } = await converted(
      job(
        BASE,
        yaml`
          name: nightly-report
          labels:
            terraform.project-planton.org/backend.type: pg
            terraform.project-planton.org/backend.object: jobs_state
        `,
      ),
    );
    expect(value!.metadata).toEqual({
      name: "nightly-report",
      annotations: { "terraform.planton.dev/backend.type": "pg" },
    });
    expect(stderr).toContain(
      `${file}:7:5: warning: metadata.labels["terraform.project-planton.org/backend.object"]: a pg backend's object ("jobs_state") is not a bucket and key: it was left out; give it at synth time with --backend-object "jobs_state"`,
    );
  });
});

describe("style and comments", () => {
  test("a snake_case manifest stays snake_case, the fields convert adds too", async () => {
    const { code, stdout } = await converted(
      readFileSync(join(ROOT, "test", "fixtures", "snake-case", "schema-migration.yaml"), "utf8").replace(
        "    tag: v4.12.0\n",
        "    tag: v4.12.0\n    pull_secret_name: registry-credentials\n",
      ),
    );
    expect(code).toBe(0);
    expect(stdout).toContain("api_version: kubernetes.planton.dev/v1alpha1\n");
    expect(stdout).toContain("  create_namespace: true\n");
    expect(stdout).toContain("        secret_ref:\n");
    expect(stdout).toContain(
      "  pod:\n    automount_service_account_token: true\n    image_pull_secrets:\n      - value: registry-credentials\n",
    );
    expect(stdout).not.toMatch(/^\s*-?\s*[a-z]+[A-Z]\w*:/m);
  });

  test("a camelCase manifest's added fields are camelCase", async () => {
    const { stdout } = await converted(
      job(yaml`
        namespace:
          value: reports
        createNamespace: true
        image:
          repo: ghcr.io/acme/report-runner
          tag: "1.4.2"
          pullSecretName: registry-credentials
      `),
    );
    expect(stdout).toContain("  pod:\n    automountServiceAccountToken: true\n    imagePullSecrets:\n");
  });

  test("comments stay with the fields they were written at", async () => {
    const { stdout } = await converted(
      yaml`
        # The nightly report.
        apiVersion: kubernetes.project-planton.org/v1 # the first dialect
        kind: KubernetesJob
        metadata:
          name: nightly-report
        spec:
          namespace:
            value: reports
          # pinned by the release process
          image:
            repo: ghcr.io/acme/report-runner # the mirror
            tag: "1.4.2"
          backoffLimit: 2 # retries are cheap
      `,
    );
    expect(stdout).toContain(
      "# The nightly report.\napiVersion: kubernetes.planton.dev/v1alpha1 # the first dialect\n",
    );
    expect(stdout).toContain(
      "      # pinned by the release process\n      image:\n        repo: ghcr.io/acme/report-runner # the mirror\n",
    );
    expect(stdout).toContain("  backoffLimit: 2 # retries are cheap\n");
  });
});

describe("documents of other shapes", () => {
  test("an alias becomes a copy of what it names: each field keeps its value wherever it moves", async () => {
    const { code, spec, stdout } = await converted(
      job(
        BASE +
          yaml`
        env:
          variables:
            A: &shared {value: "same"}
            B: *shared
      `,
      ),
    );
    expect(code).toBe(0);
    expect(spec!.container.app.env).toEqual({
      variables: [
        { name: "A", value: "same" },
        { name: "B", value: "same" },
      ],
    });
    expect(stdout).not.toMatch(/[&*]shared/);
  });

  test("a KubernetesNamespace document is copied as it is, with a note; flow style stays flow style", async () => {
    const text =
      job(BASE) +
      yaml`
        ---
        apiVersion: kubernetes.project-planton.org/v1
        kind: KubernetesNamespace
        metadata: {name: reports}
        spec: {name: reports}
      `;
    const { code, stdout, stderr, file } = await converted(text);
    expect(code).toBe(0);
    expect(stdout.split("---\n")[1]).toBe(text.split("---\n")[1]);
    expect(stderr).toContain(
      `${file}:13:7: note: kind: a KubernetesNamespace document is copied as it is: convert rewrites KubernetesJob documents`,
    );
  });
});

describe("the command", () => {
  test("invalid input gets validate's errors, exit 1, and nothing is printed or written", async () => {
    const dir = tempDir();
    const text = job(yaml`
      namespace:
        value: Reports
      image:
        repo: ghcr.io/acme/report-runner
    `);
    writeFiles(dir, { "bad.yaml": text, "good.yaml": job(BASE) });
    const validated = await runCli(["validate", join(dir, "bad.yaml")]);
    const out = join(dir, "out");
    const run = await convert([join(dir, "good.yaml"), join(dir, "bad.yaml"), "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const error = validated.stderr.split("\n").find((line) => line.includes("error:"));
    expect(error).toContain("spec.namespace.value");
    expect(run.stderr).toContain(`${error}\n`);
    expect(run.stderr).toContain(`Nothing was written to ${out}.`);
    expect(existsSync(out)).toBe(false);
  });

  test("what depends on the run is carried over as written, for validate to check in the current API", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "refers.yaml": job(yaml`
        namespace:
          valueFrom:
            name: team-ns
        image:
          repo: busybox
          tag: "1.36"
      `),
      "bad-backend.yaml": job(
        BASE,
        "name: nightly-report\nlabels:\n  terraform.project-planton.org/backend.type: s4\n",
      ),
    });
    const refers = await convert([join(dir, "refers.yaml")]);
    expect(refers.code).toBe(0);
    expect(refers.stdout).toContain("  namespace:\n    valueFrom:\n      name: team-ns\n");

    const backend = await convert([join(dir, "bad-backend.yaml")]);
    expect(backend.code).toBe(0);
    writeFiles(dir, { "converted.yaml": backend.stdout });
    const validated = await runCli(["validate", join(dir, "converted.yaml")]);
    expect(validated.code).toBe(1);
    expect(validated.stderr).toContain(
      `error: metadata.annotations["terraform.planton.dev/backend.type"]: "s4" is not a supported backend`,
    );
  });

  test("--out writes one file per input file under its name; documents of a file stay together", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "in/a.yaml": job(BASE) + "---\n" + job(BASE, "name: second\n"),
      "in/b.yml": job(BASE, "name: third\n"),
    });
    const out = join(dir, "out");
    const run = await convert([join(dir, "in"), "--out", out]);
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([".kubernetes-job", "a.yaml", "b.yml"]);
    expect(run.stdout).toBe(
      `wrote ${out}/a.yaml\nwrote ${out}/b.yml\n3 documents of 2 files converted to kubernetes.planton.dev/v1alpha1, 3 warnings: read them before you deploy\n`,
    );
    const a = readFileSync(join(out, "a.yaml"), "utf8");
    expect(
      a.split("\n---\n").map((document) => (parse(document) as { metadata: { name: string } }).metadata.name),
    ).toEqual(["nightly-report", "second"]);
    // Converting again into the same directory replaces its own files, the same bytes.
    expect((await convert([join(dir, "in"), "--out", out])).code).toBe(0);
    expect(readFileSync(join(out, "a.yaml"), "utf8")).toBe(a);
  });

  test("a file holding secret values is written readable by its owner only", async () => {
    const dir = tempDir();
    writeFiles(dir, { "job.yaml": job(BASE + "env:\n  secrets:\n    TOKEN:\n      value: s3cr3t-t0ken-value\n") });
    const out = join(dir, "out");
    expect((await convert([join(dir, "job.yaml"), "--out", out])).code).toBe(0);
    expect(statSync(join(out, "job.yaml")).mode & 0o777).toBe(0o600);
  });

  test("without --out, every document goes to stdout, separated by ---, in the order of the paths", async () => {
    const run = await convert(["-"], job(BASE) + "---\n" + job(BASE, "name: second\n"));
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n---\n")).toHaveLength(2);
    expect(run.stderr).toContain("<stdin>:4:9: warning: metadata.name:");
  });

  test("two inputs of the same name, or standard input, cannot go to --out", async () => {
    const dir = tempDir();
    writeFiles(dir, { "x/job.yaml": job(BASE), "y/job.yaml": job(BASE, "name: other\n") });
    const same = await convert([join(dir, "x"), join(dir, "y"), "--out", join(dir, "out")]);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain(`would both be written as job.yaml in ${join(dir, "out")}`);
    expect(existsSync(join(dir, "out"))).toBe(false);
    const stdin = await convert(["-", "--out", join(dir, "out")], job(BASE));
    expect(stdin).toMatchObject({ code: 1, stdout: "" });
    expect(stdin.stderr).toContain("standard input has none: convert - without --out");
  });

  test("convert --help prints its usage; no path is a usage error (exit 2)", async () => {
    const help = await convert(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: kubernetes-job convert <paths...> [options]\n");
    expect(help.stdout).toContain("  --out DIR ");
    expect(help.stdout).not.toContain("--kubeconfig");
    const none = await convert([]);
    expect(none).toMatchObject({ code: 2, stdout: "" });
    expect(none.stderr).toContain("convert needs at least one path");
  });
});
