/**
 * Deployment settings move from `metadata.labels` to `metadata.annotations`: the current API reads
 * its platform keys from annotations only, under new names (plantonhq/openmcf
 * _changelog/2026-07/2026-07-09-120000-platform-keys-move-from-labels-to-annotations.md;
 * pkg/kubernetes/kubernetesannotationkeys/keys.go; pkg/iac/tofu/tofuannotationkeys/keys.go), and the
 * one `backend.object` became `backend.bucket` + `backend.key`.
 */
import { isMap, isScalar, Pair, Scalar, type YAMLMap } from "yaml";
import { ANNOTATIONS, LABELS } from "../deployment/labels";
import { fieldPair, keyOf, mapOf, newPair, type KeyStyle } from "./yaml-nodes";
import { rangeStart, type ConvertNote } from "./notes";

/** Label key -> annotation key, for the settings that keep their value as it is. */
const RENAMED: ReadonlyMap<string, string> = new Map([
  [LABELS.context, ANNOTATIONS.context],
  [LABELS.dockerConfigJsonFile, ANNOTATIONS.dockerConfigJsonFile],
  [LABELS.backendType, ANNOTATIONS.backendType],
  // This tool's own settings keep their keys and move with Planton's.
  [LABELS.waitForCompletion, ANNOTATIONS.waitForCompletion],
  [LABELS.timeout, ANNOTATIONS.timeout],
]);

/** Backends whose first-dialect object is `<bucket or container>/<prefix>`. */
const BUCKET_BACKENDS = new Set(["s3", "gcs", "azurerm"]);

/**
 * The state location of the first dialect (lib/deployment/backend.ts backendFor) as bucket and
 * key: `<prefix>/<stack>.tfstate` (s3, azurerm), `<prefix>/<stack>` (gcs, whose key is a prefix),
 * so that the converted manifest keeps its state where it is.
 */
export function bucketAndKey(type: string, object: string, stack: string): { bucket: string; key: string } | undefined {
  if (!BUCKET_BACKENDS.has(type)) return undefined;
  const [head, ...rest] = object.trim().split("/");
  const prefix = rest.join("/").replace(/^\/+|\/+$/g, "");
  if (head === "") return undefined;
  const leaf = type === "gcs" ? stack : `${stack}.tfstate`;
  return { bucket: head, key: prefix ? `${prefix}/${leaf}` : leaf };
}

/**
 * Moves the deployment labels of `metadata` to its annotations (created after the labels when
 * there are none), and removes `labels` when nothing else is left there.
 */
export function moveDeploymentLabels(metadata: unknown, style: KeyStyle, stack: string): ConvertNote[] {
  const labelsPair = fieldPair(metadata, "labels");
  const labels = labelsPair?.value;
  if (!isMap(metadata) || !labelsPair || !isMap(labels)) return [];
  const notes: ConvertNote[] = [];
  const moved: Pair[] = [];
  const valueOf = (key: string) => {
    const pair = (labels.items as Pair[]).find((item) => keyOf(item) === key);
    return pair && isScalar(pair.value) ? String(pair.value.value) : undefined;
  };
  const backendType = valueOf(LABELS.backendType);
  for (const pair of [...(labels.items as Pair[])]) {
    const key = String(keyOf(pair));
    const path = ["metadata", "labels", key];
    const offset = rangeStart(pair.key);
    const renamed = RENAMED.get(key);
    if (renamed !== undefined) {
      labels.items.splice(labels.items.indexOf(pair), 1);
      moved.push(new Pair(new Scalar(renamed), pair.value));
      carryComment(pair, moved[moved.length - 1]);
      notes.push({ level: "note", path, offset, message: `moved to metadata.annotations["${renamed}"]` });
    } else if (key === LABELS.backendObject) {
      labels.items.splice(labels.items.indexOf(pair), 1);
      const object = isScalar(pair.value) ? String(pair.value.value) : "";
      const split = backendType === undefined ? undefined : bucketAndKey(backendType, object, stack);
      if (split) {
        moved.push(new Pair(new Scalar(ANNOTATIONS.backendBucket), new Scalar(split.bucket)));
        carryComment(pair, moved[moved.length - 1]);
        moved.push(new Pair(new Scalar(ANNOTATIONS.backendKey), new Scalar(split.key)));
        notes.push({
          level: "note",
          path,
          offset,
          message: `became metadata.annotations["${ANNOTATIONS.backendBucket}"] "${split.bucket}" and ["${ANNOTATIONS.backendKey}"] "${split.key}", the state's place as the first dialect computed it for stack "${stack}"`,
        });
      } else {
        notes.push({ level: "warning", path, offset, message: objectAdvice(backendType, object, stack) });
      }
    }
  }
  if (moved.length === 0) return notes;
  let annotations = fieldPair(metadata, "annotations")?.value;
  if (!isMap(annotations)) {
    const created = mapOf([]);
    metadata.items.splice(metadata.items.indexOf(labelsPair) + 1, 0, newPair(style, "annotations", created));
    annotations = created;
  }
  const target = annotations as YAMLMap;
  for (const pair of moved) {
    const key = String(keyOf(pair));
    const existing = (target.items as Pair[]).find((item) => keyOf(item) === key);
    if (existing) {
      notes.push({
        level: "warning",
        path: ["metadata", "annotations", key],
        offset: rangeStart(existing.key),
        message: `is kept as written; the label that would have become it was left out (the annotations already say it)`,
      });
    } else {
      target.items.push(pair);
    }
  }
  if (labels.items.length === 0) {
    // An empty labels map says nothing; its comments go with the annotations that follow.
    const annotationsPair = fieldPair(metadata, "annotations");
    if (annotationsPair) carryComment(labelsPair, annotationsPair);
    metadata.items.splice(metadata.items.indexOf(labelsPair), 1);
  }
  return notes;
}

/** Why a backend object cannot become bucket and key, and what to do instead. */
function objectAdvice(type: string | undefined, object: string, stack: string): string {
  const annotations = `the current API's backend annotations are ${ANNOTATIONS.backendType}, .bucket, .key, .region and .endpoint`;
  if (type === undefined) {
    return `has no backend.type label beside it, so its meaning depends on the run's --backend-type: it was left out; ${annotations}: write backend.bucket and backend.key yourself (for s3: the bucket before the first "/", and key <prefix>/${stack}.tfstate), or give --backend-object at synth time`;
  }
  if (BUCKET_BACKENDS.has(type)) {
    return `"${object}" gives no bucket: it was left out; ${annotations}`;
  }
  return `a ${type} backend's object ("${object}") is not a bucket and key: it was left out; give it at synth time with --backend-object "${object}" (or cdktf.json's backendObject), as ${annotations}`;
}

/** The comment written before one pair goes before another. */
function carryComment(from: Pair, to: Pair): void {
  const key = from.key as Scalar | null;
  const target = to.key as Scalar | null;
  if (!key?.commentBefore || !target) return;
  target.commentBefore = target.commentBefore ? `${key.commentBefore}\n${target.commentBefore}` : key.commentBefore;
  target.spaceBefore = key.spaceBefore;
}
