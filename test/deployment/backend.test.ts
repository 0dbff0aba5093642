import { BACKEND_TYPES, backendFor, type BackendSetting } from "../../lib/deployment/backend";

const LOCAL = "../../../terraform.nightly-report.tfstate";

/** The backend block of the stack nightly-report for a setting. */
const blockOf = (setting: BackendSetting, stack = "nightly-report") => backendFor(stack, setting, LOCAL);

describe("backendFor: one state per stack", () => {
  test("is local state at the given path when no type is set", () => {
    expect(blockOf({})).toEqual({ block: { type: "local", config: { path: LOCAL } } });
  });

  test("is local state at the given path for type local, ignoring an object", () => {
    expect(blockOf({ type: "local", object: "ignored/prefix" })).toEqual({
      block: { type: "local", config: { path: LOCAL } },
    });
  });

  test("s3: bucket from the object, key <prefix>/<stack>.tfstate, S3 lock file and encryption", () => {
    expect(blockOf({ type: "s3", object: "acme-state/jobs/prod" })).toEqual({
      block: {
        type: "s3",
        config: { bucket: "acme-state", key: "jobs/prod/nightly-report.tfstate", use_lockfile: true, encrypt: true },
      },
    });
  });

  test("s3: key <stack>.tfstate at the bucket's root when the object is only a bucket", () => {
    expect(blockOf({ type: "s3", object: "acme-state" })).toEqual({
      block: {
        type: "s3",
        config: { bucket: "acme-state", key: "nightly-report.tfstate", use_lockfile: true, encrypt: true },
      },
    });
  });

  test("s3: slashes around the prefix do not give empty path segments", () => {
    const result = blockOf({ type: "s3", object: " acme-state//jobs/ " });
    expect(result).toEqual({
      block: expect.objectContaining({ config: expect.objectContaining({ key: "jobs/nightly-report.tfstate" }) }),
    });
  });

  test("gcs: bucket from the object, prefix <prefix>/<stack>", () => {
    expect(blockOf({ type: "gcs", object: "acme-state/jobs" })).toEqual({
      block: { type: "gcs", config: { bucket: "acme-state", prefix: "jobs/nightly-report" } },
    });
  });

  test("gcs: prefix <stack> when the object is only a bucket", () => {
    expect(blockOf({ type: "gcs", object: "acme-state" })).toEqual({
      block: { type: "gcs", config: { bucket: "acme-state", prefix: "nightly-report" } },
    });
  });

  test("azurerm: container_name from the object, key <prefix>/<stack>.tfstate", () => {
    expect(blockOf({ type: "azurerm", object: "tfstate/jobs" })).toEqual({
      block: { type: "azurerm", config: { container_name: "tfstate", key: "jobs/nightly-report.tfstate" } },
    });
  });

  test("pg: schema_name <object>_<stack>, with characters outside [A-Za-z0-9_] replaced by _", () => {
    expect(blockOf({ type: "pg", object: "jobs" })).toEqual({
      block: { type: "pg", config: { schema_name: "jobs_nightly_report" } },
    });
  });

  test("pg: schema_name terraform_remote_state_<stack> without an object", () => {
    expect(blockOf({ type: "pg" })).toEqual({
      block: { type: "pg", config: { schema_name: "terraform_remote_state_nightly_report" } },
    });
  });

  test("kubernetes: secret_suffix is the stack, namespace is the object", () => {
    expect(blockOf({ type: "kubernetes", object: "terraform-state" })).toEqual({
      block: { type: "kubernetes", config: { secret_suffix: "nightly-report", namespace: "terraform-state" } },
    });
  });

  test("kubernetes: no namespace without an object (the backend's own default)", () => {
    expect(blockOf({ type: "kubernetes" })).toEqual({
      block: { type: "kubernetes", config: { secret_suffix: "nightly-report" } },
    });
  });

  test("kubernetes: refuses a stack name that cannot be a Secret name suffix and label value", () => {
    expect(blockOf({ type: "kubernetes" }, "Nightly_Report")).toEqual({
      problem: {
        setting: "type",
        message:
          "cannot be kubernetes for stack \"Nightly_Report\": the stack name becomes a Secret name suffix and a label value (lowercase letters, digits and '-', at most 63)",
      },
    });
    expect(blockOf({ type: "kubernetes" }, "a".repeat(64))).toEqual({
      problem: expect.objectContaining({ setting: "type", message: expect.stringContaining("at most 63") }),
    });
    expect(blockOf({ type: "kubernetes" }, "a".repeat(63))).toHaveProperty("block");
  });

  test("cloud: organization from the object, workspace named after the stack", () => {
    expect(blockOf({ type: "cloud", object: "acme" })).toEqual({
      block: { type: "cloud", config: { organization: "acme", workspaces: { name: "nightly-report" } } },
    });
  });

  test("cloud: workspace <prefix>-<stack> when the object is organization/prefix", () => {
    expect(blockOf({ type: "cloud", object: "acme/jobs" })).toEqual({
      block: { type: "cloud", config: { organization: "acme", workspaces: { name: "jobs-nightly-report" } } },
    });
  });

  test("cloud: takes hostname as extra configuration", () => {
    expect(blockOf({ type: "cloud", object: "acme", config: { hostname: "tfe.acme.example" } })).toEqual({
      block: {
        type: "cloud",
        config: { organization: "acme", workspaces: { name: "nightly-report" }, hostname: "tfe.acme.example" },
      },
    });
  });

  test("cloud: refuses any other extra configuration, naming it", () => {
    expect(blockOf({ type: "cloud", object: "acme", config: { hostname: "h", token: "t", project: "p" } })).toEqual({
      problem: { setting: "type", message: "cloud takes only hostname as extra configuration, not token, project" },
    });
  });

  test("merges extra configuration last, over the attributes it derived", () => {
    expect(blockOf({ type: "s3", object: "acme-state/jobs", config: { region: "eu-west-1", encrypt: false } })).toEqual(
      {
        block: {
          type: "s3",
          config: {
            bucket: "acme-state",
            key: "jobs/nightly-report.tfstate",
            use_lockfile: true,
            encrypt: false,
            region: "eu-west-1",
          },
        },
      },
    );
    expect(blockOf({ type: "local", config: { workspace_dir: "w" } })).toEqual({
      block: { type: "local", config: { path: LOCAL, workspace_dir: "w" } },
    });
  });

  test("refuses an unknown type, listing the allowed ones", () => {
    expect(blockOf({ type: "consul", object: "x" })).toEqual({
      problem: {
        setting: "type",
        message: '"consul" is not a supported backend; allowed: local, s3, gcs, azurerm, pg, kubernetes, cloud',
      },
    });
    expect(BACKEND_TYPES).toEqual(["local", "s3", "gcs", "azurerm", "pg", "kubernetes", "cloud"]);
  });

  test.each([
    ["s3", "bucket/path/to/prefix"],
    ["gcs", "bucket/path/to/prefix"],
    ["azurerm", "container/path/to/prefix"],
    ["cloud", "organization or organization/workspace-prefix"],
  ])("%s: the object is required, and the message shows its shape", (type, shape) => {
    const problem = { setting: "object", message: `is required for the ${type} backend: ${shape}` };
    expect(blockOf({ type })).toEqual({ problem });
    expect(blockOf({ type, object: "  " })).toEqual({ problem });
    expect(blockOf({ type, object: "/prefix" })).toEqual({ problem });
  });
});
