/**
 * Deployment keys a manifest's apiVersion would not read where they are written, or spelt as no
 * key of the tool: each is an error at the key naming the key that is read (the corpus,
 * test/fixtures/invalid/*deployment-keys*.yaml, checks their file:line:column through validate).
 */
import { deploymentKeyProblems } from "../../lib/deployment/key-placement";
import { ANNOTATIONS, LABELS } from "../../lib/deployment/labels";
import { loadedManifest, problemLines } from "../support/deployment";
import { manifestInput } from "../support/manifest";

/** Problems of a first-dialect manifest with these labels and annotations. */
function firstDialect(labels: Record<string, string>, annotations: Record<string, string> = {}) {
  const { manifest } = loadedManifest(manifestInput({}, { labels, annotations }));
  return problemLines(deploymentKeyProblems(manifest));
}

/** Problems of a v1alpha1 manifest with these annotations and labels. */
function v1alpha1(annotations: Record<string, string>, labels: Record<string, string> = {}) {
  const { manifest } = loadedManifest({
    apiVersion: "kubernetes.planton.dev/v1alpha1",
    kind: "KubernetesJob",
    metadata: { name: "backfill", annotations, labels },
    spec: {
      namespace: { value: "batch" },
      container: { app: { image: { repo: "ghcr.io/acme/backfill", tag: "1.0" } } },
    },
  });
  return problemLines(deploymentKeyProblems(manifest));
}

describe("deployment keys of a first-dialect manifest", () => {
  test("its own keys in labels and the engine annotation are not problems", () => {
    expect(
      firstDialect(
        { [LABELS.backendType]: "s3", [LABELS.waitForCompletion]: "true", team: "data" },
        { "kubernetes-job-cdktf/engine": "manifest", "example.com/owner": "data" },
      ),
    ).toEqual([]);
  });

  test("a misspelt engine label is pointed at the annotation it meant", () => {
    expect(firstDialect({ "kubernetes-job-cdktf/engin": "manifest" })).toEqual([
      'error: metadata.labels["kubernetes-job-cdktf/engin"]: is not a key this tool reads; did you mean metadata.annotations["kubernetes-job-cdktf/engine"]?',
    ]);
  });

  test("the current API's region, which the first dialect has no label for, names the flag instead", () => {
    expect(firstDialect({ [ANNOTATIONS.backendRegion]: "eu-west-1" })).toEqual([
      `error: metadata.labels["${ANNOTATIONS.backendRegion}"]: is a kubernetes.planton.dev/v1alpha1 key, which kubernetes.project-planton.org/v1 does not read, and it has no such setting: give it at synth time (--backend-config KEY=VALUE)`,
    ]);
  });

  test("an unknown key under this tool's prefix lists the tool's keys, each where it is read", () => {
    expect(firstDialect({ "kubernetes-job-cdktf/retries": "3" })).toEqual([
      'error: metadata.labels["kubernetes-job-cdktf/retries"]: is not a key this tool reads; its keys are metadata.labels["kubernetes-job-cdktf/wait-for-completion"] and ["kubernetes-job-cdktf/timeout"] and metadata.annotations["kubernetes-job-cdktf/engine"]',
    ]);
  });
});

describe("deployment keys of a v1alpha1 manifest", () => {
  test("two letters swapped get the key meant, not one the same distance away", () => {
    expect(v1alpha1({ "terraform.planton.dev/backend.kye": "jobs/a.tfstate" })).toEqual([
      `error: metadata.annotations["terraform.planton.dev/backend.kye"]: is not a key this tool reads; did you mean "${ANNOTATIONS.backendKey}"?`,
    ]);
  });

  test("a misspelt first-dialect key gets the current key of that setting", () => {
    expect(v1alpha1({ "terraform.project-planton.org/backend.typ": "s3" })).toEqual([
      `error: metadata.annotations["terraform.project-planton.org/backend.typ"]: is not a key this tool reads; did you mean "${ANNOTATIONS.backendType}"?`,
    ]);
  });

  test("the tool's wait key in labels belongs in annotations", () => {
    expect(v1alpha1({}, { [ANNOTATIONS.waitForCompletion]: "true" })).toEqual([
      `error: metadata.labels["${ANNOTATIONS.waitForCompletion}"]: is a deployment setting, which kubernetes.planton.dev/v1alpha1 reads from metadata.annotations, not metadata.labels: move it there`,
    ]);
  });

  test("user labels and Planton's other keys far from any setting are left alone", () => {
    expect(
      v1alpha1({ "kubernetes.planton.dev/owner": "data" }, { team: "data", "terraform.planton.dev/tier": "x" }),
    ).toEqual([]);
  });
});

