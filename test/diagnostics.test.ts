import { formatDiagnostic, formatLocation, formatPath, UserError } from "../lib/diagnostics";

describe("formatPath", () => {
  test("joins field names with dots and indexes with brackets", () => {
    expect(formatPath(["spec", "volumeMounts", 1, "configMap", "name"])).toBe("spec.volumeMounts[1].configMap.name");
  });

  test("quotes keys that are not identifiers", () => {
    expect(formatPath(["spec", "env", "secrets", "DB-PASS", "value"])).toBe('spec.env.secrets["DB-PASS"].value');
  });

  test("quotes keys with dots, which would otherwise read as two fields", () => {
    expect(formatPath(["spec", "configMaps", "app.config"])).toBe('spec.configMaps["app.config"]');
  });

  test("quotes a key that starts with a digit", () => {
    expect(formatPath(["metadata", "labels", "1x"])).toBe('metadata.labels["1x"]');
  });

  test("is empty for the whole document", () => {
    expect(formatPath([])).toBe("");
  });

  test("starts with a bracket when the first segment is not an identifier", () => {
    expect(formatPath([0, "a"])).toBe("[0].a");
  });
});

describe("formatLocation", () => {
  test("is file:line:column when both are known", () => {
    expect(formatLocation({ file: "job.yaml", line: 14, column: 7 })).toBe("job.yaml:14:7");
  });

  test("is file:line without a column", () => {
    expect(formatLocation({ file: "job.yaml", line: 14 })).toBe("job.yaml:14");
  });

  test("is the file alone without a line", () => {
    expect(formatLocation({ file: "job.yaml" })).toBe("job.yaml");
  });
});

describe("formatDiagnostic", () => {
  test("reads location, severity, path and message", () => {
    expect(
      formatDiagnostic({
        severity: "error",
        file: "job.yaml",
        line: 14,
        column: 7,
        path: ["spec", "image", "repo"],
        message: '"" must not be empty',
      }),
    ).toBe('job.yaml:14:7: error: spec.image.repo: "" must not be empty');
  });

  test("leaves the path out for a problem with the whole file", () => {
    expect(formatDiagnostic({ severity: "warning", file: "a.yaml", path: [], message: "is empty" })).toBe(
      "a.yaml: warning: is empty",
    );
  });
});

describe("UserError", () => {
  test("carries its message and diagnostics", () => {
    const error = new UserError("bad", [{ severity: "error", file: "f", path: [], message: "m" }]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("UserError");
    expect(error.message).toBe("bad");
    expect(error.diagnostics).toHaveLength(1);
  });
});
