/**
 * One first-dialect KubernetesJob document (`kubernetes.project-planton.org/v1`) rewritten, in
 * place, as the current API's (`kubernetes.planton.dev/v1alpha1`: plantonhq/openmcf
 * apis/dev/planton/provider/kubernetes/kubernetesjob/v1alpha1/spec.proto, workload_container.proto,
 * workload_pod.proto). Fields are moved, not rebuilt, so keys keep their spelling and comments
 * stay with them; what has no place in the current API is taken out and said, with what to do.
 *
 * What keeps its meaning without a word: the pod identity variables HOSTNAME and K8S_POD_ID are
 * still added by Planton to every container (pkg/iac/pulumi/pulumimodule/provider/kubernetes/
 * containerenv/envvars.go, BuildEnvVars), so they are not written out.
 */
import { isMap, isScalar, isSeq, Pair, Scalar, visit, type Document, type Node, type YAMLMap } from "yaml";
import type { Path } from "../diagnostics";
import { imageReference } from "../manifest/k8s/image";
import type { KubernetesJobManifest } from "../manifest/schema";
import { PLANTON_API_VERSION } from "../manifest/v1alpha1/schema";
import { CONTAINER_NAME, serviceAccountName } from "../model/object-names";
import { stackName } from "../terraform/plan";
import { deployedJob, deployedServiceAccount } from "./deployed-stack";
import { moveDeploymentLabels } from "./deployment-keys";
import { keyStyle } from "./key-style";
import { relocatePaths } from "./relocate-fields";
import type { Relocation } from "./relative-paths";
import { rangeStart, type ConvertNote } from "./notes";
import {
  fieldPair,
  fieldValue,
  joinComments,
  keyOf,
  mapOf,
  newPair,
  seqOf,
  takeField,
  type KeyStyle,
} from "./yaml-nodes";

/** The JSON Schema comment of the first dialect, and the one of the current API beside it. */
const FIRST_SCHEMA_FILE = "kubernetes-job.schema.json";
export const CURRENT_SCHEMA_FILE = "kubernetes-job.v1alpha1.schema.json";

/** Fields of the first dialect's spec that belong to the app container in the current API, in its order. */
const CONTAINER_FIELDS = ["image", "command", "args", "env", "resources", "volumeMounts"] as const;

class Notes {
  readonly list: ConvertNote[] = [];
  warn(path: Path, node: unknown, message: string): void {
    this.list.push({ level: "warning", path, offset: rangeStart(node), message });
  }
  note(path: Path, node: unknown, message: string): void {
    this.list.push({ level: "note", path, offset: rangeStart(node), message });
  }
}

/**
 * Rewrites `document` (a valid first-dialect Job, whose validated value is `manifest`) in place
 * and returns what it says about the conversion.
 */
export function convertJobDocument(
  document: Document,
  manifest: KubernetesJobManifest,
  relocation: Relocation = {},
): ConvertNote[] {
  expandAliases(document);
  const root = document.contents as YAMLMap;
  const style = keyStyle(root);
  const notes = new Notes();

  const apiVersion = fieldPair(root, "apiVersion");
  if (apiVersion && isScalar(apiVersion.value)) apiVersion.value.value = PLANTON_API_VERSION;
  notes.note(["apiVersion"], apiVersion?.value, deployedJob(manifest.metadata.name, stackName(manifest.metadata)));
  // The editor's schema comment (`# yaml-language-server: $schema=...`) names the current API's schema.
  const firstKey = root.items[0]?.key as Scalar | undefined;
  for (const holder of [document, root, firstKey ?? {}] as { commentBefore?: string | null }[]) {
    if (holder.commentBefore?.includes(FIRST_SCHEMA_FILE)) {
      holder.commentBefore = holder.commentBefore.replace(FIRST_SCHEMA_FILE, CURRENT_SCHEMA_FILE);
    }
  }

  notes.list.push(...moveDeploymentLabels(fieldValue(root, "metadata"), style, stackName(manifest.metadata)));
  notes.list.push(...relocatePaths(document, relocation));
  convertSpec(fieldValue(root, "spec") as YAMLMap, manifest, style, notes, fieldPair(root, "metadata"));
  return notes.list;
}

/**
 * Each alias becomes a copy of what it names, and anchors go: fields move to new places, where an
 * alias could come before its anchor, and one shared node would be changed for every field using it.
 */
