/**
 * The `kubernetes-job` command: argument parsing and dispatch. Commands are loaded on demand so
 * that `validate` never pays for cdktf. A bad manifest or flag is a user error with a message;
 * anything else is an internal error, reported as one.
 */
import { parseArgs } from "node:util";
import { UserError } from "../diagnostics";
import { API_VERSION } from "../manifest/defaults";
import { PLANTON_API_VERSION } from "../manifest/v1alpha1/api-version";
import { environmentProblem } from "../system-errors";
import { closest } from "../suggest";
import { colouringIo } from "./colour";
import { parseWarningIds, type WarningPolicy } from "../warnings";
import { DEFAULT_OUT_DIR, EXIT, processIo, redactingIo, type CliIo } from "./io";
import {
  COMMANDS,
  commandUsage,
  isCommand,
  packageVersion,
  PROGRAM,
  USAGE,
  usageErrorText,
  type Command,
} from "./usage";

/** A problem with the command line (exit 2); `command` chooses which `--help` the message points to. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

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
  engine: { type: "string" },
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
const CONVERT_OPTIONS = { out: { type: "string" } } as const;
const SCHEMA_OPTIONS = { "api-version": { type: "string" } } as const;
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
  "no-cache": { type: "boolean", default: false },
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
    engine: values.engine,
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
  // Every byte printed below, the error handler's too, passes the run's secret redactor (then
  // gets its colours: a colour code never splits a secret).
  const io = redactingIo(colouringIo(given));
  try {
    return await run(argv, io);
  } catch (cause) {
    if (cause instanceof UsageError) {
      io.stderr(usageErrorText(cause.message, cause.command));
      return EXIT.usage;
    }
    const problem = cause instanceof UserError ? cause.message : environmentProblem(cause);
    if (problem !== undefined) {
      io.stderr(`kubernetes-job: ${problem}\n`);
      // A CI step reading the JSON report gets one for a run that failed as a whole too.
      if (asksForJson(argv)) io.stdout(`${JSON.stringify(runFailureReport(problem, argv[0]), null, 2)}\n`);
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

/** validate or synth with `--format json` (as parsed: before the command ran, or while it ran). */
function asksForJson(argv: readonly string[]): boolean {
  const [command, ...rest] = argv;
  if (command !== "validate" && command !== "synth") return false;
  const end = rest.indexOf("--");
  const args = end < 0 ? rest : rest.slice(0, end);
  return args.some((arg, index) => arg === "--format=json" || (arg === "--format" && args[index + 1] === "json"));
}

/** The report of a run that failed before any manifest could be reported: a setting, the output directory. */
function runFailureReport(message: string, command: string | undefined) {
  const report = { ok: false, manifests: [], errors: [{ severity: "error", message }], warnings: [] };
  // synth's report has its stacks and retired stacks, none here.
  return command === "synth" ? { ...report, stacks: [], retired: [] } : report;
}

