/** One document to one manifest (lib/parse.ts): kind and apiVersion first, then schema and rules. */
import { API_VERSION } from "../../lib/manifest/defaults";
import { PLANTON_API_VERSION } from "../../lib/manifest/v1alpha1/schema";
import { BASE_SPEC, check, described, errors, job, positionOf, yaml } from "../helpers";

describe("kind and apiVersion", () => {
  test("fails on another Planton kind, at kind, without listing unknown fields", () => {
    const text = yaml`
      apiVersion: ${API_VERSION}
      kind: Job
      metadata:
        name: nightly-report
      spec:
        template: {}
    `;
    const result = check(text);
    expect(result.manifest).toBeUndefined();
    expect(described(result.diagnostics)).toEqual([
      `kind: "Job" is not supported: expected KubernetesJob (or KubernetesNamespace, read as a source of references; apiVersion ${API_VERSION})`,
    ]);
    expect(result.diagnostics[0]).toMatchObject(positionOf(text, "Job\n"));
  });

  test("fails on another apiVersion of the right kind, at apiVersion", () => {
    const text = job().replace(API_VERSION, "kubernetes.project-planton.org/v2");
    const result = check(text);
    expect(described(result.diagnostics)).toEqual([
      `apiVersion: "kubernetes.project-planton.org/v2" is not supported: expected ${API_VERSION} or ${PLANTON_API_VERSION}`,
    ]);
    expect(result.diagnostics[0]).toMatchObject({ line: 1, column: 13 });
  });

  test("fails on a document with neither apiVersion nor kind", () => {
    const result = check("metadata:\n  name: x\n");
    expect(described(result.diagnostics)).toEqual([
      `: is not a KubernetesJob manifest: apiVersion and kind are missing (expected apiVersion: ${API_VERSION}, kind: KubernetesJob)`,
    ]);
    expect(result.diagnostics[0]).toMatchObject({ path: [], line: 1, column: 1 });
  });

  test.each([
    ["a list", "- a\n- b\n"],
    ["a string", "just text\n"],
    ["null", "--- null\n"],
  ])("fails on a document that is %s", (_, text) => {
    expect(errors(check(text)).map((diagnostic) => diagnostic.message)).toEqual([
      "is not a manifest: expected a mapping with apiVersion, kind, metadata and spec",
    ]);
  });

  test("passes with the exact apiVersion and kind", () => {
    expect(check(job()).diagnostics).toEqual([]);
  });
});

describe("results", () => {
  test("a valid manifest with warnings is still valid", () => {
    const result = check(job("namespace: { value: reports }\nimage: { repo: busybox, tag: latest }\n"));
    expect(result.manifest?.metadata.name).toBe("nightly-report");
    expect(result.diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(["warning"]);
  });

  test("an invalid manifest has no manifest, only its diagnostics, placed in the file", () => {
    const result = check(job(BASE_SPEC, "Bad"));
    expect(result.manifest).toBeUndefined();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", file: "<stdin>", line: 4, column: 9, path: ["metadata", "name"] }),
    ]);
  });

  test("diagnostics are sorted by line and column, whatever order the rules found them in", () => {
    const text = job(
      BASE_SPEC + 'ttlSecondsAfterFinished: 60\nresources: { requests: { cpu: "2" } }\ncreateNamespace: true\n',
    ).replace("value: reports", "value: default");
    const lines = check(text).diagnostics.map((diagnostic) => diagnostic.line);
    expect(lines).toEqual([...lines].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(lines).toHaveLength(3);
  });
});
