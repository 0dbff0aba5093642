/**
 * Proto field names (snake_case) are the same manifest as JSON names (camelCase): each fixture in
 * test/fixtures/snake-case is an example of examples/ written with proto names, and synthesizes
 * byte-identical stacks.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "./support/cli";
import { readTree, tempDir } from "./support/files";
import { EXAMPLES } from "./support/paths";

const SNAKE_CASE = join(__dirname, "fixtures", "snake-case");
const fixtures = readdirSync(SNAKE_CASE)
  .filter((file) => file.endsWith(".yaml"))
  .sort();

/** The stacks `kubernetes-job synth` writes for one file, as path -> bytes. */
async function stacksOf(file: string): Promise<Record<string, string>> {
  // The same relative layout for both runs, so that relative state paths are the same too.
  const out = join(tempDir(), "out");
  const run = await runCli(["synth", file, "--out", out]);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  return readTree(join(out, "stacks"));
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

  test.each(fixtures)("%s synthesizes the same bytes as its camelCase example", async (file) => {
    const snake = await stacksOf(join(SNAKE_CASE, file));
    const camel = await stacksOf(join(EXAMPLES, file));
    expect(Object.keys(snake).length).toBeGreaterThan(0);
    expect(snake).toEqual(camel);
  });
});
