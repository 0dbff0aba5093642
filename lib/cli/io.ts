import { redactor } from "../redact";
import { noColorWanted } from "./colour";

/** Where the CLI writes and reads; replaced by buffers in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin?: () => string;
  /** Standard error is a terminal: progress is drawn there. */
  readonly stderrIsTTY?: boolean;
  /** Standard output is a terminal: secret values are never printed there. */
  readonly stdoutIsTTY?: boolean;
  /** No colours even on a terminal: NO_COLOR is set, or TERM is dumb (see colour.ts). */
  readonly noColor?: boolean;
  /** Values that nothing written from now on may show; set by `redactingIo`. */
  readonly addSecrets?: (values: Iterable<string>) => void;
}

export interface RedactingIo extends CliIo {
  readonly addSecrets: (values: Iterable<string>) => void;
  /**
   * Writes a command's data (render's objects) to stdout as it is: replacing text inside it would
   * change the objects. The caller decides what data may hold (render leaves Secret objects out)
   * and asks `holdsSecret` first.
   */
  readonly data: (text: string) => void;
  /** True when text holds a secret added so far, in any of the forms the redactor replaces. */
  readonly holdsSecret: (text: string) => boolean;
}

/**
 * The one choke point for secrets: everything written through the returned io has every secret
 * added so far replaced, in every form (see lib/redact.ts). Each write is redacted as a whole,
 * so callers write whole messages. An io that redacts already is returned as it is.
 */
export function redactingIo(io: CliIo): RedactingIo {
  if (io.addSecrets) return io as RedactingIo;
  const secrets = new Set<string>();
  let redact = (text: string) => text;
  return {
    readStdin: io.readStdin,
    stderrIsTTY: io.stderrIsTTY,
    stdoutIsTTY: io.stdoutIsTTY,
    noColor: io.noColor,
    stdout: (text) => io.stdout(redact(text)),
    stderr: (text) => io.stderr(redact(text)),
    data: (text) => io.stdout(text),
    holdsSecret: (text) => redact(text) !== text,
    addSecrets: (values) => {
      const before = secrets.size;
      for (const value of values) secrets.add(value);
      if (secrets.size !== before) redact = redactor(secrets);
    },
  };
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
  noColor: noColorWanted(process.env),
};

/** Where synth writes, as `npx cdktf synth` does; validate plans against it too (local state paths). */
export const DEFAULT_OUT_DIR = "cdktf.out";

/** Exit codes of every command. */
export const EXIT = {
  ok: 0,
  invalid: 1,
  usage: 2,
  internal: 70,
  /** 128 + SIGINT, as shells report an interrupted command. */
  interrupted: 130,
} as const;
