/**
 * Generated secrets in every place a secret can be, and every byte a run writes searched for
 * them: stdout and stderr of validate (text and JSON) and synth, and every file of the output
 * directory that is not mode 0600.
 *
 * Places: a direct env secret value of a valid manifest; one of an invalid manifest whose image
 * tag and name are the same text (so that a neighbouring message quotes it); shorthand
 * (`NAME: secret`), `secretRef: secret`, a secret as a key (`NAME: {secret}`); a Docker config's
 * password and base64 auth, and the content of a Docker config that is refused; credentials in
 * settings, which are refused: `--backend-config secret_key=...`, a conn_str password, a
 * malformed `--backend-config`, exec.env in a clusters file, a host with a password.
 *
 * `npm test` runs FUZZ_RUNS cases (default 4, a few seconds); a failure prints the seed and the
 * shrunk case; FUZZ_SEED=<seed> replays it.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parse as parseYaml } from "yaml";
import { MIN_SECRET_LENGTH, REDACTED } from "../lib/redact";
import { runCli, type CliRun } from "./support/cli";
import { tempDir, writeFiles } from "./support/files";
import { ROOT } from "./support/paths";

const RUNS = Number(process.env.FUZZ_RUNS ?? 4);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

// ---------------------------------------------------------------------------------------------
// Secrets.

const TRICKY = [
  '"',
  "\\",
  "\\\\",
  "\n",
  "\r\n",
  "\t",
  "${",
  "$${",
  "%{",
  "'",
  "é",
  "日本",
  "😀",
  "\u2028",
  "...",
  ":",
  "# ",
];

/** Written into YAML and JSON as JSON strings: keep what reads back as itself (no NUL, no lone surrogates). */
function readsBack(secret: string): boolean {
  if (secret.includes("\u0000") || secret.length < MIN_SECRET_LENGTH) return false;
  try {
    return parseYaml(`k: ${JSON.stringify(secret)}`).k === secret;
  } catch {
    return false;
  }
}

const secretArb: fc.Arbitrary<string> = fc
  .oneof(
    // Pieces: quotes, backslashes, newlines, unicode, `${`, mixed with random text.
    fc
      .array(
        fc.oneof(
          fc.constantFrom(...TRICKY),
          fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
          fc.stringMatching(/^[A-Za-z0-9_-]{4,20}$/),
        ),
        { minLength: 2, maxLength: 14 },
      )
      .map((parts) => parts.join("")),
    // Longer than the 60 characters after which messages cut a value short.
    fc.string({ unit: "grapheme", minLength: 61, maxLength: 240 }),
    fc.string({ unit: "grapheme-ascii", minLength: MIN_SECRET_LENGTH, maxLength: 30 }),
  )
  // Text that is not in Unicode NFC is refused wherever it would reach Terraform (which would
  // normalize it; test/unicode-nfc.test.ts), so valid scenarios need NFC secrets.
  .map((secret) => secret.normalize("NFC"))
  .filter(readsBack);

const SLOTS = [
  "direct",
  "dockerPassword",
  "neighbour",
  "shorthand",
  "secretRefText",
  "asKey",
  "refusedDockerConfig",
  "backendConfig",
  "malformedBackendConfig",
  "execEnv",
] as const;
type Secrets = Record<(typeof SLOTS)[number], string>;

const secretsArb: fc.Arbitrary<Secrets> = fc.record(
  Object.fromEntries(SLOTS.map((slot) => [slot, secretArb])) as Record<keyof Secrets, fc.Arbitrary<string>>,
);

// ---------------------------------------------------------------------------------------------
// Where they are put.

const manifest = (name: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>) =>
  JSON.stringify(
    {
      apiVersion: "kubernetes.project-planton.org/v1",
      kind: "KubernetesJob",
      metadata: { name, ...(labels ? { labels } : {}) },
      spec: { namespace: { value: "batch" }, image: { repo: "busybox", tag: "1.36" }, ...spec },
    },
    null,
    2,
  );

const DOCKER_LABEL = "kubernetes.project-planton.org/docker-config-json-file";
const envSecrets = (secrets: Record<string, unknown>) => ({ env: { secrets } });

interface Scenario {
  readonly dir: string;
  /** Valid manifests only: synth writes them. */
  readonly valid: string;
  /** Invalid manifests (and a valid one beside them). */
  readonly invalid: string;
  readonly clusters: string;
  /** Every text that must never be printed: the secrets and what is derived from them (base64 auth). */
  readonly hidden: string[];
}

