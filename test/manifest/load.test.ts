/** Paths in, validated manifests out (lib/load.ts). */
import { existsSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, formatPath } from "../../lib/diagnostics";
import { loadManifests } from "../../lib/manifest/load";
import * as parse from "../../lib/manifest/parse";
import * as readFile from "../../lib/manifest/read-file";
import { tempDir, writeFiles } from "../support/files";
import { firstDialect } from "../support/manifest";

const manifestText = (name: string) =>
  `apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata: { name: ${name} }\nspec:\n  namespace: { value: batch }\n  image: { repo: busybox, tag: "1.36" }\n`;

const fixture = (...parts: string[]) => join(__dirname, "..", "fixtures", ...parts);

describe("loadManifests", () => {
  test("is ok with one result per document, in path and document order", () => {
    const loaded = loadManifests([fixture("multi-document.yaml"), fixture("dir")]);
    expect(loaded.ok).toBe(true);
    expect(loaded.fileDiagnostics).toEqual([]);
    expect(loaded.results.map((result) => result.manifest?.metadata.name)).toEqual([
      "first",
      "second",
      "a-job",
      "b-job",
      "c-job",
    ]);
  });

  test("is ok with warnings only", () => {
    const loaded = loadManifests([fixture("warnings.yaml")]);
    expect(loaded.ok).toBe(true);
    expect(loaded.results[0].diagnostics.map((diagnostic) => diagnostic.severity)).toEqual(["warning"]);
  });

  test("is not ok when one manifest is invalid, and still validates the others", () => {
    const loaded = loadManifests([fixture("nightly-report.yaml"), fixture("invalid.yaml")]);
    expect(loaded.ok).toBe(false);
    expect(loaded.results.map((result) => result.manifest !== undefined)).toEqual([true, false]);
    expect(loaded.results[1].diagnostics.map(formatDiagnostic)).toEqual([
      `${fixture("invalid.yaml")}:4:9: error: metadata.name: "Nightly_Report" must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit`,
    ]);
  });

  test("is not ok when a file cannot be read, even if every manifest is valid", () => {
    const loaded = loadManifests([fixture("nightly-report.yaml"), fixture("missing.yaml")]);
    expect(loaded.ok).toBe(false);
    expect(loaded.results).toHaveLength(1);
    expect(loaded.fileDiagnostics.map(formatDiagnostic)).toEqual([
      `${fixture("missing.yaml")}: error: cannot be read: no such file or directory`,
    ]);
  });

  test.each(["empty.yaml", "syntax-error.yaml"])("is not ok for %s", (name) => {
    const loaded = loadManifests([fixture(name)]);
    expect(loaded.ok).toBe(false);
    expect(loaded.results).toEqual([]);
    expect(loaded.fileDiagnostics.length).toBeGreaterThan(0);
  });

  test("reads - from the given standard input", () => {
    const loaded = loadManifests(["-"], { readStdin: () => "kind: Job\n" });
    expect(loaded.ok).toBe(false);
    // Both header mistakes at once: the missing apiVersion and the unsupported kind.
    expect(loaded.results[0].diagnostics).toEqual([
      expect.objectContaining({ file: "<stdin>", line: 1, column: 1, path: ["apiVersion"] }),
      expect.objectContaining({ file: "<stdin>", line: 1, column: 7, path: ["kind"] }),
    ]);
  });
});

describe("memory in runs of many files", () => {
  afterEach(() => jest.restoreAllMocks());

  test("each file's manifests are checked before the next file is read, so one file's raw values live at a time", () => {
    const root = tempDir();
    writeFiles(root, {
      "a.yaml": manifestText("a-job"),
      "b.yaml": `${manifestText("b-job")}---\n${manifestText("c-job")}`,
    });
    const events: string[] = [];
    const read = readFile.readTextFile;
    jest.spyOn(readFile, "readTextFile").mockImplementation((file, limit) => {
      events.push(`read ${file.slice(root.length + 1)}`);
      return read(file, limit);
    });
    const check = parse.parseManifest;
    jest.spyOn(parse, "parseManifest").mockImplementation((document) => {
      events.push(`check ${String((document.value as { metadata: { name: string } }).metadata.name)}`);
      return check(document);
    });
    const loaded = loadManifests([root]);
    expect(loaded.ok).toBe(true);
    expect(events).toEqual(["read a.yaml", "check a-job", "read b.yaml", "check b-job", "check c-job"]);
  });

  test("a checked manifest keeps no raw value, and a problem found later (across manifests) is still placed exactly", () => {
    const loaded = loadManifests(["-"], { readStdin: () => manifestText("lean") });
    const [result] = loaded.results;
    expect(result.manifest?.metadata.name).toBe("lean");
    expect(result.document.value).toBeUndefined();
    expect(result.document.locate(["spec", "image", "tag"])).toEqual({ line: 6, column: 32 });
  });
});

// Planton's own examples, when the shared checkout is next to this repository. They are not
// copied into this repository; without them, the one test below records that they were absent.
const EXAMPLES = join(__dirname, "..", "..", "..", "shared", "planton-examples");
const examples = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((name) => /\.(ya?ml|json)$/.test(name)) : [];

