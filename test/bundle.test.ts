/**
 * The CLI runs one bundled file (scripts/bundle.js, run by `npm run build`): the same sources give
 * the same bundle, byte for byte, so a build is reproducible and a diff of two builds means a change.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./support/files";
import { ROOT } from "./support/paths";

function bundleInto(dir: string): void {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts", "bundle.js"), dir], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
}

describe("the CLI's bundle", () => {
  test("two builds give the same bundles and maps, and the bundles npm run build made", () => {
    const first = tempDir();
    const second = tempDir();
    bundleInto(first);
    bundleInto(second);
    for (const file of ["cli.js", "synth-worker.js"]) {
      const bytes = readFileSync(join(first, file));
      expect(readFileSync(join(second, file)).equals(bytes)).toBe(true);
      expect(readFileSync(join(ROOT, "dist", file)).equals(bytes)).toBe(true);
      expect(readFileSync(join(second, `${file}.map`)).equals(readFileSync(join(first, `${file}.map`)))).toBe(true);
    }
  });
});
