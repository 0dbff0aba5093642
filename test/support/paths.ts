import { join, resolve } from "node:path";

/** The repository's root, where cdktf.json, examples/ and dist/ are. */
export const ROOT = resolve(__dirname, "..", "..");
export const EXAMPLES = join(ROOT, "examples");
/** Planton's own example manifests, next to the repository on some machines only. */
export const PLANTON_EXAMPLES = resolve(ROOT, "..", "shared", "planton-examples");
