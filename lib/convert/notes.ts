/** What convert says about a document: what it changed in form, and what it could not carry over. */
import type { Path } from "../diagnostics";

export interface ConvertNote {
  /**
   * "warning": something of the input has no place in the current API, or changes meaning, and
   * the message says what to do instead; "note": kept, in another form.
   */
  readonly level: "warning" | "note";
  /** The field of the input (JSON names), as messages name fields. */
  readonly path: Path;
  readonly message: string;
  /** Offset in the input text of what the note is about, for its line and column. */
  readonly offset?: number;
}

export const rangeStart = (node: unknown): number | undefined =>
  (node as { range?: readonly number[] } | null | undefined)?.range?.[0];