function expandAliases(document: Document): void {
  const copy = (node: Node): Node => {
    const clone = node.clone() as Node;
    visit(clone, {
      Alias: (_, alias) => copy(alias.resolve(document) as Node),
    });
    return clone;
  };
  visit(document, {
    Alias: (_, alias) => copy(alias.resolve(document) as Node),
  });
  visit(document, {
    Node: (_, node) => {
      if ("anchor" in node) node.anchor = undefined;
    },
  });
}

function convertSpec(
  spec: YAMLMap,
  manifest: KubernetesJobManifest,
  style: KeyStyle,
  notes: Notes,
  metadataPair: Pair | undefined,
): void {
  takeRemovedFields(spec, manifest, notes);
  moveToContainer(spec, manifest, style, notes);
  convertCounts(spec, manifest, notes);
  const { name } = manifest.metadata;
  notes.warn(
    ["metadata", "name"],
    fieldPair(metadataPair?.value, "name")?.value,
    `the first dialect created the ServiceAccount "${serviceAccountName(name)}" for the Job's pods; ` +
      `the current API does not create a ServiceAccount: create "${serviceAccountName(name)}" yourself ` +
      `(a KubernetesServiceAccount manifest or kubectl) and set spec.pod.serviceAccount.value to it, ` +
      `or the pods run as the namespace's default ServiceAccount. ` +
      deployedServiceAccount(name, serviceAccountName(name), stackName(manifest.metadata)),
  );
}

/** targetCluster and configMaps have no place in the current API: taken out, each with what to do. */
function takeRemovedFields(spec: YAMLMap, manifest: KubernetesJobManifest, notes: Notes): void {
  const { spec: valid } = manifest;
  const targetCluster = takeField(spec, "targetCluster");
  if (targetCluster) {
    const { clusterKind, clusterName } = valid.targetCluster ?? {};
    notes.warn(
      ["spec", "targetCluster"],
      targetCluster.key,
      `was left out: the current API has no targetCluster (the cluster is the provider connection's); ` +
        `deploy to ${clusterKind ?? "the"} cluster "${clusterName ?? ""}" with --kubeconfig and --context at synth time, ` +
        `or the annotation kubernetes.planton.dev/context`,
    );
  }

  const configMaps = takeField(spec, "configMaps");
  if (configMaps) {
    const entries = isMap(configMaps.value) ? (configMaps.value.items as Pair[]) : [];
    for (const entry of entries) {
      const name = String(keyOf(entry));
      notes.warn(
        ["spec", "configMaps", name],
        entry.key,
        `was left out: the current API creates no ConfigMap; create the ConfigMap "${name}" (its content under the key "${name}") ` +
          `with a KubernetesConfigMap manifest or kubectl, and mount it by name (volumeMounts[].configMap.name)`,
      );
    }
  }
}

/**
 * The container fields move under spec.container.app, where the first of them was, and spec.pod
 * follows with what the first dialect's pods got.
 */
function moveToContainer(spec: YAMLMap, manifest: KubernetesJobManifest, style: KeyStyle, notes: Notes): void {
  const at = Math.min(
    ...CONTAINER_FIELDS.map((field) => spec.items.indexOf(fieldPair(spec, field) as Pair)).filter(
      (index) => index >= 0,
    ),
  );
  const moved = Object.fromEntries(CONTAINER_FIELDS.map((field) => [field, takeField(spec, field)])) as Record<
    (typeof CONTAINER_FIELDS)[number],
    Pair | undefined
  >;
  const pullSecret = convertImage(moved.image as Pair, manifest, style, notes);
  if (moved.env) convertEnv(moved.env, style);
  const resources = convertResources(moved.resources, manifest, style, notes, moved.image?.key);
  convertVolumeMounts(moved.volumeMounts);

  const app = mapOf([
    // The first dialect's container name, so that `kubectl logs -c` and exit-code rules still find it
    // (the current API would name it "app": workloadpod.BuildContainers in Planton's module).
    newPair(style, "name", new Scalar(CONTAINER_NAME)),
    moved.image,
    moved.command,
    moved.args,
    moved.env,
    resources,
    moved.volumeMounts,
  ]);
  // The first dialect's pods got the service account token: the provider sends
  // automount_service_account_token true when it is unset (structures_pod.go expandPodSpec), and the
  // ServiceAccount it created said nothing else. Written out, as the typed engine needs it said.
  const pod = mapOf([
    newPair(style, "automountServiceAccountToken", new Scalar(true)),
    pullSecret && newPair(style, "imagePullSecrets", seqOf([mapOf([newPair(style, "value", pullSecret.value)])])),
  ]);
  const added = [newPair(style, "container", mapOf([newPair(style, "app", app)])), newPair(style, "pod", pod)];
  spec.items.splice(Number.isFinite(at) ? at : spec.items.length, 0, ...added);
  notes.note(
    [],
    moved.image?.key,
    "spec.pod.automountServiceAccountToken is written as true, what the first dialect's pods got; set it to false if the Job does not call the Kubernetes API",
  );
}

