/**
 * Reading the files synth keeps in an output directory (its record, journal and lock, cdktf's
 * manifest.json, a retired stack's configuration and state). Anyone could have replaced one with
 * a pipe, a device or a link: reading only regular files, of a bounded size, means a planted
 * FIFO or /dev/zero cannot hang a run.
 */
import { lstatSync, readFileSync } from "node:fs";
import { UserError } from "../diagnostics";

/** Far more than the record of 100,000 stacks. */
export const MAX_OWN_FILE_BYTES = 64 * 1024 * 1024;

export type OwnFile = { text: string } | { problem: "missing" | "not a regular file" | "too large" };

export function readOwnFile(path: string, limit = MAX_OWN_FILE_BYTES): OwnFile {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return { problem: "missing" };
  }
  if (!stat.isFile()) return { problem: "not a regular file" };
  if (stat.size > limit) return { problem: "too large" };
  try {
    return { text: readFileSync(path, "utf8") };
  } catch {
    return { problem: "missing" };
  }
}

/** The text of one of synth's own files, or an error saying what is wrong with it. */
export function ownFileText(path: string): string | undefined {
  const file = readOwnFile(path);
  if ("text" in file) return file.text;
  if (file.problem === "missing") return undefined;
  throw new UserError(
    `${path} is ${file.problem === "too large" ? "too large" : "not a regular file"}, so kubernetes-job did not write it: remove it`,
  );
}