/** Each command's flags, for `--help` after them and for "did you mean" (help itself is not one). */
const OPTIONS_OF: Record<Command, Options> = {
  validate: VALIDATE_OPTIONS,
  synth: SYNTH_OPTIONS,
  render: RENDER_OPTIONS,
  convert: CONVERT_OPTIONS,
  schema: SCHEMA_OPTIONS,
  help: {},
};

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-V") {
    io.stdout(`${PROGRAM} ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (command === "--help" || command === "-h") {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (command === undefined) throw new UsageError(`no command given: ${allowedCommands()}`);
  if (!isCommand(command)) throw new UsageError(unknownCommand(command, rest));
  if (command === "help") return help(rest, io);
  // `synth --help` (or -h anywhere among its flags) prints synth's usage, whatever else is given.
  if (asksForHelp(rest, OPTIONS_OF[command])) {
    io.stdout(commandUsage(command));
    return EXIT.ok;
  }
  try {
    return await dispatch(command, rest, io);
  } catch (cause) {
    // Every usage error of a command points to that command's --help.
    if (cause instanceof UsageError && cause.command === undefined) throw new UsageError(cause.message, command);
    throw cause;
  }
}

function allowedCommands(): string {
  return `${COMMANDS.slice(0, -1).join(", ")} or ${COMMANDS[COMMANDS.length - 1]}`;
}

/** "synth", "synth and render", "synth, render and convert". */
function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

function unknownCommand(word: string, rest: readonly string[] = []): string {
  // Flags go after the command, as with git and kubectl: `synth --out x`, not `--out x synth`.
  if (word.startsWith("-")) {
    const command = rest.find(isCommand);
    const name = word.replace(/^--?/, "").replace(/=.*$/, "");
    if (command && command !== "help" && name in OPTIONS_OF[command]) {
      return `${word} goes after the command: write ${PROGRAM} ${command} ${word} ...`;
    }
    return `unknown flag ${word} before the command: write ${PROGRAM} <command> [flags]`;
  }
  const near = closest(word, COMMANDS);
  return `unknown command "${word}"; ${near ? `did you mean "${near}"?` : `the commands are ${allowedCommands()}`}`;
}

/** `help`, `help synth`. */
function help(rest: readonly string[], io: CliIo): number {
  const [topic, ...extra] = rest;
  if (extra.length > 0) throw new UsageError(`help takes at most one command, got "${extra[0]}"`, "help");
  if (topic === "--version" || topic === "-V") io.stdout(`${PROGRAM} ${packageVersion()}\n`);
  else if (topic === undefined || topic === "--help" || topic === "-h") io.stdout(USAGE);
  else if (isCommand(topic)) io.stdout(topic === "help" ? USAGE : commandUsage(topic));
  else throw new UsageError(unknownCommand(topic), "help");
  return EXIT.ok;
}

/** -h or --help among a command's flags (not as the value of another flag, nor after `--`). */
function asksForHelp(args: readonly string[], options: Options): boolean {
  const { tokens } = parseArgs({
    args: [...args],
    options: { ...options, help: { type: "boolean", short: "h" } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.some((token) => token.kind === "option" && token.name === "help");
}

async function dispatch(command: Command, rest: readonly string[], io: CliIo): Promise<number> {
  switch (command) {
    case "validate": {
      const { values, positionals } = parse(command, rest, VALIDATE_OPTIONS);
      if (positionals.length === 0)
        throw new UsageError("validate needs at least one path (a file, a directory, or - for stdin)");
      const format = values.format;
      if (format !== "text" && format !== "json")
        throw new UsageError(`--format must be text or json, got "${String(format)}"`);
      const { runValidate } = await import("./validate");
      return runValidate(positionals, format, deploymentSettings(values), io, warningPolicy(values));
    }
    case "synth": {
      const { values, positionals } = parse(command, rest, SYNTH_OPTIONS);
      if (positionals.length === 0)
        throw new UsageError("synth needs at least one path (a file, a directory, or - for stdin)");
      const format = values.format;
      if (format !== "text" && format !== "json")
        throw new UsageError(`--format must be text or json, got "${String(format)}"`);
      const warnings = warningPolicy(values);
      const { runSynth } = await import("./synth");
      const settings = deploymentSettings(values);
      // Decimal digits only: Number() also reads "", " ", 0x2, 1e1, +2 and 64.0 (found by review 14).
      const workers =
        values.workers === undefined ? undefined : /^[0-9]+$/.test(values.workers) ? Number(values.workers) : NaN;
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
          cache: !values["no-cache"],
          lockTimeoutMs,
          format,
          warnings,
        },
        io,
      );
    }
    case "render": {
      const { values, positionals } = parse(command, rest, RENDER_OPTIONS);
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
    case "convert": {
      const { values, positionals } = parse(command, rest, CONVERT_OPTIONS);
      if (positionals.length === 0)
        throw new UsageError("convert needs at least one path (a file, a directory, or - for stdin)");
      const { runConvert } = await import("./convert");
      return runConvert(positionals, { outDir: values.out }, io);
    }
    case "schema": {
      const { values, positionals } = parse(command, rest, SCHEMA_OPTIONS);
      if (positionals.length > 0) throw new UsageError(`schema takes no arguments, got "${positionals[0]}"`);
      const apiVersion = values["api-version"] ?? API_VERSION;
      let schema: unknown;
      if (apiVersion === API_VERSION) {
        schema = (await import("../manifest/json-schema")).manifestJsonSchema();
      } else if (apiVersion === PLANTON_API_VERSION) {
        schema = (await import("../manifest/v1alpha1/docs")).plantonManifestJsonSchema();
      } else {
        throw new UsageError(
          `--api-version ${JSON.stringify(apiVersion)} is not one this tool reads: ${API_VERSION} or ${PLANTON_API_VERSION}`,
        );
      }
      io.stdout(`${JSON.stringify(schema, null, 2)}\n`);
      return EXIT.ok;
    }
    case "help":
      return help(rest, io);
  }
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

function parse<T extends Options>(command: Command, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (cause) {
    // Not `instanceof Error`: an error from another realm (a vm context, as under jest) is not one.
    const message = (cause as { message?: unknown } | null)?.message;
    throw new UsageError(typeof message === "string" ? flagProblem(command, message) : String(cause));
  }
}

/** node's parseArgs messages, in one line each, with a "did you mean" for an unknown flag. */
function flagProblem(command: Command, message: string): string {
  const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) {
    const names = Object.keys(OPTIONS_OF[command]);
    const near = unknown.startsWith("--") ? closest(unknown.slice(2), names) : undefined;
    if (unknown === "--version" || unknown === "-V") {
      return `${unknown} is not a flag of ${command}: ${PROGRAM} ${unknown} prints the version`;
    }
    if (near) return `unknown flag ${unknown} for ${command}; did you mean --${near}?`;
    const elsewhere = COMMANDS.filter((other) => unknown.startsWith("--") && unknown.slice(2) in OPTIONS_OF[other]);
    if (elsewhere.length > 0)
      return `unknown flag ${unknown} for ${command} (${listed(elsewhere)} ${elsewhere.length === 1 ? "takes" : "take"} it)`;
    return `unknown flag ${unknown} for ${command}`;
  }
  const flag = /^Option '(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
  if (flag && message.includes("argument missing")) return `${flag} needs a value`;
  if (flag && message.includes("argument is ambiguous")) {
    return `${flag} needs a value (a value that starts with - is written ${flag}=-VALUE)`;
  }
  if (flag && message.includes("does not take an argument")) return `${flag} takes no value`;
  return message.split("\n")[0];
}
