import {
  absolutePathProblem,
  configMapKeyProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  envVarNameProblem,
  labelValueProblem,
  relativePathProblem,
} from "../../../lib/manifest/k8s/dns-names";

describe("dns1123LabelProblem", () => {
  test.each(["a", "nightly-report", "a1", "1a", "x".repeat(63)])("accepts %p", (value) => {
    expect(dns1123LabelProblem(value)).toBeUndefined();
  });

  test.each(["", "Nightly", "a_b", "a.b", "-a", "a-", "a b"])("rejects %p as not a DNS-1123 label", (value) => {
    expect(dns1123LabelProblem(value)).toMatch(/^must be a DNS-1123 label: lowercase letters, digits and '-'/);
  });

  test("rejects a name longer than 63 characters and says how long it is", () => {
    expect(dns1123LabelProblem("x".repeat(64))).toBe("must be at most 63 characters (it has 64)");
  });
});

describe("dns1123SubdomainProblem", () => {
  test.each(["a", "app-config", "a.b.c", "x".repeat(253)])("accepts %p", (value) => {
    expect(dns1123SubdomainProblem(value)).toBeUndefined();
  });

  test.each(["", "A", "a_b", "a..b", ".a", "a."])("rejects %p as not a DNS-1123 subdomain", (value) => {
    expect(dns1123SubdomainProblem(value)).toMatch(/^must be a DNS-1123 subdomain/);
  });

  test("rejects a name longer than 253 characters", () => {
    expect(dns1123SubdomainProblem("x".repeat(254))).toBe("must be at most 253 characters (it has 254)");
  });
});

describe("labelValueProblem", () => {
  test.each(["", "Prod", "a_b.c-d", "x".repeat(63)])("accepts %p", (value) => {
    expect(labelValueProblem(value)).toBeUndefined();
  });

  test.each(["-a", "a-", "a b", "a/b"])("rejects %p", (value) => {
    expect(labelValueProblem(value)).toMatch(/^must be a valid label value/);
  });

  test("rejects a value longer than 63 characters", () => {
    expect(labelValueProblem("x".repeat(64))).toBe(
      "must be at most 63 characters to be used as a label value (it has 64)",
    );
  });
});

describe("configMapKeyProblem", () => {
  test.each(["run.sh", "DB_PASS", "DB-PASS", ".env", "a..b"])("accepts %p", (value) => {
    expect(configMapKeyProblem(value)).toBeUndefined();
  });

  test.each(["a/b", "a b", ""])("rejects %p for its characters", (value) => {
    expect(configMapKeyProblem(value)).toBe("must consist of letters, digits, '-', '_' and '.'");
  });

  test.each([".", "..", "..data"])("rejects %p as a dot path", (value) => {
    expect(configMapKeyProblem(value)).toBe("must not be '.' or '..' or start with '..'");
  });
});

describe("envVarNameProblem", () => {
  test.each(["PATH", "_x", "my.var", "my-var", "a1"])("accepts %p", (value) => {
    expect(envVarNameProblem(value)).toBeUndefined();
  });

  test.each(["1X", "", "A B", "A=B"])("rejects %p", (value) => {
    expect(envVarNameProblem(value)).toBe(
      "must consist of letters, digits, '_', '-' and '.', and must not start with a digit",
    );
  });
});

describe("relativePathProblem", () => {
  test.each(["a", "a/b", "..a", "a..b/c"])("accepts %p", (value) => {
    expect(relativePathProblem(value)).toBeUndefined();
  });

  test("rejects an absolute path", () => {
    expect(relativePathProblem("/etc")).toBe("must be a relative path");
  });

  test.each(["..", "../a", "a/../b", "a/.."])("rejects %p, which leaves its directory", (value) => {
    expect(relativePathProblem(value)).toBe("must not contain '..'");
  });
});

describe("absolutePathProblem", () => {
  test.each(["/", "/etc/config", "/a..b"])("accepts %p", (value) => {
    expect(absolutePathProblem(value)).toBeUndefined();
  });

  test.each(["etc", ""])("rejects the relative path %p", (value) => {
    expect(absolutePathProblem(value)).toBe("must be an absolute path (starting with '/')");
  });

  test("rejects a path with '..'", () => {
    expect(absolutePathProblem("/etc/../root")).toBe("must not contain '..'");
  });
});
