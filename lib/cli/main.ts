/**
 * The `kubernetes-job` command: argument parsing and dispatch. Commands are loaded on demand so
 * that `validate` never pays for cdktf. A bad manifest or flag is a user error with a message;
 * anything else is an internal error, reported as one.
 */
import { parseArgs } from "node:util";
import { UserError } from "../diagnostics";
import { EXIT, processIo, type CliIo } from "./io";

const USAGE = `Usage: kubernetes-job <command> [options]

Commands:
  validate <paths...>   Check KubernetesJob manifests (files, directories, or - for stdin)
      --format text|json   Report format (default: text)
  synth <paths...>      Write one Terraform stack per manifest (as npx cdktf synth does)
      --out DIR            Output directory (default: cdktf.out)
  schema                Print the JSON Schema of a KubernetesJob manifest
  help                  Show this help

Exit codes: 0 success, 1 invalid manifest, 2 usage error, 70 internal error.
`;

class UsageError extends Error {}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
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
      const { values, positionals } = parse(rest, { format: { type: "string", default: "text" } });
      if (positionals.length === 0)
        throw new UsageError("validate needs at least one path (a file, a directory, or - for stdin)");
      const format = values.format;
      if (format !== "text" && format !== "json")
        throw new UsageError(`--format must be text or json, got "${String(format)}"`);
      const { runValidate } = await import("./validate");
      return runValidate(positionals, format, io);
    }
    case "synth": {
      const { values, positionals } = parse(rest, { out: { type: "string", default: "cdktf.out" } });
      if (positionals.length === 0)
        throw new UsageError("synth needs at least one path (a file, a directory, or - for stdin)");
      const { runSynth } = await import("./synth");
      return runSynth(positionals, values.out, io);
    }
    case "schema": {
      const { positionals } = parse(rest, {});
      if (positionals.length > 0) throw new UsageError(`schema takes no arguments, got "${positionals[0]}"`);
      const { manifestJsonSchema } = await import("../json-schema");
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
