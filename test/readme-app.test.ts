/**
 * "Use the construct in your own cdktf app", done as the README says: the package built with
 * `npm pack`, installed into a new app with the README's own `npm install` line (cdktf, the
 * provider bindings and constructs as the app's dependencies, which the package takes as peers),
 * the README's TypeScript snippet compiled and run over the README's References files.
 * Needs the npm registry (or npm's cache): skipped, saying why, when it cannot be reached.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "./support/files";
import { ROOT } from "./support/paths";
import { fencedBlocks, readmeSteps } from "./support/readme";

const README = readFileSync(join(ROOT, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## Use the construct in your own cdktf app"));
const sectionBlocks = fencedBlocks(SECTION.slice(0, SECTION.indexOf("\n## ", 1)));

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", npm_config_audit: "false", npm_config_fund: "false" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) exited ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Why the npm registry cannot be used, or undefined when it answers. */
function registryUnreachable(): string | undefined {
  const ping = spawnSync("npm", ["ping"], { encoding: "utf8", timeout: 30_000 });
  if (ping.error) return `npm ping failed (${ping.error.message})`;
  if (ping.status !== 0) return `npm ping exited ${ping.status}: ${ping.stderr.trim().split("\n").pop() ?? ""}`;
  return undefined;
}

const unreachable = registryUnreachable();
if (unreachable) process.stdout.write(`README app test skipped: the npm registry is unreachable: ${unreachable}\n`);
const itWithRegistry = unreachable ? it.skip : it;

describe("the README's cdktf app, in a new app", () => {
  itWithRegistry(
    "installs the packed package with its peers; the snippet synthesizes the References jobs and the CLI validates them",
    () => {
      // GIVEN the README's install line and snippet, and a clone's package next to a new app
      const install = sectionBlocks
        .filter((block) => block.lang === "sh")
        .flatMap((block) => block.text.split("\n"))
        .find((line) => line.startsWith("npm install "));
      const snippet = sectionBlocks.find((block) => block.lang === "ts");
      expect(install).toMatch(/^npm install \.\.\/kubernetes-job-cdktf\/kubernetes-job-cdktf-[\d.]+\.tgz /);
      expect(snippet).toBeDefined();

      const work = tempDir("kubernetes-job-app-");
      const clone = join(work, "kubernetes-job-cdktf");
      const app = join(work, "my-app");
      mkdirSync(clone);
      mkdirSync(app);
      // dist/ is built by `npm test` before jest runs; --ignore-scripts keeps `prepare` from
      // rebuilding it under the other tests' feet (the README's `npm pack` does rebuild it).
      run("npm", ["pack", "--ignore-scripts", "--pack-destination", clone], ROOT);
      writeFileSync(join(app, "package.json"), JSON.stringify({ name: "my-app", private: true }, null, 2));
      for (const step of readmeSteps(README)) {
        if (step.kind !== "file") continue;
        mkdirSync(dirname(join(app, step.path)), { recursive: true });
        writeFileSync(join(app, step.path), step.content);
      }
      writeFileSync(join(app, "main.ts"), snippet!.text);
      // The compiler options a cdktf TypeScript app commonly has (strict, CommonJS, libraries'
      // declarations not re-checked).
      const compilerOptions = {
        strict: true,
        target: "ES2022",
        module: "commonjs",
        esModuleInterop: true,
        skipLibCheck: true,
      };
      writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["main.ts"] }));

      // WHEN the app installs it as the README says, compiles the snippet and runs it
      run("sh", ["-c", `${install!} --prefer-offline`], app);
      const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
      run(process.execPath, [tsc, "-p", "."], app);
      run(process.execPath, ["main.js"], app);
      const validated = run("npx", ["--no-install", "kubernetes-job", "validate", "jobs/", "--refs", "refs.yaml"], app);

      // THEN the peers are the app's own dependencies, and the stack holds the resolved Job
      const dependencies = (JSON.parse(readFileSync(join(app, "package.json"), "utf8")) as { dependencies: object })
        .dependencies;
      expect(Object.keys(dependencies).sort()).toEqual([
        "@cdktf/provider-kubernetes",
        "cdktf",
        "constructs",
        "kubernetes-job-cdktf",
      ]);
      const packed = JSON.parse(
        readFileSync(join(app, "node_modules", "kubernetes-job-cdktf", "package.json"), "utf8"),
      ) as { dependencies: object; peerDependencies: object };
      expect(Object.keys(packed.peerDependencies).sort()).toEqual([
        "@cdktf/provider-kubernetes",
        "cdktf",
        "constructs",
      ]);
      expect(Object.keys(packed.dependencies)).not.toEqual(expect.arrayContaining(["cdktf"]));
      expect(existsSync(join(app, "node_modules", "kubernetes-job-cdktf", "node_modules", "cdktf"))).toBe(false);
      const stack = JSON.parse(readFileSync(join(app, "cdktf.out", "stacks", "batch", "cdk.tf.json"), "utf8")) as {
        resource: { kubernetes_job_v1: Record<string, { metadata: { name: string; namespace: string } }> };
      };
      const job = stack.resource.kubernetes_job_v1["nightly-report"];
      // and the package's CLI runs in the app with the same peers
      expect(validated).toContain("ok: jobs/nightly-report.yaml:2: nightly-report (namespace reports-prod)\n");
      expect(job.metadata).toEqual(expect.objectContaining({ name: "nightly-report", namespace: "reports-prod" }));
    },
    240_000,
  );
});
