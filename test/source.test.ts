import { join } from "node:path";
import { readSources } from "../lib/source";
import { positionOf, readText, yaml } from "./helpers";

const fixture = (...parts: string[]) => join(__dirname, "fixtures", ...parts);
const names = (documents: { value: unknown }[]) =>
  documents.map((document) => (document.value as { metadata: { name: string } }).metadata.name);

describe("reading files", () => {
  test("reads one document from a file, named as given, starting on its first content line", () => {
    const file = fixture("nightly-report.yaml");
    const { documents, diagnostics } = readSources([file]);
    expect(diagnostics).toEqual([]);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ file, index: 0, line: 2 });
    expect(names(documents)).toEqual(["nightly-report"]);
  });

  test("reads every document of a multi-document file, skipping the empty one after a trailing ---", () => {
    const { documents, diagnostics } = readSources([fixture("multi-document.yaml")]);
    expect(diagnostics).toEqual([]);
    expect(names(documents)).toEqual(["first", "second"]);
    expect(documents.map((document) => [document.index, document.line])).toEqual([
      [0, 1],
      [1, 12],
    ]);
  });

  test("reads files in the order the paths are given", () => {
    const { documents } = readSources([fixture("dir", "b-job.yaml"), fixture("dir", "a-job.yml")]);
    expect(names(documents)).toEqual(["b-job", "a-job"]);
  });

  test("reads JSON files, which are YAML", () => {
    const { documents, diagnostics } = readSources([fixture("dir", "c-job.json")]);
    expect(diagnostics).toEqual([]);
    expect(names(documents)).toEqual(["c-job"]);
  });
});

describe("reading directories", () => {
  test("reads only the .yaml, .yml and .json files of a directory, sorted by name, not its subdirectories", () => {
    const { documents, diagnostics } = readSources([fixture("dir")]);
    expect(diagnostics).toEqual([]);
    expect(names(documents)).toEqual(["a-job", "b-job", "c-job"]);
    expect(documents.map((document) => document.file)).toEqual([
      fixture("dir", "a-job.yml"),
      fixture("dir", "b-job.yaml"),
      fixture("dir", "c-job.json"),
    ]);
  });

  test("reports a directory without manifest files", () => {
    const directory = fixture("no-manifests");
    const { documents, diagnostics } = readSources([directory]);
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: "error",
        file: directory,
        path: [],
        message: "is a directory with no manifest files (.yaml, .yml, .json)",
      },
    ]);
  });
});

describe("reading standard input", () => {
  test("reads - from standard input, named <stdin>", () => {
    const { documents, diagnostics } = readSources(["-"], { readStdin: () => "a: 1\n---\nb: 2\n" });
    expect(diagnostics).toEqual([]);
    expect(documents.map((document) => [document.file, document.index, document.value])).toEqual([
      ["<stdin>", 0, { a: 1 }],
      ["<stdin>", 1, { b: 2 }],
    ]);
  });

  test("reports standard input that cannot be read", () => {
    const { documents, diagnostics } = readSources(["-"], {
      readStdin: () => {
        throw Object.assign(new Error("EAGAIN: resource temporarily unavailable"), { code: "EAGAIN" });
      },
    });
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: "error",
        file: "<stdin>",
        path: [],
        message: "cannot be read: EAGAIN: resource temporarily unavailable",
      },
    ]);
  });
});