/**
 * The image, as the current API writes it (always `repo:tag`, Planton's workloadpod.BuildContainer):
 * a missing tag becomes `latest`, what the image without one meant; a digest cannot be said.
 * Returns the pull secret pair, taken out of the image (it moves to spec.pod.imagePullSecrets).
 */
function convertImage(pair: Pair, manifest: KubernetesJobManifest, style: KeyStyle, notes: Notes): Pair | undefined {
  const image = pair.value as YAMLMap;
  const { repo, tag } = manifest.spec.image;
  const path = ["spec", "image"];
  const pullSecret = takeField(image, "pullSecretName");
  if (pullSecret) {
    notes.note(
      [...path, "pullSecretName"],
      pullSecret.key,
      "moved to spec.pod.imagePullSecrets, where the current API lists the pod's pull secrets",
    );
  }
  if (tag && imageReference(repo, tag) === `${repo}@${tag}`) {
    notes.warn(
      [...path, "tag"],
      fieldPair(image, "tag")?.value,
      `is a digest, which the current API cannot say (it runs repo:tag): replace it with the tag the digest was built from`,
    );
  } else if (!tag) {
    const inRepo = /^(.*[^/]):([\w][\w.-]{0,127})$/.exec(repo);
    if (repo.includes("@")) {
      notes.warn(
        [...path, "repo"],
        fieldPair(image, "repo")?.value,
        "holds a digest, which the current API cannot say (it runs repo:tag): give the repository alone and the tag the digest was built from",
      );
    } else if (inRepo) {
      const repoPair = fieldPair(image, "repo") as Pair;
      (repoPair.value as Scalar).value = inRepo[1];
      setField(image, style, "tag", inRepo[2]);
      notes.note([...path, "repo"], repoPair.value, `was split into repo "${inRepo[1]}" and tag "${inRepo[2]}"`);
    } else {
      setField(image, style, "tag", "latest");
      notes.note(
        [...path, "tag"],
        pair.key,
        `was not set: written as "latest", what an image without a tag runs (the current API requires a tag); pin a version`,
      );
    }
  }
  return pullSecret;
}

/** Sets a scalar field of a map, adding it (in the document's key style) when it is missing. */
function setField(map: YAMLMap, style: KeyStyle, jsonName: string, value: string): void {
  const pair = fieldPair(map, jsonName);
  if (pair && isScalar(pair.value)) pair.value.value = value;
  else if (pair) pair.value = new Scalar(value);
  else map.items.push(newPair(style, jsonName, new Scalar(value)));
}

/**
 * env maps become lists of `{name, ...}` in name order: the first dialect renders variables and
 * secrets sorted by name (lib/model/job-objects.ts env), the current API in list order.
 */
