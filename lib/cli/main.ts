/**
 * The `kubernetes-job` command: argument parsing and dispatch. Commands are loaded on demand so
 * that `validate` never pays for cdktf. A bad manifest or flag is a user error with a message;
 * anything else is an internal error, reported as one.
 */
import { parseArgs } from "node:util";
import { UserError } from "../diagnostics";
import { environmentProblem } from "../system-errors";
import { parseWarningIds, type WarningPolicy } from "../warnings";
import { DEFAULT_OUT_DIR, EXIT, processIo, redactingIo, type CliIo } from "./io";

const USAGE = `Usage: kubernetes-job <command> [options]

Commands:
  validate <paths...>   Check KubernetesJob manifests (files, directories, or - for stdin)
      --format text|json   Report format (default: text)
  synth <paths...>      Write one Terraform stack per manifest (as npx cdktf synth does)
      --out DIR            Output directory (default: ${DEFAULT_OUT_DIR})
      --hcl                Write cdk.tf (HCL) instead of cdk.tf.json
      --quiet              No progress and no line per stack, only problems and a summary
      --workers N          Worker threads (default: one per 40 manifest files, at most one per core; 0: none)
      --prune              Retire stacks whose local state still holds resources (the state is kept)
      --lock-timeout D     Give up after waiting D (e.g. 30s, 5m) for another synth of the same --out (default: 10m)
      --format text|json   Report format (default: text); json: the validate report plus the stacks written
  render <paths...>     Print the Kubernetes objects each manifest means, in apply order
      --format yaml|json   Multi-document YAML (default) or a JSON v1 List
      --out DIR            Write one <stack>.yaml (or .json) per manifest there instead
      --include-secrets    Add the Secret objects holding secret values (never to a terminal)
  schema                Print the JSON Schema of a KubernetesJob manifest
  help                  Show this help

Deployment settings (validate and synth; a manifest's labels win over them, see the README):
  --kubeconfig PATH          Kubeconfig for the provider (default: KUBE_CONFIG_PATH at apply time)
  --context NAME             Kubeconfig context
  --clusters FILE            Named clusters that spec.targetCluster selects
  --backend-type T           State backend: local, s3, gcs, azurerm, pg, kubernetes, cloud
  --backend-object O         Its bucket/prefix (s3, gcs), container/prefix (azurerm), ...
  --backend-config K=V       Extra backend attribute (repeatable), e.g. region=eu-west-1
  --state-dir DIR            Where local state files live (default: the current directory)
  --wait                     Make terraform apply wait for each Job to complete
  --timeout DURATION         How long to wait (default: activeDeadlineSeconds + 5m, or 30m)
  --docker-config-json FILE  Docker config JSON for an image pull secret
  --docker-config-root DIR   Where docker-config-json-file labels may read (default: the manifest's directory)
  --refs FILE                Field values of resources outside the run, for valueFrom references

Warnings (validate, synth, render; ids are shown as warning[ID], listed in the README):
  --strict                   Any warning fails the run (exit 1, nothing written)
  --ignore-warning ID        Hide a class of warning, e.g. ttl-rerun (repeatable, or ID,ID)

Exit codes: 0 success, 1 invalid manifest, setting or output directory, 2 usage error,
70 internal error, 130 interrupted (SIGINT or SIGTERM; the output directory is as it was).
`;

class UsageError extends Error {}

const DEPLOYMENT_OPTIONS = {
  kubeconfig: { type: "string" },
  context: { type: "string" },
  clusters: { type: "string" },
  "backend-type": { type: "string" },
  "backend-object": { type: "string" },
  "backend-config": { type: "string", multiple: true },
  "state-dir": { type: "string" },
  wait: { type: "boolean" },
  timeout: { type: "string" },
  "docker-config-json": { type: "string" },
  refs: { type: "string" },
  "docker-config-root": { type: "string" },
} as const;

/** What a run does with warnings (lib/warnings.ts); validate, synth and render. */
const WARNING_OPTIONS = {
  strict: { type: "boolean", default: false },
  "ignore-warning": { type: "string", multiple: true },
} as const;

const RENDER_OPTIONS = {
  ...DEPLOYMENT_OPTIONS,
  ...WARNING_OPTIONS,
  out: { type: "string" },
  format: { type: "string", default: "yaml" },
  "include-secrets": { type: "boolean", default: false },
} as const;
const VALIDATE_OPTIONS = {
  ...DEPLOYMENT_OPTIONS,
  ...WARNING_OPTIONS,
  format: { type: "string", default: "text" },
} as const;
const SYNTH_OPTIONS = {
  ...DEPLOYMENT_OPTIONS,
  ...WARNING_OPTIONS,
  format: { type: "string", default: "text" },
  out: { type: "string", default: DEFAULT_OUT_DIR },
  hcl: { type: "boolean", default: false },
  quiet: { type: "boolean", default: false },
  workers: { type: "string" },
  prune: { type: "boolean", default: false },
  "lock-timeout": { type: "string" },
} as const;

/** 1st, 2nd, 3rd, 4th... */
function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

type DeploymentValues = ReturnType<typeof parse<typeof DEPLOYMENT_OPTIONS>>["values"];

