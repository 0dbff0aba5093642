/**
 * cdktf's App reads the environment variable CDKTF_CONTEXT_JSON when synth builds it: one that is
 * not a JSON object is the user's setting to fix, not an internal error (found by review 14).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { tempDir, writeFiles } from "../support/files";
import { manifestInput } from "../support/manifest";

async function synthWith(context: string | undefined, extra: string[] = []) {
  const inputs = tempDir();
  writeFiles(inputs, { "a.json": JSON.stringify(manifestInput({}, { name: "alpha" })) });
  const out = join(tempDir(), "out");
  const earlier = process.env.CDKTF_CONTEXT_JSON;
  if (context === undefined) delete process.env.CDKTF_CONTEXT_JSON;
  else process.env.CDKTF_CONTEXT_JSON = context;
  try {
    return { out, run: await runCli(["synth", inputs, "--out", out, "--quiet", "--workers", "0", ...extra]) };
  } finally {
    if (earlier === undefined) delete process.env.CDKTF_CONTEXT_JSON;
    else process.env.CDKTF_CONTEXT_JSON = earlier;
  }
}

describe("CDKTF_CONTEXT_JSON", () => {
  test.each(["{", "null", "[1", '{"token": s3cr3t}'])(
    "%s: an error naming the variable, exit 1, nothing written",
    async (value) => {
      const { out, run } = await synthWith(value);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        "kubernetes-job: the environment variable CDKTF_CONTEXT_JSON (cdktf's App reads it) is not a JSON object: unset it, or make it one",
      );
      expect(run.stderr).not.toContain("internal error");
      // Its value is not shown: context may hold credentials.
      expect(run.stderr).not.toContain("s3cr3t");
      expect(existsSync(out)).toBe(false);
    },
  );

  test.each([undefined, "", "{}", '{"some": "value"}'])("%s: synth runs", async (value) => {
    const { out, run } = await synthWith(value);
    expect(run.code).toBe(0);
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
  });
});