function convertEnv(envPair: Pair, style: KeyStyle): void {
  for (const field of ["variables", "secrets"]) {
    const pair = fieldPair(envPair.value, field);
    if (!pair || !isMap(pair.value)) continue;
    const entries = [...(pair.value.items as Pair[])].sort((a, b) => {
      const [x, y] = [String(keyOf(a)), String(keyOf(b))];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    pair.value = seqOf(entries.map((entry) => listEntry(entry, style)));
  }
}

/** `NAME: {value: x}` as `{name: NAME, value: x}`, with the comments written before the name. */
function listEntry(entry: Pair, style: KeyStyle): YAMLMap {
  const key = entry.key as Scalar;
  const item = isMap(entry.value) ? (entry.value as YAMLMap) : mapOf([]);
  const name = typeof key.value === "string" ? key : new Scalar(String(key.value));
  const comment = joinComments(key.commentBefore, item.commentBefore);
  if (comment !== undefined) {
    item.commentBefore = comment;
    // A flow mapping in a list does not print the comment before it.
    item.flow = false;
  }
  item.spaceBefore = key.spaceBefore;
  key.commentBefore = undefined;
  key.spaceBefore = undefined;
  item.items.unshift(newPair(style, "name", name));
  return item;
}

/**
 * The first dialect gives a container its default resources (lib/manifest/defaults.ts); the current
 * API has none (a container without limits is unbounded), so they are written out, as validated
 * (a YAML number becomes its quantity string, which Planton's loader requires).
 */
function convertResources(
  pair: Pair | undefined,
  manifest: KubernetesJobManifest,
  style: KeyStyle,
  notes: Notes,
  containerAt: unknown,
): Pair {
  const resources = pair ?? newPair(style, "resources", mapOf([]));
  const map = isMap(resources.value) ? (resources.value as YAMLMap) : mapOf([]);
  resources.value = map;
  const filled: string[] = [];
  for (const part of ["limits", "requests"] as const) {
    let partPair = fieldPair(map, part);
    if (!partPair || !isMap(partPair.value)) {
      partPair = partPair ?? newPair(style, part, mapOf([]));
      partPair.value = mapOf([]);
      if (!map.items.includes(partPair)) map.items.push(partPair);
    }
    for (const quantity of ["cpu", "memory"] as const) {
      const value = manifest.spec.resources[part][quantity];
      if (!fieldPair(partPair.value, quantity)) filled.push(`${part}.${quantity} ${value}`);
      setField(partPair.value as YAMLMap, style, quantity, value);
    }
  }
  if (filled.length > 0) {
    notes.note(
      ["spec", "resources"],
      pair?.key ?? containerAt,
      `the first dialect's defaults were written out (${filled.join(", ")}): the current API has none, and a container without limits is unbounded`,
    );
  }
  return resources;
}

/** An emptyDir sizeLimit written as a YAML number becomes its quantity string. */
function convertVolumeMounts(pair: Pair | undefined): void {
  if (!pair || !isSeq(pair.value)) return;
  for (const mount of pair.value.items) {
    const sizeLimit = fieldPair(fieldValue(mount, "emptyDir"), "sizeLimit");
    if (sizeLimit && isScalar(sizeLimit.value) && typeof sizeLimit.value.value === "number") {
      sizeLimit.value.value = String(sizeLimit.value.value);
    }
  }
}

/**
 * Counts whose 0 meant "unset" in the first dialect and means something else now
 * (spec.proto: parallelism and completions default to 1 and may be 0; activeDeadlineSeconds is
 * at least 1; ttlSecondsAfterFinished 0 deletes the Job at once).
 */
function convertCounts(spec: YAMLMap, manifest: KubernetesJobManifest, notes: Notes): void {
  const { spec: valid } = manifest;
  const parallelism = fieldPair(spec, "parallelism");
  if (parallelism && valid.parallelism === undefined) {
    if (isScalar(parallelism.value)) parallelism.value.value = 1;
    notes.note(
      ["spec", "parallelism"],
      parallelism.value,
      "0 meant unset (Kubernetes then runs 1 pod at a time): written as 1, since 0 in the current API runs no pod",
    );
  }
  const completions = fieldPair(spec, "completions");
  if (completions && valid.completions === undefined) {
    takeField(spec, "completions");
    notes.warn(
      ["spec", "completions"],
      completions.value,
      "0 meant unset, a work queue (the Job succeeds once any pod succeeds and the rest end); the current API cannot leave completions unset " +
        "(its default is 1, and 0 needs no pod at all): it was left out, so the Job now needs 1 success and runs 1 pod at a time; " +
        "set completions to the number of successes the work needs",
    );
  }
  const deadline = fieldPair(spec, "activeDeadlineSeconds");
  if (deadline && valid.activeDeadlineSeconds === undefined) {
    takeField(spec, "activeDeadlineSeconds");
    notes.note(
      ["spec", "activeDeadlineSeconds"],
      deadline.value,
      "0 meant no deadline: left out, which says the same in the current API (where the least deadline is 1)",
    );
  }
  const ttl = fieldPair(spec, "ttlSecondsAfterFinished");
  if (ttl && valid.ttlSecondsAfterFinished === undefined) {
    takeField(spec, "ttlSecondsAfterFinished");
    notes.note(
      ["spec", "ttlSecondsAfterFinished"],
      ttl.value,
      "0 meant never delete: left out, which says the same in the current API (where 0 deletes the Job as soon as it finishes)",
    );
  }
}
