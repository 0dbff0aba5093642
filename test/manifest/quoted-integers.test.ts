/**
 * Integers written as quoted JSON numbers, as Planton's loader reads them: protojson decodes a
 * quoted integer as a JSON number (google.golang.org/protobuf encoding/protojson decode.go,
 * unmarshalInt and unmarshalUint: the string must hold one number and nothing else), and getInt /
 * getUint take any number whose value is whole (internal/encoding/json decode_number.go,
 * normalizeToIntString: "2.0" is 2, "1e3" is 1000, "2.5" and "1e-1" are not integers). Both
 * dialects accept them the same way.
 */
import { loadManifests } from "../../lib/manifest/load";
import { formatPath } from "../../lib/diagnostics";
import { tempDir, writeFiles } from "../support/files";
import { join } from "node:path";
import { quotedIntegerDigits } from "../../lib/manifest/protojson-integer";

function load(text: string) {
  const dir = tempDir();
  writeFiles(dir, { "job.yaml": text });
  const result = loadManifests([join(dir, "job.yaml")]).results[0];
  const errors = result.diagnostics
    .filter((diagnostic) => diagnostic.severity === "error")
    .map(
      (diagnostic) => `${diagnostic.line}:${diagnostic.column} ${formatPath(diagnostic.path)}: ${diagnostic.message}`,
    );
  return { spec: result.manifest?.spec as Record<string, unknown> | undefined, errors };
}

const firstDialect = (fields: string) => `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesJob
metadata:
  name: nightly-report
spec:
  namespace:
    value: reports
  image:
    repo: ghcr.io/acme/report-runner
    tag: "1.4.2"
${fields}`;

const v1alpha1 = (fields: string, pod = "") => `apiVersion: kubernetes.planton.dev/v1alpha1
kind: KubernetesJob
metadata:
  name: backfill
spec:
  namespace:
    value: batch
  container:
    app:
      image:
        repo: ghcr.io/acme/backfill
        tag: "1.0"
  pod:
    automountServiceAccountToken: false
${pod}${fields}`;

describe("quoted integers in JSON number form", () => {
  test('the first dialect reads "2.0" as 2 and "1e3" as 1000', () => {
    const { spec, errors } = load(
      firstDialect(`  backoffLimit: "2.0"\n  activeDeadlineSeconds: "1e3"\n  parallelism: "30E-1"\n`),
    );
    expect(errors).toEqual([]);
    expect(spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 1000, parallelism: 3 });
  });

  test("v1alpha1 reads them the same way, in the Job's counts and the pod's fields", () => {
    const { spec, errors } = load(
      v1alpha1(
        `  backoffLimit: "2.0"\n  activeDeadlineSeconds: "1e3"\n`,
        `    terminationGracePeriodSeconds: "3.0e1"\n`,
      ),
    );
    expect(errors).toEqual([]);
    expect(spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 1000 });
    expect((spec?.pod as Record<string, unknown>).terminationGracePeriodSeconds).toBe(30);
  });

  test("a quoted number that is not whole is refused in both dialects, quoted as written", () => {
    expect(load(firstDialect(`  backoffLimit: "2.5"\n`)).errors).toEqual([
      '11:17 spec.backoffLimit: must be a whole number from 0 to 2147483647, got string "2.5"',
    ]);
    expect(load(v1alpha1(`  backoffLimit: "1e-1"\n`)).errors).toEqual([
      '15:17 spec.backoffLimit: must be a whole number from 0 to 2147483647 (int32), got string "1e-1"',
    ]);
  });

  test("a quoted whole number beyond the type is too large, said as written", () => {
    expect(load(v1alpha1(`  backoffLimit: "3e9"\n`)).errors).toEqual([
      "15:17 spec.backoffLimit: 3e9 is too large; the maximum is 2147483647 (the largest int32)",
    ]);
  });
});

describe("quotedIntegerDigits: the whole number of a quoted JSON number, as protojson's normalizeToIntString finds it", () => {
  test.each([
    ["2.0", "2"],
    ["1e3", "1000"],
    ["1E+3", "1000"],
    ["1.5e1", "15"],
    ["10e-1", "1"],
    ["-2.50e1", "-25"],
    ["0e-5", "0"],
    ["-0.0", "0"],
    ["0.5e1", "5"],
    ["42", "42"],
  ])("%p is %p", (text, digits) => {
    expect(quotedIntegerDigits(text)).toBe(digits);
  });

  test.each([["2.5"], ["1e-1"], ["1e21"], ["007"], [" 1"], ["+1"], ["1."], [".5"], ["1e"], ["0x10"], [""]])(
    "%p is no integer protojson reads",
    (text) => {
      expect(quotedIntegerDigits(text)).toBeUndefined();
    },
  );
});