describe("deployment keys under a misspelt or odd-case prefix", () => {
  test.each([
    ["terraform.plantn.dev/backend.type", "labels", `"${LABELS.backendType}"`],
    ["Kubernetes.Planton.Dev/context", "labels", `"${LABELS.context}"`],
    ["terraform.project-planton.com/backend.type", "labels", `"${LABELS.backendType}"`],
    ["Terraform.Project-Planton.org/backend.type", "labels", `"${LABELS.backendType}"`],
    [" terraform.project-planton.org/backend.type", "labels", `"${LABELS.backendType}"`],
    ["kubernetes-job-cdk/timeout", "labels", `"${LABELS.timeout}"`],
    ["kubernetes_job_cdktf/timeout", "labels", `"${LABELS.timeout}"`],
    ["kubernetes-jobs-cdktf/timeout", "annotations", `metadata.labels["${LABELS.timeout}"]`],
    ["KUBERNETES-JOB-CDKTF/engine", "labels", `metadata.annotations["kubernetes-job-cdktf/engine"]`],
  ] as const)("first dialect: %j in %s is an error naming the key meant", (key, field, meant) => {
    const lines = field === "labels" ? firstDialect({ [key]: "x" }) : firstDialect({}, { [key]: "x" });
    expect(lines).toEqual([
      `error: metadata.${field}[${JSON.stringify(key)}]: is not a key this tool reads; did you mean ${meant}?`,
    ]);
  });

  test.each([
    ["Terraform.Planton.Dev/backend.type", `"${ANNOTATIONS.backendType}"`],
    ["terraform.project-planton.com/backend.type", `"${ANNOTATIONS.backendType}"`],
    ["kubernetes-jobs-cdktf/timeout", `"${ANNOTATIONS.timeout}"`],
    ["KUBERNETES-JOB-CDKTF/timeout", `"${ANNOTATIONS.timeout}"`],
    ["kubernetes.planton.io/context", `"${ANNOTATIONS.context}"`],
  ])("v1alpha1: %j is an error naming the key meant", (key, meant) => {
    expect(v1alpha1({ [key]: "x" })).toEqual([
      `error: metadata.annotations[${JSON.stringify(key)}]: is not a key this tool reads; did you mean ${meant}?`,
    ]);
  });

  test("a misspelt prefix of a current-API key with no first-dialect setting says so", () => {
    expect(firstDialect({ "terraform.plantn.dev/backend.region": "eu-west-1" })).toEqual([
      `error: metadata.labels["terraform.plantn.dev/backend.region"]: is not a key this tool reads; the nearest, "${ANNOTATIONS.backendRegion}", is a kubernetes.planton.dev/v1alpha1 key, which kubernetes.project-planton.org/v1 does not read, and it has no such setting: give it at synth time (--backend-config KEY=VALUE)`,
    ]);
  });

  test("unrelated user keys, whose prefixes are far from the tool's and Planton's, pass", () => {
    const keys = {
      "example.org/owner": "data",
      "app.kubernetes.io/name": "report",
      "kubernetes.io/timeout": "5m",
      "kubernetes.example.com/context": "x",
      "terraform.io/backend.type": "s3",
      "example.com/timeout": "5m",
    };
    expect(firstDialect(keys, keys)).toEqual([]);
    expect(v1alpha1(keys, keys)).toEqual([]);
  });
});

describe("unknown keys under the tool's backend. keys of Planton's terraform prefixes", () => {
  test("v1alpha1: an unknown backend annotation lists the backend keys", () => {
    expect(v1alpha1({ "terraform.planton.dev/backend.lock-table": "locks" })).toEqual([
      `error: metadata.annotations["terraform.planton.dev/backend.lock-table"]: is not a key this tool reads; its backend keys are metadata.annotations["${ANNOTATIONS.backendType}"], ["${ANNOTATIONS.backendBucket}"], ["${ANNOTATIONS.backendKey}"], ["${ANNOTATIONS.backendRegion}"] and ["${ANNOTATIONS.backendEndpoint}"]`,
    ]);
  });

  test("first dialect: an unknown backend label lists the backend labels", () => {
    expect(firstDialect({ "terraform.project-planton.org/backend.lock-table": "locks" })).toEqual([
      `error: metadata.labels["terraform.project-planton.org/backend.lock-table"]: is not a key this tool reads; its backend keys are metadata.labels["${LABELS.backendType}"] and ["${LABELS.backendObject}"]`,
    ]);
  });

  test("the other dialect's backend prefix lists the manifest's own backend keys", () => {
    expect(firstDialect({ "terraform.planton.dev/backend.lock-table": "locks" })).toEqual([
      `error: metadata.labels["terraform.planton.dev/backend.lock-table"]: is not a key this tool reads; its backend keys are metadata.labels["${LABELS.backendType}"] and ["${LABELS.backendObject}"]`,
    ]);
  });

  test("backend. keys under Planton's kubernetes prefixes are Planton's own, and left alone", () => {
    expect(v1alpha1({ "kubernetes.planton.dev/backend.tier": "x" })).toEqual([]);
  });
});
