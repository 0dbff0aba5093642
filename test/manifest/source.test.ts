import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readSources } from "../../lib/manifest/source";
import { tempDir, writeFiles } from "../support/files";
import { positionOf, readText, yaml } from "../helpers";

const fixture = (...parts: string[]) => join(__dirname, "..", "fixtures", ...parts);
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

  test("reports a duplicate key at the second one, saying where the first is", () => {
    const { documents, diagnostics } = readText("a: 1\na: 2\n");
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: "error",
        file: "<stdin>",
        line: 2,
        column: 1,
        path: ["a"],
        message: 'the key "a" appears twice in this mapping (first at line 1, column 1)',
      },
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

describe("keys, exactly as written", () => {
  test("keeps plain keys as their text: 1.10, TRUE, 0x1F, null and ~ are not numbers, booleans or null", () => {
    const { documents, diagnostics } = readText("1.10: a\nTRUE: b\n0x1F: c\nnull: d\n~: e\n\"1.10 \": f\n'yes': g\n");
    expect(diagnostics).toEqual([]);
    expect(Object.keys(documents[0].value as object)).toEqual(["1.10", "TRUE", "0x1F", "null", "~", "1.10 ", "yes"]);
  });

  test("keeps values typed as YAML reads them (only keys are kept as text)", () => {
    expect(readText("a: 1.10\nb: TRUE\nc: ~\n").documents[0].value).toEqual({ a: 1.1, b: true, c: null });
  });

  test('refuses "10" and 10 in one mapping: they are the same key', () => {
    const { documents, diagnostics } = readText('data:\n  "10": a\n  10: b\n');
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: "error",
        file: "<stdin>",
        line: 3,
        column: 3,
        path: ["data", "10"],
        message:
          'the key "10" appears twice in this mapping (first at line 2, column 3); a quoted key and a plain one with the same text are the same key',
      },
    ]);
  });

  test("reads 1.1 and 1.10 as two keys", () => {
    expect(readText("1.1: a\n1.10: b\n").documents[0].value).toEqual({ "1.1": "a", "1.10": "b" });
  });

  test.each([
    ["a list", "spec:\n  ? [a, b]\n  : 1\n", "has a key that is a list ([a, b]): keys must be plain strings"],
    ["a mapping", "spec:\n  ? { a: 1 }\n  : 1\n", "has a key that is a mapping ({ a: 1 }): keys must be plain strings"],
  ])("refuses a key that is %s, at the key", (_what, text, message) => {
    const { documents, diagnostics } = readText(text);
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([{ severity: "error", file: "<stdin>", line: 2, column: 5, path: ["spec"], message }]);
  });

  test("reads an alias used as a key as the anchored text", () => {
    expect(readText("a: &k name\n*k : x\n").documents[0].value).toEqual({ a: "name", name: "x" });
  });

  test("merges << under %YAML 1.1 (keys set in the mapping win), and reads y as the key y", () => {
    const text = "%YAML 1.1\n---\nbase: &b {x: 1, y: 2}\nmore: &c {z: 0, x: 9}\nm:\n  <<: [*b, *c]\n  y: 3\n";
    const { documents, diagnostics } = readText(text);
    expect(diagnostics).toEqual([]);
    expect((documents[0].value as { m: unknown }).m).toEqual({ y: 3, x: 1, z: 0 });
  });

  test("reads << as a plain key under YAML 1.2, the default", () => {
    expect(readText("m:\n  <<: {x: 1}\n").documents[0].value).toEqual({ m: { "<<": { x: 1 } } });
  });

  test("shares an anchored value with its aliases, and counts its depth where the alias is", () => {
    const nested = (levels: number, inner: string) => "{a: ".repeat(levels) + inner + "}".repeat(levels);
    const shallow = readText(`x: &x ${nested(3, "1")}\ny: [*x, *x]\n`);
    expect(shallow.diagnostics).toEqual([]);
    expect((shallow.documents[0].value as { y: unknown[] }).y).toEqual([
      { a: { a: { a: 1 } } },
      { a: { a: { a: 1 } } },
    ]);
    const deep = readText(`x: &x ${nested(40, "1")}\ny: ${nested(40, "*x")}\n`);
    expect(deep.documents).toEqual([]);
    expect(deep.diagnostics).toEqual([
      expect.objectContaining({
        line: 1,
        column: 1,
        message: "cannot be read: values are nested more than 64 levels deep, which no manifest needs",
      }),
    ]);
  });

  test("counts the aliases inside an aliased value: nine aliases of nine aliases of ... are a bomb", () => {
    const levels = ["a: &a [x, x, x]"];
    for (let level = 1; level < 5; level++) {
      const [name, previous] = [String.fromCharCode(97 + level), String.fromCharCode(96 + level)];
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    expect(readText(levels.join("\n")).diagnostics).toEqual([
      expect.objectContaining({
        message: "cannot be read: Excessive alias count indicates a resource exhaustion attack",
      }),
    ]);
  });

  test("refuses an alias key with no anchor", () => {
    expect(readText("a: 1\n*nope : 2\n").diagnostics).toEqual([
      expect.objectContaining({
        line: 2,
        column: 1,
        path: [],
        message:
          "this alias refers to no anchor before it (an unquoted value starting with * is read as an alias: quote the value)",
      }),
    ]);
  });

  test("refuses a reserved key at its position", () => {
    const { diagnostics } = readText("metadata:\n  constructor: x\n");
    expect(diagnostics).toEqual([
      expect.objectContaining({
        line: 2,
        column: 3,
        path: ["metadata", "constructor"],
        message:
          'the key "constructor" cannot be used here: __proto__, constructor, prototype are names JavaScript objects reserve',
      }),
    ]);
  });

  test("reads a mapping of 80,000 keys, and finds a duplicate at its end", () => {
    // 80,000 keys took 40 s when every key was compared with every other: this test would time out.
    const keys = Array.from({ length: 80000 }, (_, i) => `k${i}: v`);
    const wide = readText(`${keys.join("\n")}\n`);
    expect(wide.diagnostics).toEqual([]);
    expect(Object.keys(wide.documents[0].value as object)).toHaveLength(80000);
    const duplicate = readText(`${keys.join("\n")}\nk0: again\n`);
    expect(duplicate.diagnostics).toEqual([
      expect.objectContaining({
        line: 80001,
        column: 1,
        path: ["k0"],
        message: expect.stringContaining("appears twice"),
      }),
    ]);
  });
});

