/**
 * Proto field names (snake_case) are the same manifest as JSON names (camelCase): each fixture in
 * test/fixtures/snake-case is an example of examples/ written with proto names, and synthesizes
 * byte-identical stacks.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { readTree, tempDir } from "../support/files";
import { EXAMPLES } from "../support/paths";

const SNAKE_CASE = join(__dirname, "..", "fixtures", "snake-case");
const fixtures = readdirSync(SNAKE_CASE)
  .filter((file) => file.endsWith(".yaml"))
  .sort();

/** The stacks `kubernetes-job synth` writes for one file (path -> bytes), and its warnings. */
async function synthesize(file: string): Promise<{ stacks: Record<string, string>; stderr: string }> {
  // The same relative layout for both runs, so that relative state paths are the same too.
  const out = join(tempDir(), "out");
  const run = await runCli(["synth", file, "--out", out]);
  expect(run.code).toBe(0);
  return { stacks: readTree(join(out, "stacks")), stderr: run.stderr.split(file).join("<file>") };
}

describe("snake_case manifests", () => {
  test("there is one for each of four examples", () => {
    expect(fixtures).toEqual([
      "report-with-volumes.yaml",
      "schema-migration.yaml",
      "shard-reindex.yaml",
      "thumbnail-fanout.yaml",
    ]);
  });

  test.each(fixtures)(
    "%s synthesizes the same bytes, with the same warnings, as its camelCase example",
    async (file) => {
      const snake = await synthesize(join(SNAKE_CASE, file));
      const camel = await synthesize(join(EXAMPLES, file));
      expect(Object.keys(snake.stacks).length).toBeGreaterThan(0);
      expect(snake.stacks).toEqual(camel.stacks);
      // Warnings name the same fields; their lines differ (the examples have one more comment line).
      const withoutPositions = (stderr: string) => stderr.replace(/^<file>:\d+:\d+: /gm, "");
      expect(withoutPositions(snake.stderr)).toBe(withoutPositions(camel.stderr));
    },
  );
});
