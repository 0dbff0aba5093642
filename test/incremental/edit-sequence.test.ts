/**
 * Incremental synthesis, specified by its one promise: whatever was edited between two runs, the
 * output of a run into a directory holding a previous output is byte for byte (with the record
 * and file modes) what a run from scratch writes. Sequences of edits are generated: a field
 * changed, a manifest added, removed or renamed, a flag changed, a file touched without a change,
 * a stack file or its mode changed by hand.
 */
import { appendFileSync, chmodSync, lstatSync, readdirSync, readFileSync, rmSync, utimesSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { TOOL_DIR } from "../../lib/output";
import { runCli } from "../support/cli";
import { outputTree, tempDir, writeFiles } from "../support/files";
import { DOCKER_CONFIG_JSON, FAKE_TOKEN } from "../support/deployment";
import { manifestInput } from "../support/manifest";

const tree = (dir: string) => outputTree(dir, TOOL_DIR);

interface Job {
  readonly name: string;
  readonly tag: string;
  readonly backoffLimit: number;
  /** A secret value: its stack file is the owner's only (and a warning). */
  readonly pin?: string;
  /** A reference to another Job's image tag (another file): unresolved when it is gone. */
  readonly ref?: string;
}

const jobText = (job: Job) =>
  JSON.stringify(
    manifestInput(
      {
        image: { repo: "ghcr.io/acme/report-runner", tag: job.tag },
        backoffLimit: job.backoffLimit,
        env: {
          ...(job.pin === undefined ? {} : { secrets: { PIN: { value: job.pin } } }),
          ...(job.ref === undefined
            ? {}
            : {
                variables: {
                  TAG_OF: { valueFrom: { kind: "KubernetesJob", name: job.ref, fieldPath: "spec.image.tag" } },
                },
              }),
        },
      },
      { name: job.name },
    ),
  );

interface State {
  /** File name -> the job it holds. */
  readonly files: Map<string, Job>;
  hcl: boolean;
  wait: boolean;
  /** --strict: the secret value's warning fails the run. */
  strict: boolean;
  /** --ignore-warning secret-value. */
  quiet: boolean;
}

type Edit =
  | { kind: "field"; file: number; tag: string; backoffLimit: number }
  | { kind: "add"; name: string; pin?: string }
  | { kind: "remove"; file: number }
  | { kind: "rename"; file: number; name: string }
  | { kind: "refer"; file: number; name: string }
  | { kind: "hcl" }
  | { kind: "wait" }
  | { kind: "strict" }
  | { kind: "ignore" }
  | { kind: "touch"; file: number }
  | { kind: "corrupt"; file: number }
  | { kind: "chmod"; file: number };

const names = fc.constantFrom("alpha", "beta", "gamma", "delta");
const edits: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant("field" as const),
    file: fc.nat(),
    tag: fc.constantFrom("1.0.0", "1.0.1", "2.0.0"),
    backoffLimit: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant("add" as const),
    name: names,
    pin: fc.option(fc.constantFrom("1234", "0000"), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("remove" as const), file: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), file: fc.nat(), name: names }),
  fc.record({ kind: fc.constant("refer" as const), file: fc.nat(), name: names }),
  fc.constant({ kind: "hcl" as const }),
  fc.constant({ kind: "strict" as const }),
  fc.constant({ kind: "ignore" as const }),
  fc.constant({ kind: "wait" as const }),
  fc.record({ kind: fc.constant("touch" as const), file: fc.nat() }),
  fc.record({ kind: fc.constant("corrupt" as const), file: fc.nat() }),
  fc.record({ kind: fc.constant("chmod" as const), file: fc.nat() }),
);