/** Flags to the run settings that cdktf.json context keys give, spelled the same way. */
function deploymentSettings(values: DeploymentValues): Record<string, unknown> {
  const pairs = values["backend-config"] ?? [];
  const backendConfig: Record<string, string> = {};
  pairs.forEach((pair, index) => {
    const at = pair.indexOf("=");
    // Never echoed: a malformed pair may well be a credential pasted without its key.
    const which = pairs.length > 1 ? `${ordinal(index + 1)} ` : "";
    const problem = at < 0 ? 'has no "="' : at === 0 ? "has no key before its =" : undefined;
    if (problem) {
      throw new UsageError(
        `--backend-config takes key=value; the ${which}value given ${problem} (it is not shown: it may be a credential)`,
      );
    }
    backendConfig[pair.slice(0, at)] = pair.slice(at + 1);
  });
  const settings = {
    kubeconfig: values.kubeconfig,
    kubeContext: values.context,
    clusters: values.clusters,
    backendType: values["backend-type"],
    backendObject: values["backend-object"],
    backendConfig: pairs.length > 0 ? backendConfig : undefined,
    stateDir: values["state-dir"],
    waitForCompletion: values.wait,
    timeout: values.timeout,
    dockerConfigJsonFile: values["docker-config-json"],
    refs: values.refs,
    dockerConfigRoot: values["docker-config-root"],
  };
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/** --strict and --ignore-warning ID (repeatable, or comma-separated); an unknown id is a usage error. */
function warningPolicy(values: { strict?: boolean; "ignore-warning"?: string[] }): WarningPolicy {
  const { ids, problem } = parseWarningIds(values["ignore-warning"] ?? [], "--ignore-warning");
  if (problem !== undefined) throw new UsageError(problem);
  return { strict: values.strict === true, ignore: new Set(ids) };
}

export async function main(argv: readonly string[], given: CliIo = processIo): Promise<number> {
  // Every byte printed below, the error handler's too, passes the run's secret redactor.
  const io = redactingIo(given);
  try {
    return await run(argv, io);
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.stderr(`kubernetes-job: ${cause.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (cause instanceof UserError) {
      io.stderr(`kubernetes-job: ${cause.message}\n`);
      return EXIT.invalid;
    }
    const environment = environmentProblem(cause);
    if (environment) {
      io.stderr(`kubernetes-job: ${environment}\n`);
      return EXIT.invalid;
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    io.stderr(
      `kubernetes-job: internal error: ${message}\n` +
        "This is a bug in kubernetes-job, not in your manifests; please report it with the command you ran.\n",
    );
    return EXIT.internal;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "validate": {
      const { values, positionals } = parse(rest, VALIDATE_OPTIONS);
      if (positionals.length === 0)
        throw new UsageError("validate needs at least one path (a file, a directory, or - for stdin)");
      const format = values.format;
      if (format !== "text" && format !== "json")
        throw new UsageError(`--format must be text or json, got "${String(format)}"`);
      const { runValidate } = await import("./validate");
      return runValidate(positionals, format, deploymentSettings(values), io, warningPolicy(values));
    }
    case "synth": {
      const { values, positionals } = parse(rest, SYNTH_OPTIONS);
      if (positionals.length === 0)
        throw new UsageError("synth needs at least one path (a file, a directory, or - for stdin)");
      const format = values.format;
      if (format !== "text" && format !== "json")
        throw new UsageError(`--format must be text or json, got "${String(format)}"`);
      const warnings = warningPolicy(values);
      const { runSynth } = await import("./synth");
      const settings = deploymentSettings(values);
      const workers = values.workers === undefined ? undefined : Number(values.workers);
      if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
        throw new UsageError(`--workers takes a whole number from 0 to 64, got "${values.workers}"`);
      }
      const lockTimeout = values["lock-timeout"];
      // Loaded here, as synth loads it anyway: other commands do not pay for it.
      const { goDurationMs } = await import("../deployment/resolve");
      const lockTimeoutMs = lockTimeout === undefined ? undefined : goDurationMs(lockTimeout);
      if (lockTimeoutMs === undefined && lockTimeout !== undefined) {
        throw new UsageError(`--lock-timeout takes a duration such as 30s, 5m or 1h, got "${lockTimeout}"`);
      }
      return runSynth(
        positionals,
        {
          outDir: values.out,
          hcl: values.hcl,
          quiet: values.quiet,
          workers,
          settings,
          prune: values.prune,
          lockTimeoutMs,
          format,
          warnings,
        },
        io,
      );
    }
    case "render": {
      const { values, positionals } = parse(rest, RENDER_OPTIONS);
      if (positionals.length === 0)
        throw new UsageError("render needs at least one path (a file, a directory, or - for stdin)");
      const format = values.format;
      if (format !== "yaml" && format !== "json")
        throw new UsageError(`--format must be yaml or json, got "${String(format)}"`);
      const includeSecrets = values["include-secrets"];
      if (includeSecrets && values.out === undefined && io.stdoutIsTTY) {
        throw new UsageError(
          "--include-secrets would print secret values to the terminal: redirect standard output to a file or a pipe, or give --out DIR",
        );
      }
      const { runRender } = await import("./render");
      return runRender(
        positionals,
        {
          outDir: values.out,
          format,
          includeSecrets,
          settings: deploymentSettings(values),
          warnings: warningPolicy(values),
        },
        io,
      );
    }
    case "schema": {
      const { positionals } = parse(rest, {});
      if (positionals.length > 0) throw new UsageError(`schema takes no arguments, got "${positionals[0]}"`);
      const { manifestJsonSchema } = await import("../manifest/json-schema");
      io.stdout(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
      return EXIT.ok;
    }
    case "help":
    case "--help":
    case "-h":
      io.stdout(USAGE);
      return EXIT.ok;
    case undefined:
      throw new UsageError("no command given");
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

function parse<T extends Options>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (cause) {
    // node's messages name the flag: "Unknown option '--x'". Not `instanceof Error`: an error
    // from another realm (a vm context, as under jest) is not one, and would print its class.
    const message = (cause as { message?: unknown } | null)?.message;
    throw new UsageError(
      typeof message === "string" ? message.replace(/\. To specify a positional.*$/s, "") : String(cause),
    );
  }
}
