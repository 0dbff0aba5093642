/**
 * The object model as text for Kubernetes tools: multi-document YAML (`kubectl apply -f`,
 * kubeconform, policy tools, GitOps repositories) or a JSON `v1 List`. Objects are written in
 * apply order, with their fields in the model's order; the same objects always give the same
 * bytes.
 */
import { stringify } from "yaml";
import type { KubernetesObject } from "../model";

export type RenderFormat = "yaml" | "json";

/** The objects of one manifest, and where the manifest came from. */
export interface RenderedManifest {
  /** The manifest's file as given (`-` for standard input), shown in a YAML comment. */
  readonly source: string;
  readonly objects: readonly KubernetesObject[];
}

// No folding of long strings (a folded line is a different scalar to some tools) and no anchors
// (two equal label maps are written out twice, as kubectl would).
const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false } as const;

/** One YAML document per object, each manifest's objects under a `# Source:` comment. */
function yamlText(manifests: readonly RenderedManifest[]): string {
  const documents = manifests.flatMap(({ source, objects }) =>
    objects.map((object, index) => {
      const comment = index === 0 ? `# Source: ${JSON.stringify(source).slice(1, -1)}\n` : "";
      return `---\n${comment}${stringify(object, YAML_OPTIONS)}`;
    }),
  );
  return documents.join("");
}

/** A `v1 List` holding every object, which `kubectl apply -f` takes as it takes its items. */
function jsonText(manifests: readonly RenderedManifest[]): string {
  const items = manifests.flatMap(({ objects }) => objects);
  return `${JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2)}\n`;
}

export function renderText(manifests: readonly RenderedManifest[], format: RenderFormat): string {
  return format === "json" ? jsonText(manifests) : yamlText(manifests);
}