/** Applies an edit to the inputs (or, for corrupt and chmod, to the incremental output). */
function apply(edit: Edit, state: State, inputs: string, out: string): void {
  const files = [...state.files.keys()].sort();
  const pick = (index: number) => files[index % files.length];
  const unused = (name: string) => ![...state.files.values()].some((job) => job.name === name);
  const write = (file: string, job: Job) => {
    state.files.set(file, job);
    writeFiles(inputs, { [file]: jobText(job) });
  };
  switch (edit.kind) {
    case "field": {
      if (files.length === 0) return;
      const file = pick(edit.file);
      return write(file, { ...(state.files.get(file) as Job), tag: edit.tag, backoffLimit: edit.backoffLimit });
    }
    case "add":
      if (!unused(edit.name)) return;
      return write(`${edit.name}-${state.files.size}.json`, {
        name: edit.name,
        tag: "1.0.0",
        backoffLimit: 1,
        pin: edit.pin,
      });
    case "remove": {
      if (files.length <= 1) return;
      const file = pick(edit.file);
      state.files.delete(file);
      return rmSync(join(inputs, file));
    }
    case "rename": {
      // Any name: one another manifest gives too is an error naming both (a check across files).
      if (files.length === 0) return;
      const file = pick(edit.file);
      return write(file, { ...(state.files.get(file) as Job), name: edit.name });
    }
    case "refer": {
      if (files.length === 0) return;
      const file = pick(edit.file);
      const job = state.files.get(file) as Job;
      return write(file, { ...job, ref: job.ref === undefined && edit.name !== job.name ? edit.name : undefined });
    }
    case "hcl":
      state.hcl = !state.hcl;
      return;
    case "strict":
      state.strict = !state.strict;
      return;
    case "ignore":
      state.quiet = !state.quiet;
      return;
    case "wait":
      state.wait = !state.wait;
      return;
    case "touch": {
      if (files.length === 0) return;
      const file = join(inputs, pick(edit.file));
      writeFiles(inputs, { [pick(edit.file)]: readFileSync(file, "utf8") });
      return utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    }
    case "corrupt":
    case "chmod": {
      const stacks = join(out, "stacks");
      const stack = readdirSync(stacks).sort()[edit.file % readdirSync(stacks).length];
      // The configuration the last successful run wrote (a failed run leaves the earlier one).
      const written = readdirSync(join(stacks, stack)).find((entry) => entry.startsWith("cdk.tf")) as string;
      const file = join(stacks, stack, written);
      if (edit.kind === "corrupt") return appendFileSync(file, " ");
      return chmodSync(file, (lstatSync(file).mode & 0o777) ^ 0o044);
    }
  }
}

const flags = (state: State) => [
  ...(state.hcl ? ["--hcl"] : []),
  ...(state.wait ? ["--wait"] : []),
  ...(state.strict ? ["--strict"] : []),
  ...(state.quiet ? ["--ignore-warning", "secret-value"] : []),
];

/** A run's exit code and what it said, but for where it wrote, when, and the stacks it retired. */
async function synthRun(inputs: string, out: string, extra: string[]): Promise<{ code: number; said: string }> {
  const run = await runCli(["synth", inputs, "--out", out, "--quiet", "--workers", "0", ...extra]);
  const said = `${run.stdout}${run.stderr}`
    .split(out)
    .join("OUT")
    .replace(/^retired stack .*\n/gm, "")
    .replace(/ in \d+\.\d+s$/m, "");
  return { code: run.code, said };
}

async function synth(inputs: string, out: string, extra: string[]): Promise<void> {
  const run = await synthRun(inputs, out, ["--ignore-warning", "secret-value", ...extra]);
  expect(run.code).toBe(0);
}

