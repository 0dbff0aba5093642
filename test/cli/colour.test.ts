/**
 * Colours on a terminal (errors red, warnings yellow, ok green), none when NO_COLOR is set or the
 * stream is not a terminal; the Ctrl-C message on its own line. Run in-process with a fake TTY io.
 */
import { join } from "node:path";
import { noColorWanted } from "../../lib/cli/colour";
import { main } from "../../lib/cli/main";
import { tempDir, writeFiles } from "../support/files";

const fixture = (name: string) => join(__dirname, "..", "fixtures", name);
const RED = "\x1b[31m";
const YELLOW = "\x1b[33m";
const GREEN = "\x1b[32m";
const DEFAULT = "\x1b[39m";

/** Both streams recorded together, in order, as a terminal shows them. */
async function onTerminal(argv: string[], options: { tty?: boolean; noColor?: boolean } = {}) {
  let shown = "";
  const code = await main(argv, {
    stdout: (text) => void (shown += text),
    stderr: (text) => void (shown += text),
    stdoutIsTTY: options.tty ?? true,
    stderrIsTTY: options.tty ?? true,
    noColor: options.noColor ?? false,
  });
  return { code, shown };
}

describe("colours", () => {
  test("on a terminal: ok green, warning yellow, error red; only the label, the rest as written", async () => {
    const { code, shown } = await onTerminal([
      "validate",
      fixture("nightly-report.yaml"),
      fixture("warnings.yaml"),
      fixture("invalid.yaml"),
    ]);
    expect(code).toBe(1);
    expect(shown).toContain(`${GREEN}ok${DEFAULT}: ${fixture("nightly-report.yaml")}:`);
    expect(shown).toContain(
      `${fixture("warnings.yaml")}:9:3: ${YELLOW}warning[unpinned-image]${DEFAULT}: spec.image.tag: no tag`,
    );
    expect(shown).toContain(`${fixture("invalid.yaml")}:4:9: ${RED}error${DEFAULT}: metadata.name: "Nightly_Report"`);
  });

  test("a usage error on a terminal: the program name red, the message as written", async () => {
    const { code, shown } = await onTerminal(["synht"]);
    expect(code).toBe(2);
    expect(shown.split("\n")[0]).toBe(`${RED}kubernetes-job:${DEFAULT} unknown command "synht"; did you mean "synth"?`);
  });

  test.each([
    ["NO_COLOR is set", { noColor: true }],
    ["the streams are not terminals", { tty: false }],
  ])("none when %s", async (_, options) => {
    const { shown } = await onTerminal(
      ["validate", fixture("nightly-report.yaml"), fixture("warnings.yaml"), fixture("invalid.yaml")],
      options,
    );
    expect(shown).toContain(": warning[unpinned-image]: spec.image.tag: no tag");
    expect(shown).not.toContain("\x1b[");
  });

  test("data on a terminal is never coloured: render's YAML and the schema", async () => {
    for (const argv of [["render", fixture("nightly-report.yaml")], ["schema"]]) {
      const { code, shown } = await onTerminal(argv);
      expect(code).toBe(0);
      expect(shown).not.toContain("\x1b[");
    }
  });

  test.each([
    [{ NO_COLOR: "1" }, true],
    [{ NO_COLOR: "0" }, true],
    [{ NO_COLOR: "" }, false],
    [{}, false],
    [{ TERM: "dumb" }, true],
    [{ TERM: "xterm-256color" }, false],
  ])("noColorWanted(%j) is %s (no-color.org: any non-empty value)", (env, expected) => {
    expect(noColorWanted(env)).toBe(expected);
  });
});

describe("Ctrl-C on a terminal", () => {
  test("the message starts its own line: the progress line (and the terminal's ^C) is cleared first", async () => {
    // GIVEN a synth of several stacks drawing its progress on a terminal
    const dir = tempDir();
    const files: Record<string, string> = {};
    for (const name of ["a", "b", "c", "d"]) {
      files[`${name}.yaml`] =
        `apiVersion: kubernetes.project-planton.org/v1\nkind: KubernetesJob\nmetadata: { name: ${name} }\n` +
        'spec: { namespace: { value: batch }, image: { repo: busybox, tag: "1.36" } }\n';
    }
    writeFiles(dir, files);
    const out = join(dir, "out");
    let stderr = "";
    // WHEN Ctrl-C comes once the progress line is drawn (SIGINT as the process receives it)
    const code = await main(["synth", dir, "--out", out, "--workers", "0"], {
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
        if (text.startsWith("\rsynthesizing:") && process.listenerCount("SIGINT") > 0) process.emit("SIGINT");
      },
      stderrIsTTY: true,
      noColor: true,
    });

    // THEN it stops (130), and its message is on a line of its own, after the progress was cleared
    expect(code).toBe(130);
    expect(stderr).toMatch(/\rsynthesizing: \d\/4 stacks/);
    expect(stderr.endsWith(`\r\x1b[Kkubernetes-job: interrupted; ${out} was left as it was\n`)).toBe(true);
    expect(stderr).not.toMatch(/stacks[^\r\n]*kubernetes-job: interrupted/);
  });
});
