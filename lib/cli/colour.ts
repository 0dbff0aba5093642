/**
 * Colours on a terminal, modestly, as compilers do: only the label of a line is coloured (`error`
 * red, `warning` yellow, `ok` green, the `kubernetes-job:` of the command's own errors red).
 * None when the stream is not a terminal, when NO_COLOR is set to anything but the empty string
 * (https://no-color.org), or when TERM is dumb. Lines are recognised by their shape, so that every
 * command's output is coloured the same way whichever module wrote it.
 */
import type { CliIo } from "./io";

const RED = "\x1b[31m";
const YELLOW = "\x1b[33m";
const GREEN = "\x1b[32m";
/** The default foreground colour (not a full reset: nothing else was changed). */
const DEFAULT = "\x1b[39m";

/** The environment asks for no colour: NO_COLOR non-empty (no-color.org), or a dumb terminal. */
export function noColorWanted(env: NodeJS.ProcessEnv): boolean {
  return (env.NO_COLOR ?? "") !== "" || env.TERM === "dumb";
}

const paint = (colour: string, text: string) => `${colour}${text}${DEFAULT}`;

/**
 * One line's label coloured. A diagnostic reads `<where>: error: ...` or `<where>: warning: ...`
 * (lib/diagnostics.ts formatDiagnostic); its first such label is the one coloured.
 */
function colourLine(line: string): string {
  if (line.startsWith("ok: ")) return `${paint(GREEN, "ok")}${line.slice(2)}`;
  if (line.startsWith("kubernetes-job: ")) return `${paint(RED, "kubernetes-job:")}${line.slice(15)}`;
  const own = /^(warning(?:\[[a-z0-9-]+\])?): /.exec(line);
  if (own) return `${paint(YELLOW, own[1])}${line.slice(own[1].length)}`;
  // Indented lines are data (YAML, JSON) or the continuation of a message, never a label.
  if (/^\s/.test(line)) return line;
  // A label may carry its warning class: `warning[ttl-rerun]`, or `error[ttl-rerun]` under --strict.
  const label = /: ((error|warning)(?:\[[a-z0-9-]+\])?): /.exec(line);
  if (!label) return line;
  const start = label.index + 2;
  const word = label[1];
  return `${line.slice(0, start)}${paint(label[2] === "error" ? RED : YELLOW, word)}${line.slice(start + word.length)}`;
}

export function colourText(text: string): string {
  return text.split("\n").map(colourLine).join("\n");
}

/**
 * The io with colours on each stream that is a terminal, unless NO_COLOR says otherwise. Applied
 * under the redactor (see main), so a secret is replaced before any colour code could split it.
 */
export function colouringIo(io: CliIo): CliIo {
  if (io.noColor) return io;
  return {
    ...io,
    stdout: io.stdoutIsTTY ? (text) => io.stdout(colourText(text)) : io.stdout,
    stderr: io.stderrIsTTY ? (text) => io.stderr(colourText(text)) : io.stderr,
  };
}