describe("an incremental synth writes what a synth from scratch writes", () => {
  test("after any sequence of edits, byte for byte, with the record and the modes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edits, { minLength: 1, maxLength: 5 }), async (sequence) => {
        const inputs = tempDir();
        const out = join(tempDir(), "out");
        const state: State = { files: new Map(), hcl: false, wait: false, strict: false, quiet: false };
        apply({ kind: "add", name: "alpha", pin: "4321" }, state, inputs, out);
        apply({ kind: "add", name: "beta" }, state, inputs, out);
        expect((await synthRun(inputs, out, flags(state))).code).toBe(0);
        for (const [step, edit] of sequence.entries()) {
          apply(edit, state, inputs, out);
          const before = tree(out);
          const incremental = await synthRun(inputs, out, flags(state));
          const fresh = join(tempDir(), `fresh-${step}`);
          const full = await synthRun(inputs, fresh, flags(state));
          // The same report (warnings, errors, summary) and exit code as a run from scratch...
          expect(incremental).toEqual(full);
          // ...and the same output; a run that failed left the previous one as it was.
          expect(tree(out)).toEqual(full.code === 0 ? tree(fresh) : before);
        }
      }),
      { numRuns: 20 },
    );
  }, 300_000);
});

describe("the cache", () => {
  const twoJobs = () => {
    const inputs = tempDir();
    writeFiles(inputs, {
      "a.json": jobText({ name: "alpha", tag: "1.0.0", backoffLimit: 1, pin: "2468" }),
      "b.json": jobText({ name: "beta", tag: "1.0.0", backoffLimit: 1 }),
    });
    return inputs;
  };

  test("keeps an unchanged stack's file as it is and synthesizes the changed one", async () => {
    const inputs = twoJobs();
    const out = join(tempDir(), "out");
    await synth(inputs, out, []);
    const alpha = join(out, "stacks", "alpha", "cdk.tf.json");
    const beta = join(out, "stacks", "beta", "cdk.tf.json");
    const [alphaInode, betaInode] = [lstatSync(alpha).ino, lstatSync(beta).ino];
    writeFiles(inputs, { "b.json": jobText({ name: "beta", tag: "2.0.0", backoffLimit: 1 }) });
    await synth(inputs, out, []);
    expect(lstatSync(alpha).ino).toBe(alphaInode);
    expect(lstatSync(beta).ino).not.toBe(betaInode);
    expect(readFileSync(beta, "utf8")).toContain("2.0.0");
  });

  test("a changed manifest is checked against the unchanged ones: a stack name both give is an error naming both", async () => {
    const inputs = twoJobs();
    const out = join(tempDir(), "out");
    await synth(inputs, out, []);
    const before = tree(out);
    writeFiles(inputs, { "b.json": jobText({ name: "alpha", tag: "1.0.0", backoffLimit: 1 }) });
    const incremental = await synthRun(inputs, out, []);
    const full = await synthRun(inputs, join(tempDir(), "fresh"), []);
    expect(incremental.code).toBe(1);
    expect(incremental.said).toContain('gives the stack name "alpha"');
    expect(incremental).toEqual(full);
    expect(tree(out)).toEqual(before);
  });

  test("a Docker config whose content changed (its path and the manifests did not) is synthesized again", async () => {
    const inputs = tempDir();
    const settings = tempDir();
    writeFiles(inputs, { "b.json": jobText({ name: "beta", tag: "1.0.0", backoffLimit: 1 }) });
    writeFiles(settings, { "docker.json": DOCKER_CONFIG_JSON });
    const flags = ["--docker-config-json", join(settings, "docker.json")];
    const out = join(tempDir(), "out");
    await synth(inputs, out, flags);
    writeFiles(settings, { "docker.json": DOCKER_CONFIG_JSON.replace("ghcr.io", "registry.example.com") });
    await synth(inputs, out, flags);
    const fresh = join(tempDir(), "fresh");
    await synth(inputs, fresh, flags);
    expect(tree(out)).toEqual(tree(fresh));
    expect(readFileSync(join(out, "stacks", "beta", "cdk.tf.json"), "utf8")).toContain("registry.example.com");
    expect(readFileSync(join(out, TOOL_DIR, "cache.json"), "utf8")).not.toContain(FAKE_TOKEN);
  });

  test("a kubeconfig that appeared since is no longer warned about", async () => {
    const inputs = tempDir();
    const settings = tempDir();
    writeFiles(inputs, { "b.json": jobText({ name: "beta", tag: "1.0.0", backoffLimit: 1 }) });
    const flags = ["--kubeconfig", join(settings, "kubeconfig")];
    const out = join(tempDir(), "out");
    const missing = await synthRun(inputs, out, flags);
    expect(missing.said).toContain("does not exist here");
    writeFiles(settings, { kubeconfig: "apiVersion: v1\nkind: Config\n" });
    const incremental = await synthRun(inputs, out, flags);
    expect(incremental).toEqual(await synthRun(inputs, join(tempDir(), "fresh"), flags));
    expect(incremental.said).not.toContain("does not exist here");
  });

  test("--no-cache synthesizes every stack again", async () => {
    const inputs = twoJobs();
    const out = join(tempDir(), "out");
    await synth(inputs, out, []);
    const alpha = join(out, "stacks", "alpha", "cdk.tf.json");
    const before = lstatSync(alpha).ino;
    await synth(inputs, out, ["--no-cache"]);
    expect(lstatSync(alpha).ino).not.toBe(before);
    const fresh = join(tempDir(), "fresh");
    await synth(inputs, fresh, []);
    expect(tree(out)).toEqual(tree(fresh));
  });

  test("holds no secret value, and its key is readable by its owner only", async () => {
    const inputs = twoJobs();
    const out = join(tempDir(), "out");
    await synth(inputs, out, []);
    const cache = readFileSync(join(out, TOOL_DIR, "cache.json"), "utf8");
    expect(cache).not.toContain("2468");
    // The file holding a secret value is read on every run (its secrets are redacted everywhere).
    expect(Object.keys((JSON.parse(cache) as { files: object }).files)).toEqual([join(inputs, "b.json")]);
    expect(lstatSync(join(out, TOOL_DIR, "cache-key")).mode & 0o777).toBe(0o600);
    // The stack holding the secret stays the owner's only when kept.
    writeFiles(inputs, { "b.json": jobText({ name: "beta", tag: "2.0.0", backoffLimit: 1 }) });
    await synth(inputs, out, []);
    expect(lstatSync(join(out, "stacks", "alpha", "cdk.tf.json")).mode & 0o777).toBe(0o600);
  });

  test("is not trusted when its key was made readable by others: every stack is synthesized again", async () => {
    const inputs = twoJobs();
    const out = join(tempDir(), "out");
    await synth(inputs, out, []);
    const alpha = join(out, "stacks", "alpha", "cdk.tf.json");
    const before = lstatSync(alpha).ino;
    chmodSync(join(out, TOOL_DIR, "cache-key"), 0o644);
    await synth(inputs, out, []);
    expect(lstatSync(alpha).ino).not.toBe(before);
    expect(lstatSync(join(out, TOOL_DIR, "cache-key")).mode & 0o777).toBe(0o600);
  });

  test("is not trusted in a directory synth did not write (no record): every stack is synthesized", async () => {
    const inputs = twoJobs();
    const out = join(tempDir(), "out");
    await synth(inputs, out, []);
    rmSync(join(out, TOOL_DIR, "written.json"));
    // Without its record the directory is cdktf's output (its manifest.json): adopted, not trusted.
    const alpha = join(out, "stacks", "alpha", "cdk.tf.json");
    appendFileSync(alpha, " ");
    await synth(inputs, out, []);
    const fresh = join(tempDir(), "fresh");
    await synth(inputs, fresh, []);
    expect(tree(out)).toEqual(tree(fresh));
  });
});

describe("--no-cache, documented", () => {
  test("synth's help and the README name it, and the README says what the cache keeps", async () => {
    const help = await runCli(["synth", "--help"]);
    expect(help.stdout).toContain(
      "--no-cache           Synthesize every stack, reusing none of the previous run's files",
    );
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    expect(readme).toContain("[--prune] [--no-cache] [--lock-timeout D]");
    expect(readme).toContain("`--no-cache` synthesizes every stack again");
    expect(readme).toContain("`<out>/.kubernetes-job/cache.json`");
  });
});