describe("encodings", () => {
  function readBytes(bytes: Buffer) {
    const file = join(tempDir(), "job.yaml");
    writeFileSync(file, bytes);
    return { file, ...readSources([file]) };
  }

  test("accepts a UTF-8 byte order mark at the start", () => {
    const { documents, diagnostics } = readBytes(Buffer.from("\ufeffa: caf\u00e9\n", "utf8"));
    expect(diagnostics).toEqual([]);
    expect(documents[0].value).toEqual({ a: "caf\u00e9" });
  });

  test.each([
    [
      "a Latin-1 byte",
      Buffer.from([...Buffer.from("a: x\nb: caf"), 0xe9, 0x0a]),
      11,
      2,
      7,
      "the byte 0xE9 is not followed by the rest of a character (Latin-1 or another 8-bit encoding?)",
    ],
    [
      "a surrogate encoded as CESU-8",
      Buffer.from([...Buffer.from("a: \u00fc"), 0xed, 0xa0, 0x80, 0x0a]),
      5,
      1,
      5,
      "0xED 0xA0 starts a UTF-16 surrogate (CESU-8 or WTF-8), which UTF-8 does not allow",
    ],
    [
      "a sequence cut short by the end of the file",
      Buffer.from([...Buffer.from("a: caf"), 0xc3]),
      6,
      1,
      7,
      "the file ends in the middle of a character (0xC3 needs 2 bytes)",
    ],
    [
      "a byte that UTF-8 never uses",
      Buffer.from([...Buffer.from("a: "), 0xff, 0x0a]),
      3,
      1,
      4,
      "the byte 0xFF never appears in UTF-8 (Latin-1 or another 8-bit encoding?)",
    ],
    [
      "a stray continuation byte",
      Buffer.from([...Buffer.from("a: "), 0x80, 0x0a]),
      3,
      1,
      4,
      "the byte 0x80 continues a character that never started (Latin-1 or another 8-bit encoding?)",
    ],
  ])("refuses %s, naming the byte offset, line and column", (_what, bytes, offset, line, column, why) => {
    const { file, documents, diagnostics } = readBytes(bytes);
    expect(documents).toEqual([]);
    expect(diagnostics).toEqual([
      {
        severity: "error",
        file,
        line,
        column,
        path: [],
        message: `is not valid UTF-8 at byte offset ${offset} (line ${line}, column ${column}): ${why}; save the file as UTF-8`,
      },
    ]);
  });

  test.each([
    ["with a byte order mark", Buffer.from("\ufeffa: 1\n", "utf16le"), "it starts with a byte order mark"],
    ["big-endian with a byte order mark", Buffer.from([0xfe, 0xff, 0x00, 0x61]), "it starts with a byte order mark"],
    ["without a byte order mark", Buffer.from("a: 1\n", "utf16le"), "it has NUL bytes between characters"],
  ])("refuses UTF-16 %s, saying so", (_what, bytes, why) => {
    const { file, diagnostics } = readBytes(bytes);
    expect(diagnostics).toEqual([
      { severity: "error", file, path: [], message: `is UTF-16 (${why}), not UTF-8: save it as UTF-8` },
    ]);
  });
});