describe("files that give no manifest", () => {
  test("reports a path that does not exist, and goes on with the others", () => {
    const missing = fixture("does-not-exist.yaml");
    const { documents, diagnostics } = readSources([missing, fixture("nightly-report.yaml")]);
    expect(names(documents)).toEqual(["nightly-report"]);
    expect(diagnostics).toEqual([
      { severity: "error", file: missing, path: [], message: "cannot be read: no such file or directory" },
    ]);
  });

  test.each([["empty.yaml"], ["comments-only.yaml"]])("reports %s as empty", (name) => {
    const { documents, diagnostics } = readSources([fixture(name)]);
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: "error",
        file: fixture(name),
        path: [],
        message: "is empty: expected a KubernetesJob manifest",
      },
    ]);
  });

  test("reports empty standard input", () => {
    expect(readText("").diagnostics).toEqual([
      { severity: "error", file: "<stdin>", path: [], message: "is empty: expected a KubernetesJob manifest" },
    ]);
  });

  test("reports a YAML syntax error at its line and column, without the library's own position text", () => {
    const { documents, diagnostics } = readSources([fixture("syntax-error.yaml")]);
    expect(documents).toEqual([]);
    expect(diagnostics.length).toBeGreaterThanOrEqual(1);
    expect(diagnostics[0]).toMatchObject({ severity: "error", file: fixture("syntax-error.yaml"), line: 5, path: [] });
    for (const diagnostic of diagnostics) {
      expect(diagnostic.message).toMatch(/^YAML syntax error: /);
      expect(diagnostic.message).not.toMatch(/at line \d+/);
    }
  });

  test("reports a duplicate key as a syntax error", () => {
    const { documents, diagnostics } = readText("a: 1\na: 2\n");
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ line: 2, column: 1, message: "YAML syntax error: Map keys must be unique" }),
    ]);
  });

  test("keeps the good documents of a file when another document has a syntax error", () => {
    const { documents, diagnostics } = readText("a: 1\n---\nb: [\n---\nc: 3\n");
    expect(documents.map((document) => document.value)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toMatch(/^YAML syntax error: /);
  });

  test("refuses a document with more aliases than a manifest needs (an alias bomb)", () => {
    const bomb = ["a: &a [x]", ...Array.from({ length: 120 }, (_, i) => `k${i}: *a`)].join("\n");
    const { documents, diagnostics } = readText(bomb);
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: "<stdin>", line: 1, message: expect.stringMatching(/^cannot be read: /) }),
    ]);
  });

  test("keeps an explicit null document, which is not empty (it is then reported as not a manifest)", () => {
    const { documents, diagnostics } = readText("--- null\n");
    expect(diagnostics).toEqual([]);
    expect(documents.map((document) => document.value)).toEqual([null]);
  });
});

describe("locating a path in its source", () => {
  const text = yaml`
    metadata:
      name: nightly-report
    spec:
      volumeMounts:
        - name: config
          mountPath: /etc/config
        - name: scripts
          configMap:
            name: run-scripts
      command: ["sh", "-c"]
  `;
  const document = () => readText(text).documents[0];

  test("points at a scalar value", () => {
    expect(document().locate(["metadata", "name"])).toEqual(positionOf(text, "nightly-report"));
  });

  test("points at the key of a scalar when asked for the key", () => {
    expect(document().locate(["metadata", "name"], "key")).toEqual(positionOf(text, "name: nightly"));
  });

  test("points at the key of a mapping or a list", () => {
    expect(document().locate(["spec", "volumeMounts"])).toEqual(positionOf(text, "volumeMounts:"));
    expect(document().locate(["spec", "volumeMounts", 1, "configMap"])).toEqual(positionOf(text, "configMap:"));
  });

  test("follows list indexes", () => {
    expect(document().locate(["spec", "volumeMounts", 1, "configMap", "name"])).toEqual(
      positionOf(text, "run-scripts"),
    );
    expect(document().locate(["spec", "command", 1])).toEqual(positionOf(text, '"-c"'));
  });

  test("points at the closest enclosing field or list item when the path goes further than the document", () => {
    expect(document().locate(["spec", "volumeMounts", 1, "mountPath"])).toEqual(positionOf(text, "name: scripts"));
    expect(document().locate(["spec", "image", "repo"])).toEqual(positionOf(text, "spec:"));
  });

  test("points at the start of the document for the empty path", () => {
    expect(document().locate([])).toEqual({ line: 1, column: 1 });
  });
});
