/**
 * One input file's text to the converted text: each KubernetesJob document rewritten in the
 * current API, other documents (KubernetesNamespace sources of references) as they are. The
 * output depends on the input only, so the same input gives the same bytes.
 */
import { isScalar, type Document } from "yaml";
import type { KubernetesJobManifest } from "../manifest/schema";
import { NAMESPACE_KIND } from "../manifest/schema";
import { parseYaml } from "../manifest/source";
import { convertJobDocument } from "./job-document";
import { rangeStart, type ConvertNote } from "./notes";
import type { Relocation } from "./relative-paths";
import { fieldValue, scalarValue } from "./yaml-nodes";

/** A document that is a Job but was not validated as one: the text changed since it was read. */
export class ChangedInput extends Error {}

/** A note placed in its file. */
export interface PlacedNote extends ConvertNote {
  readonly line?: number;
  readonly column?: number;
}

export interface ConvertedText {
  readonly text: string;
  /** The number of documents written. */
  readonly documents: number;
  readonly notes: PlacedNote[];
}

/** In reading order; notes of a whole document first. */
const byLine = (a: PlacedNote, b: PlacedNote): number =>
  (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

/** yaml's stringify options: no folding of long strings (a folded line can read back changed). */
const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

const isEmpty = (document: Document): boolean =>
  document.contents === null ||
  (isScalar(document.contents) &&
    document.contents.value === null &&
    document.contents.range?.[0] === document.contents.range?.[1]);

/**
 * Converts a text whose documents were validated: `manifestAt(index)` gives the validated Job of
 * the document at that index (the index of lib/manifest/source.ts: every document parsed,
 * empty ones too), and undefined for other documents, which are copied. `relocation` says where
 * the text's relative paths resolve and where the converted text goes (none: paths kept, unsaid).
 */
export function convertText(
  text: string,
  manifestAt: (index: number) => KubernetesJobManifest | undefined,
  relocation: Relocation = {},
): ConvertedText {
  const parsed = parseYaml(text);
  if (!parsed) throw new Error("a text that was read as manifests could not be parsed again");
  const { documents, lineCounter } = parsed;
  const notes: PlacedNote[] = [];
  const written: string[] = [];
  const json = /^\s*[[{]/.test(text);
  documents.forEach((document, index) => {
    if (isEmpty(document)) return;
    const manifest = manifestAt(index);
    const kind = scalarValue(fieldValue(document.contents, "kind"));
    if (!manifest && kind !== NAMESPACE_KIND) throw new ChangedInput(`document ${index} is not the one validated`);
    const documentNotes: ConvertNote[] = manifest
      ? convertJobDocument(document, manifest, relocation)
      : [
          {
            level: "note",
            path: ["kind"],
            offset: rangeStart(fieldValue(document.contents, "kind")),
            message: `a ${NAMESPACE_KIND} document is copied as it is: convert rewrites KubernetesJob documents`,
          },
        ];
    for (const note of documentNotes) {
      const at = note.offset === undefined ? undefined : lineCounter.linePos(note.offset);
      notes.push(at ? { ...note, line: at.line, column: at.col } : note);
    }
    document.directives.docStart = null;
    document.directives.docEnd = false;
    written.push(json ? `${JSON.stringify(document.toJSON(), null, 2)}\n` : document.toString(STRINGIFY));
  });
  return { text: written.join("---\n"), documents: written.length, notes: notes.sort(byLine) };
}
