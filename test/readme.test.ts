/**
 * The README, run in order: every command block a new user would paste, in a copy of the built
 * project, with the files the README shows written where it names them; the outputs it shows
 * must be what the commands print. Blocks marked `# needs ...` are skipped and listed.
 * Conventions: test/support/readme.ts.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "./support/files";
import { ROOT } from "./support/paths";
import { asShown, readmeSteps, type ReadmeStep } from "./support/readme";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const steps = readmeSteps(README);

/** What a clone holds after `npm ci` that the README's commands use (node_modules is linked). */
const PROJECT_ENTRIES = ["bin", "dist", "examples", "schema", "package.json", "package-lock.json", "cdktf.json"];

const root = tempDir("kubernetes-job-readme-");
const project = join(root, "project");
const shims = join(root, "bin");

function onPath(command: string): string {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  if (found.status !== 0) throw new Error(`${command} is not on PATH; the README's commands need it`);
  return found.stdout.trim();
}

function writeShim(name: string, lines: string[]): void {
  writeFileSync(join(shims, name), ["#!/bin/sh", ...lines, ""].join("\n"));
  chmodSync(join(shims, name), 0o755);
}

beforeAll(() => {
  mkdirSync(project);
  for (const entry of PROJECT_ENTRIES) cpSync(join(ROOT, entry), join(project, entry), { recursive: true });
  // node_modules is shared: link each entry, never the directory, so that nothing run in the copy
  // can remove or add packages through the link.
  mkdirSync(join(project, "node_modules"));
  for (const entry of readdirSync(join(ROOT, "node_modules"))) {
    symlinkSync(join(ROOT, "node_modules", entry), join(project, "node_modules", entry));
  }
  // In a clone, npx resolves `kubernetes-job` to the project's own bin (package.json "bin") by
  // installing the project into npx's cache under the home directory first. The copy runs that
  // bin directly instead, so the test writes nothing outside its directory; other commands go
  // to npx itself.
  mkdirSync(shims);
  writeShim("npx", [
    `if [ "$1" = kubernetes-job ]; then shift; exec node ${JSON.stringify(join(project, "bin", "kubernetes-job.js"))} "$@"; fi`,
    `exec ${JSON.stringify(onPath("npx"))} "$@"`,
  ]);
  // Installing would replace the shared packages, and `npm test` would run this test again: a
  // block doing either must be marked `# needs ...`, and fails here if it is not.
  writeShim("npm", [
    'case "$1" in ci|install|i|add|uninstall|update|test|t|run|run-script)',
    '  echo "npm $1: not run by the README test; mark the block with a first line \\"# needs ...\\"" >&2; exit 97;;',
    "esac",
    `exec ${JSON.stringify(onPath("npm"))} "$@"`,
  ]);
  mkdirSync(join(root, "home"));
});

