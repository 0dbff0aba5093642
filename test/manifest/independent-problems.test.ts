/**
 * A schema error hides no independent problem (lib/manifest/independent-problems.ts), and never
 * makes one up: a rule that reads a rejected field is skipped, and no placeholder reaches a message.
 */
import { formatPath } from "../../lib/diagnostics";
import { check, errors, job, warnings, yaml } from "../helpers";

const described = (result: ReturnType<typeof check>) =>
  result.diagnostics.map((d) => `${d.severity} ${formatPath(d.path)}: ${d.message}`);

describe("a schema error does not hide the rest", () => {
  test("a malformed cpu limit still lets the memory request be checked against its limit", () => {
    const result = check(
      job(yaml`
        namespace: { value: reports }
        image: { repo: ghcr.io/acme/report-runner, tag: "1.4.2" }
        resources:
          limits: { cpu: 2x }
          requests: { cpu: "2", memory: 2Gi }
      `),
    );
    expect(result.manifest).toBeUndefined();
    expect(errors(result).map((d) => formatPath(d.path))).toEqual([
      "spec.resources.limits.cpu",
      "spec.resources.requests.memory",
    ]);
    // The cpu request is not compared with the default limit that stood in for the malformed one.
    expect(described(result).join("\n")).not.toContain(`"2" is more than the limit`);
  });

  test("warnings of untouched fields are reported too", () => {
    const result = check(
      job(`namespace: { value: reports }\nimage: { repo: busybox }\nbackoffLimit: -1\nttlSecondsAfterFinished: 5\n`),
    );
    expect(errors(result).map((d) => formatPath(d.path))).toEqual(["spec.backoffLimit"]);
    expect(warnings(result).map((d) => d.id)).toEqual(["unpinned-image", "ttl-rerun"]);
  });

  test("a rejected namespace and image never show the placeholders that stood in for them", () => {
    const result = check(
      job(yaml`
        namespace: { value: Not_A_Label }
        image: { repo: "" }
        createNamespace: true
        env:
          secrets:
            TOKEN: { secretRef: { name: s, key: k, namespace: elsewhere } }
        volumeMounts:
          - { name: a, mountPath: /a, emptyDir: {} }
          - { name: a, mountPath: /b, emptyDir: {} }
      `),
    );
    const text = described(result).join("\n");
    expect(text).not.toContain("placeholder");
    // The namespace rules read the rejected namespace: skipped. The volume rule reads nothing rejected.
    expect(errors(result).map((d) => formatPath(d.path))).toEqual([
      "spec.namespace.value",
      "spec.image.repo",
      "spec.volumeMounts[1].name",
    ]);
  });

  test("a spec that is not a mapping gives its one error", () => {
    const result = check(job("").replace("spec:", "spec: 3"));
    expect(described(result)).toEqual(["error spec: must be a mapping, got number 3"]);
  });
});
