/**
 * The command line by the conventions of git, kubectl and terraform: `<command> --help` prints that
 * command's usage, `--version` the version, and a usage error one line with the problem (and a
 * "did you mean") followed by a pointer to the right --help, never the whole help page.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";

const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
  version: string;
};

describe("--help", () => {
  test.each([
    ["validate", "Usage: kubernetes-job validate <paths...> [options]"],
    ["synth", "Usage: kubernetes-job synth <paths...> [options]"],
    ["render", "Usage: kubernetes-job render <paths...> [options]"],
    ["convert", "Usage: kubernetes-job convert <paths...> [options]"],
    ["schema", "Usage: kubernetes-job schema [options]"],
    ["help", "Usage: kubernetes-job <command> [options]"],
  ])("%s --help and -h print that command's usage on stdout, exit 0", async (command, firstLine) => {
    for (const flag of ["--help", "-h"]) {
      const run = await runCli([command, flag]);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout.split("\n")[0]).toBe(firstLine);
    }
  });

  test("synth --help lists synth's flags and the deployment settings, not render's", async () => {
    const { stdout } = await runCli(["synth", "--help"]);
    expect(stdout).toContain("  --workers N ");
    expect(stdout).toContain("  --refs FILE ");
    expect(stdout).not.toContain("--include-secrets");
  });

  test("schema --help names no deployment settings (schema takes none)", async () => {
    const { stdout } = await runCli(["schema", "--help"]);
    expect(stdout).not.toContain("--kubeconfig");
  });

  test("--help wins over other flags and missing paths, as with git", async () => {
    const run = await runCli(["synth", "--workers", "many", "--bogus", "-h"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("Usage: kubernetes-job synth <paths...> [options]");
  });

  test("-h as the value of a flag, or after --, is not a request for help", async () => {
    const run = await runCli(["validate", "--", "-h"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("-h: error: cannot be read");
  });

  test.each([
    [["--help"], "Usage: kubernetes-job <command> [options]"],
    [["-h"], "Usage: kubernetes-job <command> [options]"],
    [["help"], "Usage: kubernetes-job <command> [options]"],
    [["help", "synth"], "Usage: kubernetes-job synth <paths...> [options]"],
  ])("%j prints the usage, exit 0", async (argv, firstLine) => {
    const run = await runCli(argv);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout.split("\n")[0]).toBe(firstLine);
  });

  test("the whole usage lists every command and how to get help and the version", async () => {
    const { stdout } = await runCli(["--help"]);
    for (const command of ["validate", "synth", "render", "convert", "schema", "help"])
      expect(stdout).toContain(`\n  ${command} `);
    expect(stdout).toContain("  -h, --help ");
    expect(stdout).toContain("  -V, --version ");
  });
});

describe("--version", () => {
  test.each([["--version"], ["-V"]])("%s prints the version of package.json, exit 0", async (flag) => {
    expect(await runCli([flag])).toEqual({ code: 0, stdout: `kubernetes-job ${version}\n`, stderr: "" });
  });
});

describe("usage errors: one line, then where the usage is (exit 2)", () => {
  test.each([
    [["synht", "jobs/"], 'unknown command "synht"; did you mean "synth"?', "kubernetes-job --help"],
    [["vaildate"], 'unknown command "vaildate"; did you mean "validate"?', "kubernetes-job --help"],
    [
      ["deploy"],
      'unknown command "deploy"; the commands are validate, synth, render, convert, schema or help',
      "kubernetes-job --help",
    ],
    [[], "no command given: validate, synth, render, convert, schema or help", "kubernetes-job --help"],
    [
      ["--out", "x", "synth"],
      "--out goes after the command: write kubernetes-job synth --out ...",
      "kubernetes-job --help",
    ],
    [["help", "synht"], 'unknown command "synht"; did you mean "synth"?', "kubernetes-job --help"],
    [
      ["synth", "jobs/", "--wrokers", "2"],
      "unknown flag --wrokers for synth; did you mean --workers?",
      "kubernetes-job synth --help",
    ],
    [
      ["validate", "--frmat", "json", "x.yaml"],
      "unknown flag --frmat for validate; did you mean --format?",
      "kubernetes-job validate --help",
    ],
    [
      ["validate", "--out", "x", "x.yaml"],
      "unknown flag --out for validate (synth, render and convert take it)",
      "kubernetes-job validate --help",
    ],
    [
      ["render", "x.yaml", "--workers", "2"],
      "unknown flag --workers for render (synth takes it)",
      "kubernetes-job render --help",
    ],
    [["render", "-x", "x.yaml"], "unknown flag -x for render", "kubernetes-job render --help"],
    [["synth", "x.yaml", "--out"], "--out needs a value", "kubernetes-job synth --help"],
    [
      ["synth", "x.yaml", "--out", "-o"],
      "--out needs a value (a value that starts with - is written --out=-VALUE)",
      "kubernetes-job synth --help",
    ],
    [["synth", "x.yaml", "--hcl=yes"], "--hcl takes no value", "kubernetes-job synth --help"],
    [["synth"], "synth needs at least one path (a file, a directory, or - for stdin)", "kubernetes-job synth --help"],
    [["schema", "extra"], 'schema takes no arguments, got "extra"', "kubernetes-job schema --help"],
  ])("%j", async (argv, problem, help) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`kubernetes-job: ${problem}\nRun '${help}' for usage.\n`);
  });
});

describe("flags in the wrong place (found by review 3)", () => {
  test("a command's flag before the command says where it goes", async () => {
    const run = await runCli(["--strict", "validate", "examples/"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "kubernetes-job: --strict goes after the command: write kubernetes-job validate --strict ...\n" +
        "Run 'kubernetes-job --help' for usage.\n",
    );
  });

  test("--version after a command says where it belongs; help --version prints the version", async () => {
    const after = await runCli(["validate", "--version", "examples/"]);
    expect(after.code).toBe(2);
    expect(after.stderr.split("\n")[0]).toBe(
      "kubernetes-job: --version is not a flag of validate: kubernetes-job --version prints the version",
    );
    const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
      version: string;
    };
    const help = await runCli(["help", "--version"]);
    expect(help).toEqual({ code: 0, stdout: `kubernetes-job ${version}\n`, stderr: "" });
  });
});
