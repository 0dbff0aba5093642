/**
 * A manifest's header (apiVersion, kind): each mistake is reported at its place, and a KubernetesJob
 * with a header mistake is still checked as one, every other problem with it (found by review 3).
 */
import { loadManifests } from "../../lib/manifest/load";
import { yaml } from "../support/manifest";

const lines = (text: string) => {
  const loaded = loadManifests(["-"], { readStdin: () => text });
  return loaded.results.flatMap((result) =>
    result.diagnostics.map((d) => `${d.line}:${d.column} ${d.path.join(".")}: ${d.message}`),
  );
};

const BODY = `metadata:
  name: nightly-report
spec:
  namespace:
    value: reports
  image:
    repo: busybox
    tag: "1.36"
  parallelism: -1
`;

describe("header mistakes do not hide the rest", () => {
  test("a Kubernetes apiVersion (v1) on a KubernetesJob is a wrong apiVersion, not a Kubernetes object", () => {
    expect(lines(`apiVersion: v1\nkind: KubernetesJob\n${BODY}`)).toEqual([
      '1:13 apiVersion: "v1" is not supported: expected kubernetes.project-planton.org/v1 or kubernetes.planton.dev/v1alpha1',
      "11:16 spec.parallelism: -1 is too small; the minimum is 0",
    ]);
  });

  test("a wrong apiVersion and a misspelt kind are both reported, with the rest", () => {
    const found = lines(`apiVersion: kubernetes.project-planton.org/v2\nkind: KubernetesJobs\n${BODY}`);
    expect(found[0]).toBe(
      '1:13 apiVersion: "kubernetes.project-planton.org/v2" is not supported: expected kubernetes.project-planton.org/v1 or kubernetes.planton.dev/v1alpha1',
    );
    expect(found[1]).toMatch(/^2:7 kind: "KubernetesJobs" is not supported: .*; did you mean "KubernetesJob"\?$/);
    expect(found[2]).toBe("11:16 spec.parallelism: -1 is too small; the minimum is 0");
  });

  test("a missing kind says it is required (never a placeholder), and the rest is checked", () => {
    expect(
      lines(
        yaml`
      apiVersion: kubernetes.project-planton.org/v1
    ` + BODY,
      ),
    ).toEqual([
      "1:1 kind: is required: KubernetesJob (or KubernetesNamespace, read as a source of references)",
      "10:16 spec.parallelism: -1 is too small; the minimum is 0",
    ]);
  });
});