function scenario(secrets: Secrets): Scenario {
  const dir = tempDir("kubernetes-job-secrets-fuzz-");
  const auth = Buffer.from(`robot:${secrets.dockerPassword}`).toString("base64");
  writeFiles(dir, {
    "valid/direct.json": manifest("direct", envSecrets({ API_KEY: { value: secrets.direct } })),
    "valid/pulls.json": manifest("pulls", {}, { [DOCKER_LABEL]: "docker/config.json" }),
    "valid/plain.json": manifest("plain"),
    // In a subdirectory: manifest directories are read one level deep.
    "valid/docker/config.json": JSON.stringify({
      auths: { "ghcr.io": { auth, password: secrets.dockerPassword } },
    }),
    "invalid/neighbour.json": manifest(secrets.neighbour, {
      ...envSecrets({ API_KEY: { value: secrets.neighbour } }),
      image: { repo: "busybox", tag: secrets.neighbour },
      backoffLimit: -1,
    }),
    "invalid/shorthand.json": manifest("shorthand", envSecrets({ DB_PASSWORD: secrets.shorthand })),
    "invalid/secret-ref.json": manifest(
      "secret-ref",
      envSecrets({ DB_PASSWORD: { secretRef: secrets.secretRefText } }),
    ),
    "invalid/as-key.json": manifest("as-key", envSecrets({ DB_PASSWORD: { [secrets.asKey]: null } })),
    "invalid/refused-docker.json": manifest("refused-docker", {}, { [DOCKER_LABEL]: "docker/not-docker.json" }),
    "invalid/docker/not-docker.json": JSON.stringify({ registry: { password: secrets.refusedDockerConfig } }),
    "invalid/plain.json": manifest("plain-too"),
    "clusters.yaml": [
      "clusters:",
      "  - kind: AwsEksCluster",
      "    name: prod",
      `    host: ${JSON.stringify(`https://admin:${secrets.execEnv}@203.0.113.10`)}`,
      "    exec:",
      "      apiVersion: client.authentication.k8s.io/v1beta1",
      "      command: aws",
      `      env: { AWS_PROFILE: prod, AWS_SECRET_ACCESS_KEY: ${JSON.stringify(secrets.execEnv)} }`,
      "",
    ].join("\n"),
  });
  return {
    dir,
    valid: join(dir, "valid"),
    invalid: join(dir, "invalid"),
    clusters: join(dir, "clusters.yaml"),
    hidden: [...Object.values(secrets), auth, malformed(secrets.malformedBackendConfig)],
  };
}

/** A --backend-config argument without "=" (the mistake whose message used to echo it). */
const malformed = (secret: string) => secret.replaceAll("=", "") || "x".repeat(MIN_SECRET_LENGTH);

/** The runs of a scenario: [what, exit codes allowed, argv]; synth of the valid set writes `out`. */
function runsOf(s: Scenario, secrets: Secrets, out: string): [string, number[], string[]][] {
  return [
    ["validate text", [1], ["validate", s.valid, s.invalid]],
    ["validate json", [1], ["validate", "--format", "json", s.valid, s.invalid]],
    ["synth invalid", [1], ["synth", s.valid, s.invalid, "--out", join(s.dir, "never")]],
    ["synth valid", [0], ["synth", s.valid, "--out", out]],
    [
      "backend credentials",
      [1],
      [
        "validate",
        s.valid,
        "--backend-type",
        "pg",
        "--backend-config",
        `secret_key=${secrets.backendConfig}`,
        "--backend-config",
        `conn_str=postgres://jobs:${secrets.backendConfig}@db/terraform`,
      ],
    ],
    [
      "malformed backend config",
      [2],
      ["synth", s.valid, "--backend-config", malformed(secrets.malformedBackendConfig)],
    ],
    ["clusters", [1], ["validate", "--format", "json", s.valid, "--clusters", s.clusters]],
  ];
}

// ---------------------------------------------------------------------------------------------
// The leak criterion.

/**
 * A secret leaks when an output holds it in a form a message could give it, or a piece of one:
 * the secret as written, JSON-escaped (in a quoted message) and escaped twice (a message inside
 * the JSON report), or any 16-character window of these forms (what a truncated value shows, or
 * a value cut anywhere). Shorter secrets than MIN_SECRET_LENGTH are never generated: they cannot
 * be redacted safely, and messages do not quote them (test/secrets.test.ts).
 *
 * Sound, not only strict: a form or window that the same runs print with placeholder secrets in
 * the same places (the vocabulary: indentation, "kubernetes-job", file names) is the tool's own
 * text, not a piece of the secret, and is not counted. Redacted output is searched between its
 * `<redacted>` markers, so that a marker and its neighbours cannot be mistaken for a secret.
 */
