/** How zod's issues read to a user (lib/schema-issues.ts); secret values are never shown. */
import { z } from "zod";
import { formatDiagnostic } from "../../lib/diagnostics";
import { manifestSchema } from "../../lib/manifest/schema";
import { isSecretPath, issuesToProblems, knownFields } from "../../lib/manifest/schema-issues";
import { BASE_SPEC, check, described, errors, job } from "../helpers";

const withSpec = (extra: string) => job(BASE_SPEC + extra);

describe("secret values are never shown", () => {
  test.each([
    [
      "a number",
      "value: 987654321",
      "must be a string, got a secret value (not shown); quote it in YAML to keep it as written",
    ],
    [
      "a boolean",
      "value: true",
      "must be a string, got a secret value (not shown); quote it in YAML to keep it as written",
    ],
    ["a list", "value: [s3cr3t-in-a-list]", "must be a string, got a secret value (not shown)"],
    ["a mapping", "value: { password: s3cr3t-in-a-map }", "must be a string, got a secret value (not shown)"],
  ])("fails on a secret value that is %s without echoing it", (_, entry, message) => {
    const text = withSpec(`env:\n  secrets:\n    DB-PASS:\n      ${entry}\n`);
    const found = errors(check(text));
    expect(described(found)).toEqual([`spec.env.secrets["DB-PASS"].value: ${message}`]);
    const shown = found.map(formatDiagnostic).join("\n");
    for (const secret of ["987654321", "true", "s3cr3t"]) expect(shown).not.toContain(secret);
  });

  test("the same mistake in an env variable shows the value, which is not secret", () => {
    const text = withSpec("env:\n  variables:\n    BATCH_SIZE:\n      value: 100\n");
    expect(described(errors(check(text)))).toEqual([
      "spec.env.variables.BATCH_SIZE.value: must be a string, got number 100; quote it in YAML to keep it as written",
    ]);
  });

  test("isSecretPath is true inside spec.env.secrets, except for a secretRef's name, key and namespace", () => {
    expect(isSecretPath(["spec", "env", "secrets", "DB_PASS", "value"])).toBe(true);
    expect(isSecretPath(["spec", "env", "variables", "DB_PASS", "value"])).toBe(false);
    // Shorthand (DB_PASS: hunter2), a secretRef given as text, secrets given as text.
    expect(isSecretPath(["spec", "env", "secrets", "DB_PASS"])).toBe(true);
    expect(isSecretPath(["spec", "env", "secrets", "DB_PASS", "secretRef"])).toBe(true);
    expect(isSecretPath(["spec", "env", "secrets"])).toBe(true);
    expect(isSecretPath(["spec", "env", "secrets", "DB_PASS", "secretRef", "name"])).toBe(false);
    expect(isSecretPath(["spec", "env", "secrets", "DB_PASS", "secretRef", "key"])).toBe(false);
  });
});

describe("issuesToProblems", () => {
  const problemsOf = (schema: z.ZodType, value: unknown) => {
    const parsed = schema.safeParse(value, { reportInput: true });
    if (parsed.success) throw new Error("expected the value to be invalid");
    return issuesToProblems(parsed.error.issues, schema).map((problem) => [problem.path.join("."), problem.message]);
  };

  test("a missing required field is required", () => {
    expect(problemsOf(z.object({ name: z.string() }), {})).toEqual([["name", "is required"]]);
  });

  test("a number where a string belongs suggests quoting it in YAML", () => {
    expect(problemsOf(z.object({ tag: z.string() }), { tag: 1.1 })).toEqual([
      ["tag", "must be a string, got number 1.1; quote it in YAML to keep it as written"],
    ]);
  });

  test("null reads as null", () => {
    expect(problemsOf(z.object({ tag: z.string() }), { tag: null })).toEqual([["tag", "must be a string, got null"]]);
  });

  test("a single allowed literal is named", () => {
    expect(problemsOf(z.object({ kind: z.literal("KubernetesJob") }), { kind: "Job" })).toEqual([
      ["kind", 'must be "KubernetesJob", got string "Job"'],
    ]);
  });

  test("a missing enum value lists what is allowed", () => {
    expect(problemsOf(z.object({ mode: z.enum(["A", "B"]) }), {})).toEqual([["mode", "is required; allowed: A, B"]]);
  });

  test("an unknown key without a close match lists the allowed fields", () => {
    expect(problemsOf(z.strictObject({ name: z.string() }), { name: "x", colour: "red" })).toEqual([
      ["colour", 'unknown field "colour"; allowed fields: name'],
    ]);
  });

  test("an unknown key is placed at the key, not the value", () => {
    const parsed = z.strictObject({}).safeParse({ x: 1 });
    if (parsed.success) throw new Error("expected the value to be invalid");
    expect(issuesToProblems(parsed.error.issues, z.strictObject({}))).toEqual([
      { severity: "error", path: ["x"], message: 'unknown field "x"', at: "key" },
    ]);
  });

  test("a value of neither type of a union names the type received", () => {
    expect(problemsOf(z.object({ q: z.union([z.string(), z.number()]) }), { q: true })).toEqual([
      ["q", "has an unexpected type: got boolean true"],
    ]);
  });
});

describe("knownFields", () => {
  test("lists the fields of the object at a path, through optional, default and pipe wrappers", () => {
    expect(knownFields(manifestSchema, ["spec", "resources"])).toEqual(["limits", "requests"]);
    expect(knownFields(manifestSchema, ["spec", "namespace"])).toEqual(["value", "valueFrom"]);
    expect(knownFields(manifestSchema, ["spec", "volumeMounts", 0, "hostPath"])).toEqual(["path", "type"]);
    expect(knownFields(manifestSchema, ["spec", "env", "secrets", "X", "secretRef"])).toEqual([
      "name",
      "key",
      "namespace",
    ]);
  });

  test("lists nothing where there is no object", () => {
    expect(knownFields(manifestSchema, ["spec", "command"])).toEqual([]);
    expect(knownFields(manifestSchema, ["nowhere"])).toEqual([]);
  });
});
