/**
 * The state backend of a stack, from Planton's `backend.type` and `backend.object` settings.
 * Every stack gets its own state, keyed by its stack name, so that many Jobs never share or
 * clobber one. Settings the object cannot carry (a region, a storage account, credentials)
 * come from `--backend-config key=value`, from the backend's own environment variables, or
 * from `terraform init -backend-config` (Terraform's partial configuration).
 *
 * Terraform reads a backend block of Terraform JSON as plain text (it evaluates no template
 * there), so values are written as given; only cdktf's token markers cannot be written at all.
 */
import { resolve } from "node:path";
import { closest } from "../suggest";
import { tokenMarkerIn, tokenMarkerProblem } from "../terraform/literal";

export const BACKEND_TYPES = ["local", "s3", "gcs", "azurerm", "pg", "kubernetes", "cloud"] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];

export type BackendValue = string | number | boolean;

/** The name of a backend block's argument: a Terraform identifier (HCL writes it bare). */
export const BACKEND_ARGUMENT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `terraform { backend "<type>" { ... } }`, or `terraform { cloud { ... } }` for HCP Terraform. */
export interface BackendBlock {
  readonly type: BackendType;
  readonly config: Readonly<Record<string, BackendValue | Record<string, BackendValue>>>;
}

export interface BackendSetting {
  readonly type?: string;
  readonly object?: string;
  /** Extra attributes of the block, merged last. */
  readonly config?: Readonly<Record<string, BackendValue>>;
}

/** A problem with one of the settings: type and object, or (the current Planton API) a part of the location. */
export interface BackendProblem {
  readonly setting: "type" | "object" | keyof StateLocation;
  readonly message: string;
}

/**
 * Where the current Planton API's backend annotations put a stack's state: a bucket (an Azure
 * container) and the key of the state in it, as written (plantonhq/openmcf
 * pkg/iac/tofu/tofumodule/run_command.go, buildBackendConfigArgs: s3 bucket, key, region and an
 * S3-compatible endpoint; gcs bucket and prefix = key; azurerm container_name = bucket and key).
 */
export interface StateLocation {
  readonly bucket?: string;
  readonly key?: string;
  readonly region?: string;
  readonly endpoint?: string;
}

/** The backend types a state location can name (Planton's own: backendconfig/validate.go). */
const LOCATED_TYPES = ["s3", "gcs", "azurerm"] as const;

/**
 * The backend block of a state location given by the manifest. The key is the manifest's own
 * choice: two manifests naming the same one are caught as sharing a state (see plan.ts).
 */
export function backendAt(
  setting: BackendSetting,
  location: StateLocation,
): { block: BackendBlock } | { problem: BackendProblem } {
  const type = setting.type;
  if (type !== undefined && !(BACKEND_TYPES as readonly string[]).includes(type)) {
    // Not a backend at all ("S3"): said as such, with the likely one, not as a type that takes no bucket.
    const near = closest(type, BACKEND_TYPES);
    const hint = near === undefined ? " a" : ` did you mean "${near}"? A`;
    return {
      problem: {
        setting: "type",
        message: `"${type}" is not a supported backend;${hint} bucket and key are for ${LOCATED_TYPES.join(", ")}`,
      },
    };
  }
  if (type === undefined || !(LOCATED_TYPES as readonly string[]).includes(type)) {
    return {
      problem: {
        setting: "type",
        message:
          type === undefined
            ? `is needed with a backend bucket and key: one of ${LOCATED_TYPES.join(", ")}`
            : `"${type}" takes no bucket and key; a bucket and key are for ${LOCATED_TYPES.join(", ")}`,
      },
    };
  }
  for (const part of ["bucket", "key", "region", "endpoint"] as const) {
    const marker = tokenMarkerIn(location[part] ?? "");
    if (marker) return { problem: { setting: part, message: `"${location[part]}" ${tokenMarkerProblem(marker)}` } };
  }
  for (const part of ["bucket", "key"] as const) {
    if (!location[part]) {
      return {
        problem: {
          setting: part,
          message: `the ${type} backend needs both a bucket and a key; the ${part} is missing`,
        },
      };
    }
  }
  const { bucket, key, region, endpoint } = location as Required<Pick<StateLocation, "bucket" | "key">> & StateLocation;
  if (type !== "s3" && (region !== undefined || endpoint !== undefined)) {
    return {
      problem: {
        setting: region !== undefined ? "region" : "endpoint",
        message: `is for the s3 backend only, not ${type}`,
      },
    };
  }
  const extra = setting.config ?? {};
  switch (type) {
    case "s3": {
      // An endpoint, or the region "auto", is an S3-compatible store (R2, MinIO): Planton's flags for those.
      const compatible = endpoint !== undefined || region === "auto";
      if (region === "auto" && endpoint === undefined) {
        return {
          problem: { setting: "region", message: `"auto" is for an S3-compatible store, which needs the endpoint too` },
        };
      }
      return {
        block: {
          type,
          config: {
            bucket,
            key,
            ...(region !== undefined ? { region } : {}),
            use_lockfile: true,
            encrypt: true,
            ...(endpoint !== undefined ? { endpoints: { s3: endpoint } } : {}),
            ...(compatible
              ? {
                  skip_credentials_validation: true,
                  skip_region_validation: true,
                  skip_metadata_api_check: true,
                  skip_requesting_account_id: true,
                  skip_s3_checksum: true,
                  use_path_style: true,
                }
              : {}),
            ...extra,
          },
        },
      };
    }
    case "gcs":
      return { block: { type, config: { bucket, prefix: key, ...extra } } };
    default:
      return { block: { type: "azurerm", config: { container_name: bucket, key, ...extra } } };
  }
}

