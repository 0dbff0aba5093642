import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { writeAtomically } from "../lib/output";
import { entries, readOutput, readTree, tempDir, writeFiles } from "./support/files";

/** A synthesize function that writes these files into the staging directory. */
const writing = (files: Record<string, string>) => (staging: string) => writeFiles(staging, files);

const hex = (text: string) => Buffer.from(text).toString("hex");

/** The output directory inside a fresh parent, so stray staging directories are visible. */
function outDir(): string {
  return join(tempDir(), "cdktf.out");
}

describe("writeAtomically", () => {
  test("moves every synthesized file into place and returns the stacks, sorted", async () => {
    const out = outDir();
    const written = await writeAtomically(
      out,
      writing({ "manifest.json": "{}", "stacks/b/cdk.tf.json": "B", "stacks/a/cdk.tf.json": "A" }),
    );
    expect(written).toEqual({ files: ["manifest.json"], stacks: ["a", "b"], retired: [] });
    expect(readOutput(out)).toEqual({
      "manifest.json": hex("{}"),
      stacks: "<dir>",
      "stacks/a": "<dir>",
      "stacks/a/cdk.tf.json": hex("A"),
      "stacks/b": "<dir>",
      "stacks/b/cdk.tf.json": hex("B"),
    });
  });

  test("leaves nothing beside the output, and only its record inside", async () => {
    const out = outDir();
    await writeAtomically(out, writing({ "stacks/a/cdk.tf.json": "A" }));
    expect(readdirSync(dirname(out))).toEqual(["cdktf.out"]);
    expect(entries(join(out, ".kubernetes-job"))).toEqual(["written.json"]);
  });

  test("keeps Terraform's files in a stack directory and replaces the generated ones", async () => {
    // GIVEN a stack that Terraform has initialised
    const out = outDir();
    await writeAtomically(out, writing({ "stacks/a/cdk.tf.json": "old" }));
    writeFiles(join(out, "stacks/a"), {
      ".terraform/providers/marker": "provider",
      ".terraform.lock.hcl": "lock",
      "terraform.tfstate": "state",
    });

    // WHEN it is synthesized again
    await writeAtomically(out, writing({ "stacks/a/cdk.tf.json": "new" }));

    // THEN the configuration is new and Terraform's files are untouched
    const tree = readTree(join(out, "stacks/a"));
    expect(tree).toEqual({
      ".terraform": "<dir>",
      ".terraform/providers": "<dir>",
      ".terraform/providers/marker": hex("provider"),
      ".terraform.lock.hcl": hex("lock"),
      "cdk.tf.json": hex("new"),
      "terraform.tfstate": hex("state"),
    });
  });

  test("removes generated files the new synthesis did not produce", async () => {
    const out = outDir();
    await writeAtomically(out, writing({ "stacks/a/cdk.tf.json": "json", "stacks/a/assets/x": "asset" }));
    await writeAtomically(out, writing({ "stacks/a/cdk.tf.json": "json" }));
    expect(entries(join(out, "stacks/a"))).toEqual(["cdk.tf.json"]);
  });

  test("removes the files it wrote for stacks that were not synthesized this time, and nothing else", async () => {
    const out = outDir();
    await writeAtomically(
      out,
      writing({ "stacks/a/cdk.tf.json": "A", "stacks/gone/cdk.tf.json": "G", "stacks/empty/cdk.tf.json": "E" }),
    );
    mkdirSync(join(out, "stacks/gone/.terraform"));
    const written = await writeAtomically(out, writing({ "stacks/a/cdk.tf.json": "A" }));
    expect(written.retired).toEqual([{ name: "empty" }, { name: "gone" }]);
    expect(entries(join(out, "stacks"))).toEqual(["a", "gone"]);
    expect(entries(join(out, "stacks/gone"))).toEqual([".terraform"]);
  });

  test("leaves the previous output byte for byte when synthesis fails, and no staging directory", async () => {
    // GIVEN a previous output with Terraform's files
    const out = outDir();
    await writeAtomically(out, writing({ "manifest.json": "{}", "stacks/a/cdk.tf.json": "A" }));
    writeFiles(join(out, "stacks/a"), { ".terraform.lock.hcl": "lock", ".terraform/marker": "m" });
    const before = readTree(out);

    // WHEN a synthesis fails after writing part of its files
    const failing = (staging: string) => {
      writeFiles(staging, { "stacks/a/cdk.tf.json": "half" });
      throw new Error("synthesis failed");
    };

    // THEN the error propagates and nothing changed
    await expect(writeAtomically(out, failing)).rejects.toThrow("synthesis failed");
    expect(readTree(out)).toEqual(before);
    expect(readdirSync(dirname(out))).toEqual(["cdktf.out"]);
    expect(entries(join(out, ".kubernetes-job"))).toEqual(["written.json"]);
  });

  test("creates the output directory and its parents", async () => {
    const out = join(tempDir(), "deep", "er", "out");
    await writeAtomically(out, (staging) => writeFileSync(join(staging, "manifest.json"), "{}"));
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
    expect(entries(join(out, "stacks"))).toEqual([]);
  });
});