describe("Project Planton's examples", () => {
  if (examples.length === 0) {
    test("are not present here, so none are checked", () => {
      console.log(`skipped: ../shared not present (${EXAMPLES})`);
      // A checkout that exists but holds no examples is a broken checkout, not an absent one.
      expect(existsSync(EXAMPLES)).toBe(false);
    });
    return;
  }
  test.each(examples)("%s has no errors", (name) => {
    const loaded = loadManifests([join(EXAMPLES, name)]);
    const problems = [...loaded.fileDiagnostics, ...loaded.results.flatMap((result) => result.diagnostics)]
      .filter((diagnostic) => diagnostic.severity === "error")
      .map(formatDiagnostic);
    expect(problems).toEqual([]);
    expect(loaded.results.length).toBeGreaterThan(0);
  });
});

describe("symbolic links in a directory", () => {
  test("a manifest behind a symbolic link is read, with a warning naming the link and its target", () => {
    const root = tempDir();
    writeFiles(root, {
      "jobs/a.yaml": manifestText("a-job"),
      "shared/b.yaml": manifestText("b-job"),
    });
    symlinkSync("../shared/b.yaml", join(root, "jobs", "b.yaml"));
    const loaded = loadManifests([join(root, "jobs")]);
    expect(loaded.ok).toBe(true);
    expect(loaded.results.map((result) => result.manifest?.metadata.name)).toEqual(["a-job", "b-job"]);
    expect(loaded.results[1].diagnostics.map(formatDiagnostic)).toEqual([
      `${join(root, "jobs", "b.yaml")}:1:1: warning[symlink]: is a symbolic link to ${join(root, "shared", "b.yaml")}; read as that file`,
    ]);
  });

  test("a broken symbolic link is an error, so the run is not ok (synth would retire its stack)", () => {
    const root = tempDir();
    writeFiles(root, { "jobs/a.yaml": manifestText("a-job") });
    symlinkSync("gone.yaml", join(root, "jobs", "b.yaml"));
    const loaded = loadManifests([join(root, "jobs")]);
    expect(loaded.ok).toBe(false);
    expect(loaded.fileDiagnostics.map(formatDiagnostic)).toEqual([
      `${join(root, "jobs", "b.yaml")}: error: is a symbolic link to gone.yaml, which does not exist (a broken link)`,
    ]);
  });
});

describe("values described as the user wrote them", () => {
  const errorsOf = (spec: string, directive = "") => {
    const text = `${directive}${manifestText("dates")}${spec}`;
    const loaded = loadManifests(["-"], { readStdin: () => text });
    return [...loaded.results.flatMap((result) => result.diagnostics), ...loaded.fileDiagnostics].map(
      (d) => `${formatPath(d.path)}: ${d.message}`,
    );
  };

  test("a date and binary data are described as such, not as a mapping", () => {
    expect(
      errorsOf("  command: [!!timestamp 2024-01-01, !!binary aGVsbG8=]\n  completions: !!binary aGVsbG8=\n"),
    ).toEqual([
      "spec.command[0]: must be a string, got a date",
      "spec.command[1]: must be a string, got binary data",
      "spec.completions: must be a whole number from 0 to 2147483647, got binary data",
    ]);
  });

  test("a date under %YAML 1.1 (where 2024-01-01 is a timestamp) is described as a date", () => {
    expect(errorsOf("  args: [2024-01-01]\n", "%YAML 1.1\n---\n")).toEqual([
      "spec.args[0]: must be a string, got a date",
    ]);
  });

  test("1e400 is a number too large, quoted as written, not 'number null'", () => {
    expect(errorsOf("  command: [1e400]\n  parallelism: -1e400\n")).toEqual([
      "spec.command[0]: 1e400 is too large for a number (it would be read as infinity); quote it to keep it as text",
      "spec.parallelism: -1e400 is too large for a number (it would be read as infinity); quote it to keep it as text",
    ]);
  });

  test("whole numbers over 2^53 are quoted as written, not rounded", () => {
    expect(
      errorsOf(
        '  activeDeadlineSeconds: 9223372036854775807\n  backoffLimit: 18446744073709551617\n  ttlSecondsAfterFinished: "18446744073709551617"\n',
      ),
    ).toEqual([
      "spec.activeDeadlineSeconds: 9223372036854775807 is too large; the maximum is 9223372036 (the Job controller turns it into a Go time.Duration (nanoseconds in a signed 64-bit integer), which would overflow)",
      "spec.backoffLimit: 18446744073709551617 is too large; the maximum is 2147483647 (Kubernetes stores it as a 32-bit signed integer)",
      "spec.ttlSecondsAfterFinished: 18446744073709551617 is too large; the maximum is 2147483647 (Kubernetes stores it as a 32-bit signed integer)",
    ]);
  });
});

describe("keys reach the manifest as written", () => {
  test("a ConfigMap named 1.10 and env variables TRUE and NULL keep their names", () => {
    const text = `${manifestText("keys")}  configMaps:\n    1.10: content\n  env:\n    variables:\n      TRUE: { value: a }\n      NULL: { value: b }\n`;
    const loaded = loadManifests(["-"], { readStdin: () => text });
    expect(loaded.fileDiagnostics).toEqual([]);
    const spec = firstDialect(loaded.results[0].manifest)?.spec;
    expect(Object.keys(spec?.configMaps ?? {})).toEqual(["1.10"]);
    expect(Object.keys(spec?.env?.variables ?? {})).toEqual(["TRUE", "NULL"]);
  });
});
