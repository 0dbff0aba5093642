/**
 * The path-valued parts of a converted document, rewritten for where it is written (see
 * relative-paths.ts): the Docker config annotation (moved from its label) and the editor's
 * `$schema=` comment.
 */
import { isMap, isScalar, type Document, type Pair, type Scalar } from "yaml";
import { ANNOTATIONS, LABELS } from "../deployment/labels";
import { rangeStart, type ConvertNote } from "./notes";
import { commonDirectory, relocate, type Relocation } from "./relative-paths";
import { fieldValue, keyOf } from "./yaml-nodes";
import { resolve } from "node:path";

/** `# yaml-language-server: $schema=<path>`: the path, up to the end of its word. */
const SCHEMA = /(\$schema=)(\S+)/;

export function relocatePaths(document: Document, relocation: Relocation): ConvertNote[] {
  return [...dockerConfig(document, relocation), ...schemaComment(document, relocation)];
}

function dockerConfig(document: Document, relocation: Relocation): ConvertNote[] {
  const annotations = fieldValue(fieldValue(document.contents, "metadata"), "annotations");
  if (!isMap(annotations)) return [];
  const pair = (annotations.items as Pair[]).find((item) => keyOf(item) === ANNOTATIONS.dockerConfigJsonFile);
  const value = pair?.value;
  if (!pair || !isScalar(value) || typeof value.value !== "string") return [];
  // A key convert wrote (no place in the input) was the label's.
  const path =
    rangeStart(pair.key) !== undefined
      ? ["metadata", "annotations", ANNOTATIONS.dockerConfigJsonFile]
      : ["metadata", "labels", LABELS.dockerConfigJsonFile];
  const written = value.value;
  const offset = rangeStart(value);
  const relocated = relocate(written, relocation);
  if (relocated.kind === "same") return [];
  if (relocated.kind === "carried") {
    return [
      {
        level: "warning",
        path,
        offset,
        message: `"${written}" is relative to the manifest's directory (${relocation.fromName ?? relocated.from}) and is written as it is (standard output has no directory): save the output in that directory, or change the path`,
      },
    ];
  }
  (value as Scalar).value = relocated.path;
  const root = commonDirectory(relocation.to ?? "", resolve(relocation.from ?? "", written));
  return [
    {
      level: relocated.outside ? "warning" : "note",
      path,
      offset,
      message:
        `"${written}" is relative to the manifest's directory: written as "${relocated.path}", the same file from ${relocation.toName ?? relocation.to}` +
        (relocated.outside
          ? `; it leads outside that directory, so validate and synth read it only with --docker-config-root ${root}`
          : ""),
    },
  ];
}

function schemaComment(document: Document, relocation: Relocation): ConvertNote[] {
  const root = document.contents as { items?: { key?: unknown }[] } | null;
  const firstKey = root?.items?.[0]?.key as Scalar | undefined;
  const notes: ConvertNote[] = [];
  for (const holder of [document, document.contents ?? {}, firstKey ?? {}] as { commentBefore?: string | null }[]) {
    const match = holder.commentBefore ? SCHEMA.exec(holder.commentBefore) : null;
    if (!holder.commentBefore || !match) continue;
    const written = match[2];
    const relocated = relocate(written, relocation);
    if (relocated.kind === "carried") {
      notes.push({
        level: "note",
        path: [],
        message: `the editor's $schema path "${written}" is relative to ${relocation.fromName ?? relocated.from} and is written as it is (standard output has no directory)`,
      });
    } else if (relocated.kind === "moved") {
      holder.commentBefore = holder.commentBefore.replace(SCHEMA, (_, prefix: string) => `${prefix}${relocated.path}`);
      notes.push({
        level: "note",
        path: [],
        message: `the editor's $schema path "${written}" was written as "${relocated.path}", the same file from ${relocation.toName ?? relocation.to}`,
      });
    }
  }
  return notes;
}