const OBJECT_SHAPES: Record<Exclude<BackendType, "local">, string> = {
  s3: "bucket/path/to/prefix",
  gcs: "bucket/path/to/prefix",
  azurerm: "container/path/to/prefix",
  pg: "schema-prefix",
  kubernetes: "namespace",
  cloud: "organization or organization/workspace-prefix",
};

/** HCP Terraform's rule for workspace names. */
const HCP_WORKSPACE_NAME = /^[A-Za-z0-9_-]{1,90}$/;
const HCP_WORKSPACE_RULE = "at most 90 letters, digits, '-' and '_'";

/** Postgres cuts identifiers to NAMEDATALEN - 1 bytes, quoted ones too. */
const PG_MAX_IDENTIFIER_BYTES = 63;

/**
 * The pg backend's schema: `<prefix>_<stack>`, with every character but letters, digits and
 * '_' made '_' (as since the first version, so that existing states keep their schema).
 */
const pgSchemaName = (object: string, stack: string) =>
  `${object || "terraform_remote_state"}_${stack}`.replace(/[^A-Za-z0-9_]/g, "_");

/**
 * Why a stack cannot have its own pg schema, if it cannot. Only '-' may become '_' (so
 * that no two stack names give one schema), and Postgres would cut a longer name to one that
 * another stack's could share.
 */
function pgSchemaProblem(schema: string, stack: string): string | undefined {
  if (/[._]/.test(stack)) {
    return `its schema name "${schema}" would also be the stack "${stack.replace(/[._]/g, "-")}"'s ('-', '.' and '_' all become '_'); a stack on pg needs a name of letters, digits and '-' (in metadata.name and metadata.env)`;
  }
  const bytes = Buffer.byteLength(schema);
  if (bytes > PG_MAX_IDENTIFIER_BYTES) {
    return `its schema name "${schema}" would be ${bytes} bytes, and Postgres cuts names to ${PG_MAX_IDENTIFIER_BYTES} (two stacks could then share one); use a shorter stack name or schema prefix (the backend object)`;
  }
  return undefined;
}

/** State file name of a stack: `<prefix>/<stack>.tfstate`. */
const stateKey = (prefix: string, stack: string) => (prefix ? `${prefix}/${stack}.tfstate` : `${stack}.tfstate`);

function splitObject(object: string): [string, string] {
  const [head, ...rest] = object.split("/");
  return [head, rest.join("/").replace(/^\/+|\/+$/g, "")];
}

/**
 * The backend block of one stack. `localStatePath` is where local state goes (relative to the
 * stack directory, so that the JSON carries no machine-specific path).
 */
