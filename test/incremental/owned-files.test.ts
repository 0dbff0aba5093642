/**
 * Every file synth owns, deleted or changed by hand between two runs: the next run writes what a
 * synth from scratch writes (found by review 14: a deleted manifest.json failed every later run,
 * its record's backup directory never made).
 */
import { appendFileSync, lstatSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TOOL_DIR } from "../../lib/output";
import { runCli } from "../support/cli";
import { outputTree, tempDir, writeFiles } from "../support/files";
import { manifestInput } from "../support/manifest";

const tree = (dir: string) => outputTree(dir, TOOL_DIR);

const formats: Record<string, string[]> = { json: [], hcl: ["--hcl"], "--format json": ["--format", "json"] };

async function synth(inputs: string, out: string, extra: string[]) {
  return runCli(["synth", inputs, "--out", out, "--quiet", "--workers", "0", ...extra]);
}

function inputs(): string {
  const dir = tempDir();
  writeFiles(dir, {
    "a.json": JSON.stringify(manifestInput({ image: { repo: "ghcr.io/acme/a", tag: "1.0.0" } }, { name: "alpha" })),
    "b.json": JSON.stringify(manifestInput({ image: { repo: "ghcr.io/acme/b", tag: "1.0.0" } }, { name: "beta" })),
  });
  return dir;
}

/** Every file (and stack directory) a synth wrote into `out`, relative to it. */
function owned(out: string): string[] {
  const files = readdirSync(out).filter((entry) => entry !== "stacks" && entry !== TOOL_DIR);
  const own = readdirSync(join(out, TOOL_DIR)).map((entry) => join(TOOL_DIR, entry));
  const stacks = readdirSync(join(out, "stacks")).flatMap((stack) => [
    join("stacks", stack) + "/*",
    ...readdirSync(join(out, "stacks", stack)).map((entry) => join("stacks", stack, entry)),
  ]);
  return [...files, ...own, ...stacks].filter((path) => !path.endsWith("/lock")).sort();
}

describe.each(Object.entries(formats))("synth (%s), a file of its output deleted or changed by hand", (_, flags) => {
  const base = inputs();
  const first = join(tempDir(), "first");
  const setUp = synth(base, first, flags);

  test("then run again: the output is a synth from scratch's, every time", async () => {
    expect((await setUp).code).toBe(0);
    const fresh = join(tempDir(), "fresh");
    expect((await synth(base, fresh, flags)).code).toBe(0);
    const paths = owned(first);
    expect(paths).toContain("manifest.json");
    expect(paths).toContain(join(TOOL_DIR, "written.json"));
    for (const path of paths) {
      for (const change of ["delete", "alter"] as const) {
        const out = join(tempDir(), "out");
        expect((await synth(base, out, flags)).code).toBe(0);
        if (path.endsWith("/*")) {
          // A stack directory emptied.
          const dir = join(out, path.slice(0, -2));
          for (const entry of readdirSync(dir)) rmSync(join(dir, entry));
        } else if (change === "delete") rmSync(join(out, path));
        else appendFileSync(join(out, path), " ");
        for (const run of [1, 2]) {
          const again = await synth(base, out, flags);
          expect({ path, change, run, code: again.code, said: again.stderr }).toEqual({
            path,
            change,
            run,
            code: 0,
            said: "",
          });
          expect({ path, change, tree: tree(out) }).toEqual({ path, change, tree: tree(fresh) });
        }
      }
    }
  }, 240_000);
});

describe("synth run again under another umask", () => {
  /** Runs synth with the process's umask set to `mask`, putting the earlier one back after. */
  async function synthUnder(mask: number, base: string, out: string) {
    const earlier = process.umask(mask);
    try {
      return await synth(base, out, []);
    } finally {
      process.umask(earlier);
    }
  }

  test.each([
    [0o022, 0o077],
    [0o077, 0o022],
  ])("umask %o then %o: the stacks' files have the modes a synth from scratch gives them", async (before, after) => {
    const base = inputs();
    const out = join(tempDir(), "out");
    expect((await synthUnder(before, base, out)).code).toBe(0);
    expect((await synthUnder(after, base, out)).code).toBe(0);
    const fresh = join(tempDir(), "fresh");
    expect((await synthUnder(after, base, fresh)).code).toBe(0);
    const stackFile = join("stacks", "alpha", "cdk.tf.json");
    expect((lstatSync(join(fresh, stackFile)).mode & 0o777).toString(8)).toBe(after === 0o077 ? "600" : "644");
    // Files only: directories an earlier run made keep their mode, as they do with --no-cache.
    const files = (dir: string) =>
      Object.fromEntries(Object.entries(tree(dir)).filter(([, v]) => !v.startsWith("<dir")));
    expect(files(out)).toEqual(files(fresh));
  });
});
