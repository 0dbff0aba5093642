import { imageReference, imageRepoProblem, imageTagProblem } from "../../../lib/manifest/k8s/image";

const DIGEST = `sha256:${"ab12".repeat(16)}`;

describe("imageReference", () => {
  test("is the repository alone when there is no tag", () => {
    expect(imageReference("ghcr.io/acme/report-runner", undefined)).toBe("ghcr.io/acme/report-runner");
  });

  test("is the repository alone when the tag is empty", () => {
    expect(imageReference("busybox", "")).toBe("busybox");
  });

  test("joins repository and tag with ':'", () => {
    expect(imageReference("ghcr.io/acme/report-runner", "1.4.2")).toBe("ghcr.io/acme/report-runner:1.4.2");
  });

  test("joins repository and digest with '@' when the tag is a digest", () => {
    expect(imageReference("ghcr.io/acme/report-runner", DIGEST)).toBe(`ghcr.io/acme/report-runner@${DIGEST}`);
  });

  test("keeps a registry port in the repository", () => {
    expect(imageReference("localhost:5000/runner", "v1")).toBe("localhost:5000/runner:v1");
  });
});

describe("imageRepoProblem", () => {
  test.each(["busybox", "library/busybox", "ghcr.io/acme/report-runner", "localhost:5000/a/b", "a__b", "a--b"])(
    "accepts the repository %p with a separate tag",
    (repo) => {
      expect(imageRepoProblem(repo, true)).toBeUndefined();
    },
  );

  test.each(["busybox:1.36", `busybox@${DIGEST}`, `busybox:1.36@${DIGEST}`])(
    "accepts the full reference %p when there is no tag",
    (repo) => {
      expect(imageRepoProblem(repo, false)).toBeUndefined();
    },
  );

  test("rejects a repository that carries a tag when image.tag is also set", () => {
    expect(imageRepoProblem("busybox:1.36", true)).toBe(
      "already carries a tag or digest; with image.tag set, give the repository alone",
    );
  });

  test.each(["Busybox", "acme/Runner", "a b", "/busybox", "busybox/", "a..b"])("rejects %p", (repo) => {
    expect(imageRepoProblem(repo, false)).toMatch(/^is not a valid image repository/);
  });

  test("rejects a repository longer than 255 characters", () => {
    expect(imageRepoProblem("a".repeat(256), false)).toBe("must be at most 255 characters");
  });
});

describe("imageTagProblem", () => {
  test.each(["1.4.2", "latest", "v1_2-3", "x".repeat(128), DIGEST])("accepts %p", (tag) => {
    expect(imageTagProblem(tag)).toBeUndefined();
  });

  test.each([".hidden", "-x", "a/b", "x".repeat(129), "sha256:xyz"])("rejects %p", (tag) => {
    expect(imageTagProblem(tag)).toMatch(/^is not a valid image tag/);
  });
});
