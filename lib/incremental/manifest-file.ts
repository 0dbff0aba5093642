/**
 * manifest.json of an incremental run: the entries of the stacks synthesized now and of those kept,
 * written by cdktf's own Manifest class, so that it is byte for byte what one App holding every
 * stack writes. Only that module of cdktf is loaded: a run that synthesizes nothing does not load
 * cdktf at all.
 */
import { join } from "node:path";
import type { Manifest as CdktfManifest } from "cdktf";
import { readOwnFile } from "../output/own-files";
import type { ManifestEntry } from "./cache";

/** The stack entries of the manifest.json synthesis wrote into `outdir`; none when it wrote none. */
export function stagedEntries(outdir: string): Record<string, ManifestEntry> {
  const file = readOwnFile(join(outdir, "manifest.json"));
  if (!("text" in file)) return {};
  return (JSON.parse(file.text) as { stacks?: Record<string, ManifestEntry> }).stacks ?? {};
}

/** Writes `outdir`/manifest.json naming the stacks. */
export function writeManifestFile(outdir: string, hcl: boolean, entries: Record<string, ManifestEntry>): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { Manifest } = require("cdktf/lib/manifest") as { Manifest: typeof CdktfManifest };
  const { version } = require("cdktf/package.json") as { version: string };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const manifest = new Manifest(version, outdir, hcl);
  Object.assign(manifest.stacks, entries);
  manifest.writeToFile();
}