function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${shims}:${process.env.PATH ?? ""}`,
    HOME: join(root, "home"),
    CHECKPOINT_DISABLE: "1",
  };
  for (const name of ["KUBERNETES_JOB_MANIFESTS", "NO_COLOR", "FORCE_COLOR"]) delete env[name];
  return env;
}

function bash(script: string) {
  return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
    cwd: project,
    env: shellEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

function title(step: ReadmeStep): string {
  switch (step.kind) {
    case "file":
      return `README.md:${step.line} writes ${step.path}`;
    case "run":
      return `README.md:${step.line} runs ${step.script.trim().split("\n").join(" ; ").slice(0, 100)}`;
    case "console":
      return `README.md:${step.line} prints what it shows for $ ${step.command}`;
    case "skip":
      return `README.md:${step.line} skipped (${step.reason})`;
  }
}

describe("the README, run in order in a copy of the project", () => {
  for (const step of steps) {
    if (step.kind === "skip") continue;
    it(
      title(step),
      () => {
        if (step.kind === "file") {
          mkdirSync(dirname(join(project, step.path)), { recursive: true });
          writeFileSync(join(project, step.path), step.content);
        } else if (step.kind === "run") {
          const run = bash(step.script);
          if (run.status !== 0) {
            throw new Error(`exit ${run.status ?? run.signal}\n${run.stdout}${run.stderr}${run.error?.message ?? ""}`);
          }
          if (step.stdout?.lang === "json") {
            expect(JSON.parse(run.stdout)).toEqual(JSON.parse(step.stdout.text));
          } else if (step.stdout) {
            expect(run.stdout).toBe(step.stdout.text);
          }
        } else if (step.kind === "console") {
          const run = bash(`{ ${step.command}\n} 2>&1`);
          expect(asShown(run.stdout, step.output)).toBe(step.output);
        }
      },
      180_000,
    );
  }
});

describe("the README's steps that are not run", () => {
  // Every skip is deliberate: a block newly marked `# needs ...` is added here too.
  const skipped = steps.flatMap((step) =>
    step.kind === "skip" ? [`${step.reason}: ${step.script.split("\n")[1]}`] : [],
  );

  it("are the marked blocks, each listed with its reason", () => {
    process.stdout.write(
      `README test: ${skipped.length} blocks not run:\n${skipped.map((line) => `  - ${line}\n`).join("")}`,
    );
    expect(skipped).toEqual([
      "needs a fresh clone and the npm registry: npm ci",
      "needs the set-up above; it runs this README's commands too (test/readme.test.ts): npm test",
      "needs a deployed stack and its state: terraform -chdir=cdktf.out/stacks/hello-world state rm kubernetes_service_account_v1.hello-world terraform_data.hello-world_revision",
      "needs a cluster and the Terraform registry: CHECKPOINT_DISABLE=1 npx cdktf deploy hello-world",
      "needs a cluster and the Terraform registry: terraform -chdir=cdktf.out/stacks/hello-world init",
      "needs a cluster and the Terraform registry: CHECKPOINT_DISABLE=1 npx cdktf deploy '*' --parallelism 8 --auto-approve",
      "needs a cluster and the Terraform registry: for stack in cdktf.out/stacks/*/; do",
      "needs a cluster and the Terraform registry: ls -d cdktf.out/stacks/*/ | xargs -P 8 -I{} sh -c '",
      "needs the Terraform registry and the S3 bucket: terraform -chdir=cdktf.out/stacks/nightly-report init -backend-config=region=eu-west-1",
      "needs the Terraform registry: terraform -chdir=cdktf.out/stacks/hello-world providers mirror /opt/terraform/providers",
      "needs a cluster (a server-side dry run asks the API server): npx kubernetes-job render examples/ | kubectl apply --dry-run=server -f -",
      "needs a cluster and the stack's state: cd cdktf.out/stacks/nightly-report            # synthesized with --engine manifest",
      "needs several minutes and a quiet machine: npm run bench",
      "needs a clone of kubernetes-job-cdktf next to your app, and the npm registry: cd kubernetes-job-cdktf && npm ci && npm pack      # writes kubernetes-job-cdktf-0.1.0.tgz",
    ]);
  });
});

describe("reading the README's blocks", () => {
  const fence = "```";
  const markdown = [
    `${fence}yaml`,
    "# jobs/a.yaml: the first",
    "kind: A",
    "---",
    "# jobs/b.yaml",
    "kind: B",
    fence,
    "",
    `${fence}yaml`,
    "# yaml-language-server: $schema=x.json",
    "kind: C",
    fence,
    `${fence}sh`,
    "npx kubernetes-job validate --format json jobs/",
    fence,
    "",
    `${fence}json`,
    '{ "ok": true }',
    fence,
    `${fence}sh`,
    "# needs a cluster",
    "kubectl get jobs",
    fence,
    `${fence}console`,
    "$ npx kubernetes-job validate jobs/",
    "ok: jobs/a.yaml:2: a ...",
    fence,
    "",
  ].join("\n");

  it("writes each document of a named block to its file, and only named blocks", () => {
    expect(readmeSteps(markdown).filter((step) => step.kind === "file")).toEqual([
      { kind: "file", line: 2, path: "jobs/a.yaml", content: "# jobs/a.yaml: the first\nkind: A\n" },
      { kind: "file", line: 5, path: "jobs/b.yaml", content: "# jobs/b.yaml\nkind: B\n" },
    ]);
  });

  it("takes an unnamed json block right after a command as its output, and skips marked blocks", () => {
    expect(readmeSteps(markdown).filter((step) => step.kind !== "file")).toEqual([
      {
        kind: "run",
        line: 13,
        script: "npx kubernetes-job validate --format json jobs/\n",
        stdout: { lang: "json", text: '{ "ok": true }\n', line: 17 },
      },
      { kind: "skip", line: 20, reason: "needs a cluster", script: "# needs a cluster\nkubectl get jobs\n" },
      { kind: "console", line: 25, command: "npx kubernetes-job validate jobs/", output: "ok: jobs/a.yaml:2: a ...\n" },
    ]);
  });

  it("lets a shown line ending in ' ...' stand for a longer printed line starting with it", () => {
    const shown = "ok: jobs/a.yaml:2: a ...\n";
    expect(asShown("ok: jobs/a.yaml:2: a (namespace x)\n", shown)).toBe(shown);
    expect(asShown("ok: jobs/b.yaml:2: b (namespace x)\n", shown)).not.toBe(shown);
    expect(asShown("ok: jobs/a.yaml:2: a\n", shown)).not.toBe(shown);
  });
});
