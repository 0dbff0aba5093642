/**
 * What `--help` prints: the whole command's usage, and each command's own (`synth --help`), as
 * git, kubectl and terraform do. A usage error prints none of it: one line saying what is wrong,
 * then a pointer to the right `--help` (see usageErrorText).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEFAULT_OUT_DIR } from "./io";

export const PROGRAM = "kubernetes-job";

/** The commands, in the order the help lists them. */
export const COMMANDS = ["validate", "synth", "render", "convert", "schema", "help"] as const;
export type Command = (typeof COMMANDS)[number];

const DEPLOYMENT_SETTINGS = `Deployment settings (a manifest's labels and engine annotation win over them, see the README):
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
  --engine typed|manifest    Terraform resources for manifests without the engine annotation (default: typed;
                             render ignores it)
`;

const WARNINGS = `Warnings (ids are shown as warning[ID] and listed in the README):
  --strict                   Any warning fails the run (exit 1, nothing written)
  --ignore-warning ID        Hide a class of warning, e.g. ttl-rerun (repeatable, or ID,ID)
`;

const PATHS = "Paths are files, directories (their .yaml, .yml and .json files) or - for standard input.";

const EXIT_CODES = `Exit codes: 0 success, 1 invalid manifest, setting or output directory, 2 usage error,
70 internal error, 130 interrupted (SIGINT or SIGTERM; the output directory is as it was).
`;

/** Each command: its synopsis line, what it does, and its own options. */
const COMMAND_HELP: Record<Command, { synopsis: string; summary: string; options: string; settings: boolean }> = {
  validate: {
    synopsis: "validate <paths...> [options]",
    summary: "Check KubernetesJob manifests (files, directories, or - for stdin)",
    options: "  --format text|json   Report format (default: text)\n",
    settings: true,
  },
  synth: {
    synopsis: "synth <paths...> [options]",
    summary: "Write one Terraform stack per manifest (as npx cdktf synth does)",
    options: `  --out DIR            Output directory (default: ${DEFAULT_OUT_DIR})
  --hcl                Write cdk.tf (HCL) instead of cdk.tf.json
  --quiet              No progress and no line per stack, only problems and a summary
  --workers N          Worker threads (default: one per 40 stacks, beside this thread, up to one per other core, and one per core beyond 2,000 stacks; never more than the stacks or cores; 0: none)
  --prune              Retire stacks whose local state still holds resources (the state is kept)
  --no-cache           Synthesize every stack, reusing none of the previous run's files
  --lock-timeout D     Give up after waiting D (e.g. 30s, 5m) for another synth of the same --out (default: 10m)
  --format text|json   Report format (default: text); json: the validate report plus the stacks written
`,
    settings: true,
  },
  render: {
    synopsis: "render <paths...> [options]",
    summary: "Print the Kubernetes objects each manifest means, in apply order",
    options: `  --format yaml|json   Multi-document YAML (default) or a JSON v1 List
  --out DIR            Write one <stack>.yaml (or .json) per manifest there instead
  --include-secrets    Add the Secret objects holding secret values (never to a terminal)
`,
    settings: true,
  },
  convert: {
    synopsis: "convert <paths...> [options]",
    summary: "Rewrite kubernetes.project-planton.org/v1 manifests in the current API, kubernetes.planton.dev/v1alpha1",
    options: `  --out DIR            Write one file per input file there (under its name) instead of printing
`,
    settings: false,
  },
  schema: {
    synopsis: "schema [options]",
    summary: "Print the JSON Schema of a KubernetesJob manifest",
    options: `  --api-version V      kubernetes.project-planton.org/v1 (default) or kubernetes.planton.dev/v1alpha1
`,
    settings: false,
  },
  help: {
    synopsis: "help [command]",
    summary: "Show this help, or a command's (the same as kubernetes-job <command> --help)",
    options: "",
    settings: false,
  },
};

const indent = (text: string) => text.replace(/^(?=.)/gm, "    ");

/** The whole command's help: every command with its options, the settings, the exit codes. */
export const USAGE = `Usage: ${PROGRAM} <command> [options]

Commands:
${COMMANDS.map((name) => {
  const { synopsis, summary, options } = COMMAND_HELP[name];
  return `  ${synopsis.replace(" [options]", "").padEnd(20)}  ${summary}\n${indent(options)}`;
}).join("")}
  -h, --help            Show the help (after a command: that command's)
  -V, --version         Print the version

${DEPLOYMENT_SETTINGS.replace("(", "(validate, synth and render; ")}
${WARNINGS.replace("(", "(validate, synth and render; ")}
${EXIT_CODES}`;

/** One command's help: `kubernetes-job synth --help`. */
export function commandUsage(name: Command): string {
  const { synopsis, summary, options, settings } = COMMAND_HELP[name];
  const sections = [
    `Usage: ${PROGRAM} ${synopsis}\n\n${summary}.${name === "schema" || name === "help" ? "" : ` ${PATHS}`}\n`,
  ];
  sections.push(`Options:\n${options}  -h, --help           Show this help\n`);
  if (settings) sections.push(DEPLOYMENT_SETTINGS, WARNINGS);
  sections.push(EXIT_CODES);
  return sections.join("\n");
}

export function isCommand(name: string | undefined): name is Command {
  return (COMMANDS as readonly string[]).includes(name ?? "");
}

/** A usage error: one line with the problem, then where the usage is (never the whole help page). */
export function usageErrorText(message: string, command?: Command): string {
  const help = command && command !== "help" ? `${PROGRAM} ${command} --help` : `${PROGRAM} --help`;
  return `${PROGRAM}: ${message}\nRun '${help}' for usage.\n`;
}

/**
 * The version in package.json, found by walking up from this file: the compiled file
 * (dist/lib/cli) and the source (lib/cli, under ts-jest) sit at different depths.
 */
export function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const { name, version } = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (name === "kubernetes-job-cdktf" && typeof version === "string") return version;
    }
    if (dirname(dir) === dir) throw new Error("package.json of kubernetes-job-cdktf not found above " + __dirname);
  }
}