describe("bounded reading", () => {
  test("stops reading a file over 16 MiB, naming the limit", () => {
    const file = join(tempDir(), "huge.yaml");
    writeFileSync(file, Buffer.alloc(16 * 1024 * 1024 + 1, "#"));
    expect(readSources([file]).diagnostics).toEqual([
      {
        severity: "error",
        file,
        path: [],
        message: "is larger than 16 MiB, the limit for an input file (it was not read further)",
      },
    ]);
  });

  test("stops reading /dev/zero, which never ends", () => {
    expect(readSources(["/dev/zero"]).diagnostics).toEqual([
      expect.objectContaining({ file: "/dev/zero", message: expect.stringMatching(/^is larger than 16 MiB/) }),
    ]);
  });
});

describe("directory entries that are not plain files", () => {
  function directory(): string {
    const root = tempDir();
    writeFiles(root, {
      "jobs/a-job.yaml": "metadata: { name: a-job }\n",
      "elsewhere/real.yaml": "metadata: { name: linked }\n",
    });
    return root;
  }

  test("reads a symbolic link to a file, and says what it points to", () => {
    const root = directory();
    symlinkSync("../elsewhere/real.yaml", join(root, "jobs", "b-link.yaml"));
    const { documents, diagnostics } = readSources([join(root, "jobs")]);
    expect(diagnostics).toEqual([]);
    expect(names(documents)).toEqual(["a-job", "linked"]);
    expect(documents[1]).toMatchObject({
      file: join(root, "jobs", "b-link.yaml"),
      linkTarget: join(root, "elsewhere", "real.yaml"),
    });
  });

  test.each([
    [
      "a broken link",
      (root: string) => symlinkSync("missing.yaml", join(root, "jobs", "x.yaml")),
      "is a symbolic link to missing.yaml, which does not exist (a broken link)",
    ],
    [
      "a link that loops",
      (root: string) => symlinkSync("x.yaml", join(root, "jobs", "x.yaml")),
      "is a symbolic link to x.yaml, which loops (too many levels of symbolic links)",
    ],
    [
      "a link to a directory",
      (root: string) => symlinkSync("../elsewhere", join(root, "jobs", "x.yaml")),
      "is a symbolic link to ../elsewhere, which is a directory (directories are not read recursively): it was not read",
    ],
    [
      "a link to a special file",
      (root: string) => symlinkSync("/dev/null", join(root, "jobs", "x.yaml")),
      "is a symbolic link to /dev/null, which is a special file: it was not read",
    ],
    [
      "a directory named x.yaml",
      (root: string) => mkdirSync(join(root, "jobs", "x.yaml")),
      "is a directory (directories are not read recursively), not a manifest file: it was not read",
    ],
    [
      "a FIFO named x.yaml",
      (root: string) => spawnSync("mkfifo", [join(root, "jobs", "x.yaml")]),
      "is a FIFO (named pipe), not a manifest file: it was not read",
    ],
  ])("refuses %s, naming the entry, and reads the other files", (_what, make, message) => {
    const root = directory();
    make(root);
    const { documents, diagnostics } = readSources([join(root, "jobs")]);
    expect(names(documents)).toEqual(["a-job"]);
    expect(diagnostics).toEqual([
      {
        severity: "error",
        file: join(root, "jobs", "x.yaml"),
        path: [],
        message: expect.stringContaining(message),
      },
    ]);
  });
});
