import { BACKEND_TYPES, backendAt, backendFor, type BackendSetting } from "../../lib/deployment/backend";

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

  test("pg: refuses a stack name with '.' or '_', whose schema another stack's name would give", () => {
    expect(blockOf({ type: "pg" }, "etl-prod.eu")).toEqual({
      problem: {
        setting: "type",
        message:
          "cannot be pg for stack \"etl-prod.eu\": its schema name \"terraform_remote_state_etl_prod_eu\" would also be the stack \"etl-prod-eu\"'s ('-', '.' and '_' all become '_'); a stack on pg needs a name of letters, digits and '-' (in metadata.name and metadata.env)",
      },
    });
    expect(blockOf({ type: "pg", object: "jobs" }, "a-x_y")).toEqual({
      problem: expect.objectContaining({ message: expect.stringContaining('would also be the stack "a-x-y"\'s') }),
    });
  });

  test("pg: gives every stack name of letters, digits and '-' its own schema, as before", () => {
    const names = ["etl-prod-eu", "etl-prodeu", "etl-Prod-eu", "etl-prod-e-u", "e-tl-prod-eu", "etl--prod-eu"];
    const schemas = names.map((name) => {
      const result = blockOf({ type: "pg" }, name);
      if (!("block" in result)) throw new Error(result.problem.message);
      return result.block.config.schema_name;
    });
    expect(schemas[0]).toBe("terraform_remote_state_etl_prod_eu");
    expect(new Set(schemas).size).toBe(names.length);
  });

  test("pg: refuses a schema name over Postgres' 63 bytes, which Postgres would cut to another stack's", () => {
    const stack = "a".repeat(41);
    expect(blockOf({ type: "pg" }, stack)).toEqual({
      problem: {
        setting: "type",
        message: `cannot be pg for stack "${stack}": its schema name "terraform_remote_state_${stack}" would be 64 bytes, and Postgres cuts names to 63 (two stacks could then share one); use a shorter stack name or schema prefix (the backend object)`,
      },
    });
    expect(blockOf({ type: "pg" }, "a".repeat(40))).toHaveProperty("block");
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

  test("cloud: refuses a workspace name HCP Terraform does not allow: '.', or over 90 characters", () => {
    expect(blockOf({ type: "cloud", object: "acme/jobs" }, "etl-prod.eu")).toEqual({
      problem: {
        setting: "type",
        message:
          "cannot be cloud for stack \"etl-prod.eu\": its workspace name \"jobs-etl-prod.eu\" must be at most 90 letters, digits, '-' and '_' (HCP Terraform's rule)",
      },
    });
    expect(blockOf({ type: "cloud", object: "acme" }, "a".repeat(91))).toEqual({
      problem: expect.objectContaining({ setting: "type", message: expect.stringContaining("at most 90") }),
    });
    expect(blockOf({ type: "cloud", object: "acme" }, "a".repeat(90))).toHaveProperty("block");
    expect(blockOf({ type: "cloud", object: "acme/jobs.eu" })).toEqual({
      problem: {
        setting: "object",
        message:
          "\"acme/jobs.eu\" gives the workspace prefix \"jobs.eu\"; HCP Terraform's workspace names are at most 90 letters, digits, '-' and '_'",
      },
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

describe("backendAt: a state location given by bucket and key", () => {
  const location = { bucket: "acme-state", key: "jobs/a.tfstate" };

  test("a type that is no backend (the wrong case) says so, with the one meant, not that it takes no bucket", () => {
    expect(backendAt({ type: "S3" }, location)).toEqual({
      problem: {
        setting: "type",
        message: '"S3" is not a supported backend; did you mean "s3"? A bucket and key are for s3, gcs, azurerm',
      },
    });
  });

  test("a type that is no backend and near none lists the types that take a bucket and key", () => {
    expect(backendAt({ type: "webdav" }, location)).toEqual({
      problem: {
        setting: "type",
        message: '"webdav" is not a supported backend; a bucket and key are for s3, gcs, azurerm',
      },
    });
  });

  test("a backend that keeps no state in a bucket still says it takes no bucket and key", () => {
    expect(backendAt({ type: "pg" }, location)).toEqual({
      problem: { setting: "type", message: '"pg" takes no bucket and key; a bucket and key are for s3, gcs, azurerm' },
    });
  });
});