const WINDOW = 16;

function formsOf(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return [...new Set([secret, escaped, JSON.stringify(escaped).slice(1, -1)])];
}

function piecesOf(secret: string, vocabulary: string): string[] {
  const pieces = new Set<string>();
  for (const form of formsOf(secret)) {
    pieces.add(form);
    for (let at = 0; at + WINDOW <= form.length; at++) pieces.add(form.slice(at, at + WINDOW));
  }
  return [...pieces].filter((piece) => !vocabulary.includes(piece));
}

/** Every byte a scenario's runs wrote: [where, text], output streams cut at the redaction markers. */
interface Written {
  readonly where: string;
  readonly text: string;
}

function writtenBy(what: string, run: CliRun): Written[] {
  return [
    ...run.stdout.split(REDACTED).map((text) => ({ where: `${what}: stdout`, text })),
    ...run.stderr.split(REDACTED).map((text) => ({ where: `${what}: stderr`, text })),
  ];
}

/** Files of the output directory that others may read (not 0600). */
function readableFiles(dir: string): Written[] {
  const found: Written[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if ((stat.mode & 0o777) !== 0o600) found.push({ where: path, text: readFileSync(path, "utf8") });
    }
  };
  walk(dir);
  return found;
}

function expectNoLeak(hidden: readonly string[], written: readonly Written[], vocabulary: string): void {
  for (const secret of hidden) {
    for (const piece of piecesOf(secret, vocabulary)) {
      const leak = written.find(({ text }) => text.includes(piece));
      if (leak) {
        throw new Error(
          `secret ${JSON.stringify(secret)} leaked as ${JSON.stringify(piece)} in ${leak.where}:\n${leak.text.slice(0, 3000)}`,
        );
      }
    }
  }
}

async function runScenario(secrets: Secrets): Promise<{ scenario: Scenario; written: Written[] }> {
  const s = scenario(secrets);
  const out = join(s.dir, "out");
  const written: Written[] = [];
  for (const [what, codes, argv] of runsOf(s, secrets, out)) {
    const run = await runCli(argv);
    if (!codes.includes(run.code)) {
      throw new Error(`${what} exited ${run.code}, expected ${codes.join(" or ")}:\n${run.stdout}${run.stderr}`);
    }
    written.push(...writtenBy(what, run));
  }
  written.push(...readableFiles(out));
  return { scenario: s, written };
}

// ---------------------------------------------------------------------------------------------
// The properties.

/** Placeholders in every place: what the runs print of their own, for the leak criterion. */
let vocabulary: string;

beforeAll(async () => {
  const placeholders = Object.fromEntries(
    SLOTS.map((slot, index) => [slot, `placeholder-${index}-${"p".repeat(20)}`]),
  ) as Secrets;
  const { written } = await runScenario(placeholders);
  vocabulary = written.map(({ text }) => text).join("\u0000");
});

test("no generated secret is printed or written to a file others can read", async () => {
  await fc.assert(
    fc.asyncProperty(secretsArb, async (secrets) => {
      const { scenario: s, written } = await runScenario(secrets);
      // The stack files that hold secrets are 0600, so they were not searched: check they exist.
      for (const stack of ["direct", "pulls"]) {
        expect(statSync(join(s.dir, "out", "stacks", stack, "cdk.tf.json")).mode & 0o777).toBe(0o600);
      }
      expectNoLeak(s.hidden, written, vocabulary);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
});

test("the real binary (a child process) prints no generated secret either", () => {
  // One fixed case, with the longest and trickiest pieces, through bin/kubernetes-job.js and dist/.
  const tricky = `"quote\\backslash\n${"${"}var}é日本😀${"x".repeat(70)}`;
  const [secrets] = fc.sample(secretsArb, { numRuns: 1, seed: 42 });
  const all = { ...secrets, direct: tricky, neighbour: `${tricky}-n`, shorthand: `${tricky}-s` };
  const s = scenario(all);
  const out = join(s.dir, "out");
  const written: Written[] = [];
  for (const [what, codes, argv] of runsOf(s, all, out)) {
    const run = spawnSync(process.execPath, [join(ROOT, "bin", "kubernetes-job.js"), ...argv], {
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    expect({ what, code: codes.includes(run.status ?? -1) }).toEqual({ what, code: true });
    written.push(...writtenBy(what, { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr }));
  }
  written.push(...readableFiles(out));
  expectNoLeak(s.hidden, written, vocabulary);
});
