import { dockerConfigSecrets, MIN_SECRET_LENGTH, REDACTED, redactor, secretValuesOf } from "../lib/redact";
import { showValue } from "../lib/values";

const documentWithSecrets = (secrets: unknown) => ({ spec: { env: { secrets } } });

describe("secretValuesOf collects every string under spec.env.secrets", () => {
  test("direct values, shorthand, malformed shapes, unknown fields and their keys", () => {
    const found = secretValuesOf(
      documentWithSecrets({
        DIRECT: { value: "direct-value" },
        SHORTHAND: "shorthand-value",
        NUMBER: 12345678,
        REF_AS_TEXT: { secretRef: "ref-as-text" },
        BRACES: { "braces-key": null },
        LIST: ["in-a-list", { deep: ["deeper-value"] }],
        ODD_REF: { secretRef: { name: "app-secrets", key: "token", value: "inside-ref" } },
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "direct-value",
        "shorthand-value",
        "12345678",
        "ref-as-text",
        "braces-key",
        "in-a-list",
        "deep",
        "deeper-value",
        "inside-ref",
      ]),
    );
  });

  test("not the env names, nor the Secret name, key and namespace of a secretRef", () => {
    const found = secretValuesOf(
      documentWithSecrets({ API_TOKEN: { secretRef: { name: "app-secrets", key: "token", namespace: "batch" } } }),
    );
    expect(found).toEqual([]);
  });

  test("a !!binary value, as its text", () => {
    expect(secretValuesOf(documentWithSecrets({ B: { value: Buffer.from("binary-secret") } }))).toEqual([
      "binary-secret",
    ]);
  });

  test("a secrets field that is not a mapping at all", () => {
    expect(secretValuesOf(documentWithSecrets("hunter2-hunter2"))).toEqual(["hunter2-hunter2"]);
    expect(secretValuesOf(documentWithSecrets(["a-secret-in-a-list"]))).toEqual(["a-secret-in-a-list"]);
  });
});

describe("redactor", () => {
  test("replaces a secret as written", () => {
    expect(redactor(["hunter2-hunter2"])("password hunter2-hunter2 here")).toBe(`password ${REDACTED} here`);
  });

  test("replaces a secret JSON-escaped once (a quoted message) and twice (inside the JSON report)", () => {
    const secret = 'a "quoted" \\ back\nslash';
    const message = `got string ${JSON.stringify(secret)}`;
    const report = JSON.stringify({ message });
    expect(redactor([secret])(message)).toBe(`got string "${REDACTED}"`);
    expect(redactor([secret])(report)).toBe(JSON.stringify({ message: `got string "${REDACTED}"` }));
    expect(redactor([secret])(report)).not.toContain("quoted");
  });

  test("replaces the prefix of a long secret that the truncation of values shows", () => {
    const secret = `${"x".repeat(40)}"and\\more${"y".repeat(100)}`;
    const shown = `got ${showValue(secret)}`;
    expect(shown).toMatch(/\.\.\.$/);
    expect(redactor([secret])(shown)).toBe(`got "${REDACTED}`);
    expect(redactor([secret])(JSON.stringify(shown))).toBe(`"got \\"${REDACTED}"`);
  });

  test("replaces the beginning of a secret however it was cut (16 characters or more)", () => {
    const secret = `${"k".repeat(20)}-the-rest-of-it`;
    expect(redactor([secret])(`cut: ${secret.slice(0, 20)}~ and ${secret.slice(0, 15)}|`)).toBe(
      `cut: ${REDACTED}~ and ${secret.slice(0, 15)}|`,
    );
  });

  test("hides the whole of overlapping secrets", () => {
    expect(redactor(["abcdef", "defghi"])("xx abcdefghi yy")).toBe(`xx ${REDACTED} yy`);
  });

  test("keeps text without secrets, and values shorter than MIN_SECRET_LENGTH", () => {
    const short = "x".repeat(MIN_SECRET_LENGTH - 1);
    expect(redactor([short])(`a ${short} b`)).toBe(`a ${short} b`);
    expect(redactor(["hunter2-hunter2"])("nothing to hide")).toBe("nothing to hide");
  });

  test("many secrets at once, each found (one automaton for all)", () => {
    const secrets = Array.from({ length: 2000 }, (_, i) => `secret-${i.toString(36)}-${(i * 7919).toString(36)}`);
    const text = secrets.map((secret) => `[${secret}]`).join(" ");
    expect(redactor(secrets)(text)).toBe(secrets.map(() => `[${REDACTED}]`).join(" "));
  });
});

describe("dockerConfigSecrets", () => {
  test("every string of the file and the password inside a base64 auth", () => {
    const auth = Buffer.from("robot:p4ssw0rd-registry").toString("base64");
    const text = JSON.stringify({ auths: { "ghcr.io": { auth, identitytoken: "id-token-value" } } });
    expect(dockerConfigSecrets(text)).toEqual(
      expect.arrayContaining([text, auth, "p4ssw0rd-registry", "id-token-value"]),
    );
  });
});
