/** Where the CLI writes and reads; replaced by buffers in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin?: () => string;
  /** Standard error is a terminal: progress is drawn there. */
  readonly stderrIsTTY?: boolean;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY === true,
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
