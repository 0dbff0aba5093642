/**
 * `kubernetes-job validate` and the numbers Kubernetes can hold: Planton's proto declares the Job's
 * counts as uint32 and activeDeadlineSeconds as uint64, but Kubernetes stores the counts as int32
 * and the Job controller turns the deadline into a Go time.Duration (nanoseconds in an int64). A
 * value beyond that must be refused at validate, where it is written, not at apply.
 */
import { join } from "node:path";
import { runCli } from "../support/cli";
import { positionOf, tempDir, writeFiles } from "../support/files";
import { yaml } from "../support/manifest";

const INT32_REASON = "Kubernetes stores it as a 32-bit signed integer";
const DEADLINE_REASON =
  "the Job controller turns it into a Go time.Duration (nanoseconds in a signed 64-bit integer), which would overflow";

/** A manifest file whose spec ends with `field: value`; the validate run and where the value is. */
async function validateField(field: string, value: string) {
  const text =
    yaml`
    apiVersion: kubernetes.project-planton.org/v1
    kind: KubernetesJob
    metadata:
      name: nightly-report
    spec:
      namespace:
        value: reports
      image:
        repo: ghcr.io/acme/report-runner
        tag: "1.4.2"
  ` + `  ${field}: ${value}\n`;
  const dir = tempDir();
  writeFiles(dir, { "job.yaml": text });
  const file = join(dir, "job.yaml");
  const run = await runCli(["validate", file]);
  return { ...run, at: `${file}:${positionOf(text, `${field}: ${value}`).split(":")[0]}:${field.length + 5}` };
}

describe("validate refuses numbers beyond what Kubernetes stores", () => {
  const INT32_FIELDS = ["parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished"];

  test.each(INT32_FIELDS)("accepts %s: 2147483647, the largest int32", async (field) => {
    const { code, stderr } = await validateField(field, "2147483647");
    expect(stderr).not.toContain("error");
    expect(code).toBe(0);
  });

  test.each(INT32_FIELDS)("refuses %s: 2147483648 at its line and column, saying why", async (field) => {
    const { code, stderr, at } = await validateField(field, "2147483648");
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${at}: error: spec.${field}: 2147483648 is too large; the maximum is 2147483647 (${INT32_REASON})\n`,
    );
  });

  test.each(INT32_FIELDS)('refuses %s written as the string "4294967295" (a valid uint32)', async (field) => {
    const { code, stderr, at } = await validateField(field, '"4294967295"');
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${at}: error: spec.${field}: 4294967295 is too large; the maximum is 2147483647 (${INT32_REASON})\n`,
    );
  });

  test("accepts activeDeadlineSeconds: 9223372036, the most seconds a time.Duration holds", async () => {
    const { code, stderr } = await validateField("activeDeadlineSeconds", "9223372036");
    expect(stderr).not.toContain("error");
    expect(code).toBe(0);
  });

  test("refuses activeDeadlineSeconds: 9223372037 at its line and column, saying why", async () => {
    const { code, stderr, at } = await validateField("activeDeadlineSeconds", "9223372037");
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${at}: error: spec.activeDeadlineSeconds: 9223372037 is too large; the maximum is 9223372036 (${DEADLINE_REASON})\n`,
    );
  });

  test("refuses a proto-style string activeDeadlineSeconds beyond it, quoting its digits as written", async () => {
    const { code, stderr, at } = await validateField("activeDeadlineSeconds", '"18446744073709551615"');
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${at}: error: spec.activeDeadlineSeconds: 18446744073709551615 is too large; the maximum is 9223372036 (${DEADLINE_REASON})\n`,
    );
  });

  test("says the allowed range when the value is not a number", async () => {
    const { stderr, at } = await validateField("parallelism", '"many"');
    expect(stderr).toContain(
      `${at}: error: spec.parallelism: must be a whole number from 0 to 2147483647, got string "many"\n`,
    );
  });
});
