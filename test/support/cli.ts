/** Running the `kubernetes-job` command in-process, with its output recorded. */
import { main } from "../../lib/cli/main";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(argv: readonly string[], stdin?: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: stdin === undefined ? undefined : () => stdin,
  });
  return { code, stdout, stderr };
}
