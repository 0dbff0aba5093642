/**
 * `kubernetes-job synth` and `npx cdktf synth` interleaved on one output directory, in either
 * format: the files cdktf-cli wrote there since are cdktf's generated files (its manifest.json
 * names them), so synth replaces or removes them too, and every stack directory keeps exactly one
 * format (found by review 2: `synth --hcl`, `cdktf synth`, `synth --hcl` left both).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { entries, tempDir, writeFiles } from "../support/files";
import { EXAMPLES } from "../support/paths";

/** What `npx cdktf synth` (JSON, or --hcl) leaves in a stack directory and in manifest.json. */
function cdktfSynthesized(out: string, stack: string, hcl: boolean): void {
  const file = hcl ? "cdk.tf" : "cdk.tf.json";
  writeFiles(out, {
    [`stacks/${stack}/${file}`]: hcl ? "# by cdktf\n" : "{}\n",
    [`stacks/${stack}/metadata.json`]: "{}\n",
  });
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {
    stacks: Record<string, { synthesizedStackPath: string; stackMetadataPath: string }>;
  };
  manifest.stacks[stack].synthesizedStackPath = `stacks/${stack}/${file}`;
  manifest.stacks[stack].stackMetadataPath = `stacks/${stack}/metadata.json`;
  writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2));
}

describe("synth after cdktf-cli wrote into its output", () => {
  test.each([
    ["--hcl, cdktf synth, --hcl", true, false],
    ["JSON, cdktf synth --hcl, JSON", false, true],
  ])("%s: one format per stack directory", async (_, hcl, cdktfHcl) => {
    const out = join(tempDir(), "out");
    const args = ["synth", join(EXAMPLES, "hello-world.yaml"), "--out", out, "--quiet", ...(hcl ? ["--hcl"] : [])];
    expect((await runCli(args)).code).toBe(0);
    cdktfSynthesized(out, "hello-world", cdktfHcl);
    writeFileSync(join(out, "stacks", "hello-world", "override.tf"), "# mine\n");
    const again = await runCli(args);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    // (cdktf writes metadata.json beside cdk.tf in HCL mode, as synth --hcl does)
    expect(entries(join(out, "stacks", "hello-world"))).toEqual(
      hcl ? ["cdk.tf", "metadata.json", "override.tf"] : ["cdk.tf.json", "override.tf"],
    );
  });
});

describe("a cdktf output adopted for the first time (found by review 4)", () => {
  test("only the files cdktf's manifest.json names are adopted: a user's cdk.tf and metadata.json there stay", async () => {
    const out = join(tempDir(), "out");
    // What npx cdktf synth (JSON) leaves: manifest.json naming the stack's cdk.tf.json, no record of ours
    writeFiles(out, {
      "manifest.json": JSON.stringify({
        version: "0.21.0",
        stacks: {
          "hello-world": {
            name: "hello-world",
            synthesizedStackPath: "stacks/hello-world/cdk.tf.json",
            workingDirectory: "stacks/hello-world",
          },
        },
      }),
      "stacks/hello-world/cdk.tf.json": "{}\n",
      "stacks/hello-world/cdk.tf": '# my own\noutput "x" { value = 1 }\n',
      "stacks/hello-world/metadata.json": '{"mine":1}\n',
    });
    const run = await runCli(["synth", join(EXAMPLES, "hello-world.yaml"), "--out", out, "--quiet"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, "stacks", "hello-world", "cdk.tf.json"), "utf8")).not.toBe("{}\n");
    expect(readFileSync(join(out, "stacks", "hello-world", "cdk.tf"), "utf8")).toBe(
      '# my own\noutput "x" { value = 1 }\n',
    );
    expect(readFileSync(join(out, "stacks", "hello-world", "metadata.json"), "utf8")).toBe('{"mine":1}\n');
  });

  test("a directory where synth writes a file is refused, not removed", async () => {
    const out = join(tempDir(), "out");
    const args = ["synth", join(EXAMPLES, "hello-world.yaml"), "--out", out, "--quiet"];
    expect((await runCli(args)).code).toBe(0);
    rmSync(join(out, "stacks", "hello-world", "cdk.tf.json"));
    writeFiles(out, { "stacks/hello-world/cdk.tf.json/x": "mine\n" });
    const run = await runCli(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("stacks/hello-world/cdk.tf.json is in the way and is not a file");
    expect(readFileSync(join(out, "stacks", "hello-world", "cdk.tf.json", "x"), "utf8")).toBe("mine\n");
  });
});