export function backendFor(
  stack: string,
  setting: BackendSetting,
  localStatePath: string,
): { block: BackendBlock } | { problem: BackendProblem } {
  const type = setting.type ?? "local";
  if (!(BACKEND_TYPES as readonly string[]).includes(type)) {
    return {
      problem: {
        setting: "type",
        message: `"${type}" is not a supported backend; allowed: ${BACKEND_TYPES.join(", ")}`,
      },
    };
  }
  const extra = setting.config ?? {};
  const block = (config: BackendBlock["config"]) => ({
    block: { type: type as BackendType, config: { ...config, ...extra } },
  });
  if (type === "local") {
    // The path climbs out of the stack directory and into the state directory, by their names.
    const marker = tokenMarkerIn(localStatePath);
    if (marker) {
      return {
        problem: {
          setting: "type",
          message: `local cannot keep state at "${localStatePath}": the path ${tokenMarkerProblem(marker)}; choose another state directory`,
        },
      };
    }
    return block({ path: localStatePath });
  }

  const object = setting.object?.trim() ?? "";
  const marker = tokenMarkerIn(object);
  if (marker) return { problem: { setting: "object", message: `"${object}" ${tokenMarkerProblem(marker)}` } };
  const shape = OBJECT_SHAPES[type as Exclude<BackendType, "local">];
  const [head, prefix] = splitObject(object);
  const needsHead = type !== "pg" && type !== "kubernetes";
  if (needsHead && head === "") {
    return { problem: { setting: "object", message: `is required for the ${type} backend: ${shape}` } };
  }
  switch (type) {
    case "s3":
      // use_lockfile: S3's own conditional writes lock the state (Terraform 1.10 and later).
      return block({ bucket: head, key: stateKey(prefix, stack), use_lockfile: true, encrypt: true });
    case "gcs":
      return block({ bucket: head, prefix: prefix ? `${prefix}/${stack}` : stack });
    case "azurerm":
      return block({ container_name: head, key: stateKey(prefix, stack) });
    case "pg": {
      const schema = pgSchemaName(object, stack);
      const problem = pgSchemaProblem(schema, stack);
      return problem
        ? { problem: { setting: "type", message: `cannot be pg for stack "${stack}": ${problem}` } }
        : block({ schema_name: schema });
    }
    case "kubernetes": {
      // The backend stores state in the Secret tfstate-<workspace>-<suffix>, labelled with the suffix.
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(stack) || stack.length > 63) {
        return {
          problem: {
            setting: "type",
            message: `cannot be kubernetes for stack "${stack}": the stack name becomes a Secret name suffix and a label value (lowercase letters, digits and '-', at most 63)`,
          },
        };
      }
      return block({ secret_suffix: stack, ...(object ? { namespace: object } : {}) });
    }
    case "cloud": {
      const unsupported = Object.keys(extra).filter((key) => key !== "hostname");
      if (unsupported.length > 0) {
        return {
          problem: {
            setting: "type",
            message: `cloud takes only hostname as extra configuration, not ${unsupported.join(", ")}`,
          },
        };
      }
      if (prefix && !HCP_WORKSPACE_NAME.test(prefix)) {
        return {
          problem: {
            setting: "object",
            message: `"${object}" gives the workspace prefix "${prefix}"; HCP Terraform's workspace names are ${HCP_WORKSPACE_RULE}`,
          },
        };
      }
      const workspace = prefix ? `${prefix}-${stack}` : stack;
      if (!HCP_WORKSPACE_NAME.test(workspace)) {
        return {
          problem: {
            setting: "type",
            message: `cannot be cloud for stack "${stack}": its workspace name "${workspace}" must be ${HCP_WORKSPACE_RULE} (HCP Terraform's rule)`,
          },
        };
      }
      return block({ organization: head, workspaces: { name: workspace } });
    }
    default:
      throw new Error(`unhandled backend type ${type}`);
  }
}

/**
 * Where a block keeps its state, in words: two blocks give the same text exactly when they
 * would share one state. Only what locates the state counts (bucket and key, schema, Secret,
 * workspace, file): the rest (a region, a connection string, a storage account) comes from
 * the run's settings or the environment, the same for every stack of a run. `stackDir` is
 * the directory a local path is relative to.
 */
export function stateAddress(block: BackendBlock, stackDir: string): string {
  const text = (key: string) => String(block.config[key] ?? "");
  switch (block.type) {
    case "local":
      return `local file ${resolve(stackDir, text("path"))}`;
    case "s3":
      return `s3 bucket "${text("bucket")}" key "${text("key")}"`;
    case "gcs":
      return `gcs bucket "${text("bucket")}" prefix "${text("prefix")}"`;
    case "azurerm":
      return `azurerm container "${text("container_name")}" key "${text("key")}"`;
    case "pg":
      return `pg schema "${text("schema_name")}"`;
    case "kubernetes":
      return `kubernetes Secret suffix "${text("secret_suffix")}" in namespace "${text("namespace") || "default"}"`;
    case "cloud": {
      const workspaces = block.config.workspaces as Record<string, BackendValue>;
      return `HCP Terraform workspace "${String(workspaces.name)}" of organization "${text("organization")}"`;
    }
  }
}

/** What two stacks' states are compared by: their addresses, local files case-insensitively (macOS, Windows). */
export function stateIdentity(block: BackendBlock, stackDir: string): string {
  const address = stateAddress(block, stackDir);
  return block.type === "local" ? address.toLowerCase() : address;
}
