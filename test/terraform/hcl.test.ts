import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { toHcl, type JsonObject } from "../../lib/terraform/hcl";
import { literal, literalDeep } from "../../lib/terraform/literal";
import { runCli } from "../support/cli";
import { tempDir } from "../support/files";
import { EXAMPLES } from "../support/paths";
import { applyOutputs, terraformUnavailable } from "../support/terraform";
import { terraformRun } from "../support/terraform-cli";
import { manifestInput } from "../support/manifest";
import { HCL_KEYWORDS, TRICKY_TEXTS } from "../support/tricky-text";

/** The lines of toHcl's text for a document, for readable comparisons. */
const hclLines = (document: JsonObject) => toHcl(document).split("\n");

/** One output whose value is the given JSON value, in HCL. */
const outputValue = (value: JsonObject[string]) => toHcl({ output: { o: { value } } });

describe("toHcl: blocks and arguments", () => {
  test("writes resources as blocks, nested objects as blocks, and labels and data as map arguments", () => {
    const document: JsonObject = {
      resource: {
        kubernetes_config_map_v1: {
          "report-script": {
            "//": { metadata: { path: "ignored" } },
            metadata: { name: "report-script", labels: { "planton.ai/name": "nightly-report" } },
            data: { "report-script": "echo hi" },
          },
        },
      },
    };
    expect(hclLines(document)).toEqual([
      'resource "kubernetes_config_map_v1" "report-script" {',
      "  metadata {",
      '    name = "report-script"',
      "    labels = {",
      '      "planton.ai/name" = "nightly-report"',
      "    }",
      "  }",
      "  data = {",
      '    report-script = "echo hi"',
      "  }",
      "}",
      "",
    ]);
  });

  test("writes a container's env list as repeated env blocks", () => {
    const document: JsonObject = {
      resource: {
        kubernetes_job_v1: {
          job: {
            container: [
              {
                env: [
                  { name: "A", value: "1" },
                  { name: "B", value_from: { field_ref: { field_path: "status.podIP" } } },
                ],
              },
            ],
          },
        },
      },
    };
    expect(hclLines(document)).toEqual([
      'resource "kubernetes_job_v1" "job" {',
      "  container {",
      "    env {",
      '      name  = "A"',
      '      value = "1"',
      "    }",
      "    env {",
      '      name = "B"',
      "      value_from {",
      "        field_ref {",
      '          field_path = "status.podIP"',
      "        }",
      "      }",
      "    }",
      "  }",
      "}",
      "",
    ]);
  });

  test("writes the provider's exec as a block and its env as a map argument", () => {
    const document: JsonObject = {
      provider: {
        kubernetes: [
          {
            host: "https://k8s.example",
            exec: [
              { api_version: "v1beta1", command: "aws", args: ["eks", "get-token"], env: { AWS_PROFILE: "prod" } },
            ],
          },
        ],
      },
    };
    expect(hclLines(document)).toEqual([
      'provider "kubernetes" {',
      '  host = "https://k8s.example"',
      "  exec {",
      '    api_version = "v1beta1"',
      '    command     = "aws"',
      '    args        = ["eks", "get-token"]',
      "    env = {",
      '      AWS_PROFILE = "prod"',
      "    }",
      "  }",
      "}",
      "",
    ]);
  });

  test("writes an empty provider as an empty block", () => {
    expect(toHcl({ provider: { kubernetes: [{}] } })).toBe('provider "kubernetes" {\n}\n');
  });

  test("writes terraform.backend as a labelled backend block, next to required_providers", () => {
    const document: JsonObject = {
      terraform: {
        required_providers: { kubernetes: { source: "kubernetes", version: "2.38.0" } },
        backend: { s3: { bucket: "acme-state", key: "jobs/nightly-report.tfstate", use_lockfile: true } },
      },
    };
    expect(hclLines(document)).toEqual([
      "terraform {",
      "  required_providers {",
      "    kubernetes = {",
      '      source  = "kubernetes"',
      '      version = "2.38.0"',
      "    }",
      "  }",
      '  backend "s3" {',
      '    bucket       = "acme-state"',
      '    key          = "jobs/nightly-report.tfstate"',
      "    use_lockfile = true",
      "  }",
      "}",
      "",
    ]);
  });

  test("writes terraform.cloud and its workspaces as blocks", () => {
    const document: JsonObject = {
      terraform: { cloud: { organization: "acme", workspaces: { name: "nightly-report" } } },
    };
    expect(hclLines(document)).toEqual([
      "terraform {",
      "  cloud {",
      '    organization = "acme"',
      "    workspaces {",
      '      name = "nightly-report"',
      "    }",
      "  }",
      "}",
      "",
    ]);
  });

  test("separates top-level blocks by one blank line, in the JSON's order", () => {
    const text = toHcl({ output: { a: { value: 1 }, b: { value: true } }, "//": { metadata: {} } } as JsonObject);
    expect(text).toBe('output "a" {\n  value = 1\n}\n\noutput "b" {\n  value = true\n}\n');
  });
});

describe("toHcl: references", () => {
  test("writes a string that is one whole reference as a bare expression", () => {
    expect(outputValue("${kubernetes_job_v1.nightly-report.metadata[0].name}")).toBe(
      'output "o" {\n  value = kubernetes_job_v1.nightly-report.metadata[0].name\n}\n',
    );
  });

  test("keeps a reference inside other text as an interpolation in a quoted string", () => {
    expect(outputValue("job-${kubernetes_job_v1.x.metadata[0].name}")).toBe(
      'output "o" {\n  value = "job-${kubernetes_job_v1.x.metadata[0].name}"\n}\n',
    );
    expect(outputValue("${a.b}${c.d}")).toBe('output "o" {\n  value = "${a.b}${c.d}"\n}\n');
    expect(outputValue('${jsonencode({a = "}"})}')).toBe('output "o" {\n  value = "${jsonencode({a = "}"})}"\n}\n');
  });

  test("writes depends_on, replace_triggered_by and ignore_changes items bare", () => {
    const document: JsonObject = {
      resource: {
        kubernetes_job_v1: {
          job: {
            depends_on: ["kubernetes_namespace_v1.ns"],
            lifecycle: {
              ignore_changes: ["spec[0].template", "spec[0].ttl_seconds_after_finished"],
              replace_triggered_by: ["terraform_data.job_revision", "${terraform_data.other}"],
            },
          },
        },
      },
    };
    expect(hclLines(document)).toEqual([
      'resource "kubernetes_job_v1" "job" {',
      "  depends_on = [kubernetes_namespace_v1.ns]",
      "  lifecycle {",
      "    ignore_changes       = [spec[0].template, spec[0].ttl_seconds_after_finished]",
      "    replace_triggered_by = [terraform_data.job_revision, terraform_data.other]",
      "  }",
      "}",
      "",
    ]);
  });

  test("keeps other lists of strings quoted", () => {
    expect(outputValue(["spec[0].template", "${a.b}"])).toBe('output "o" {\n  value = ["spec[0].template", a.b]\n}\n');
  });
});

describe("toHcl: strings", () => {
  test("escapes quotes, backslashes, newlines, tabs, carriage returns and control characters", () => {
    expect(outputValue('say "hi"\\n\n\t\r\u0001\u001f\u007f é ✓')).toBe(
      'output "o" {\n  value = "say \\"hi\\"\\\\n\\n\\t\\r\\u0001\\u001f\\u007f é ✓"\n}\n',
    );
  });

  test("keeps Terraform's escapes $${ and %%{ as they are", () => {
    expect(outputValue("echo $${HOME} %%{ if x }")).toBe('output "o" {\n  value = "echo $${HOME} %%{ if x }"\n}\n');
  });

  test('keeps the split token marker ${"$"}{TfToken[ intact, quotes inside the interpolation unescaped', () => {
    expect(outputValue('${"$"}{TfToken[TOKEN.7]}')).toBe('output "o" {\n  value = "${"$"}{TfToken[TOKEN.7]}"\n}\n');
  });

  test("quotes map keys that are not identifiers, escaping quotes and backslashes", () => {
    const text = toHcl({ resource: { t: { 'r"1': { labels: { plain: "1", "a/b": "2", 'a"b': "3", "c\\d": "4" } } } } });
    expect(text.split("\n")).toEqual([
      'resource "t" "r\\"1" {',
      "  labels = {",
      '    plain  = "1"',
      '    "a/b"  = "2"',
      '    "a\\"b" = "3"',
      '    "c\\\\d" = "4"',
      "  }",
      "}",
      "",
    ]);
  });

  test("quotes map keys that are HCL keywords: a bare for = would start a for expression", () => {
    const keys = ["for", "in", "if", "else", "endif", "endfor", "true", "false", "null", "plain"];
    const text = toHcl({ resource: { t: { r: { data: Object.fromEntries(keys.map((key) => [key, key])) } } } });
    expect(text.split("\n").slice(2, 12)).toEqual([
      '    "for"    = "for"',
      '    "in"     = "in"',
      '    "if"     = "if"',
      '    "else"   = "else"',
      '    "endif"  = "endif"',
      '    "endfor" = "endfor"',
      '    "true"   = "true"',
      '    "false"  = "false"',
      '    "null"   = "null"',
      '    plain    = "plain"',
    ]);
  });

  test("writes a quoted map key as the template it is in Terraform JSON, control characters escaped", () => {
    expect(outputValue({ "line\nbreak": 1, "$${x}": 2, "\uFEFFk": 3 })).toBe(
      'output "o" {\n  value = {\n    "line\\nbreak" = 1\n    "$${x}"       = 2\n    "\\ufeffk"     = 3\n  }\n}\n',
    );
  });

  test("writes backend and cloud strings as literal text: Terraform JSON does not evaluate them, HCL does", () => {
    const document: JsonObject = {
      terraform: {
        backend: { local: { path: '${var.x}/%{if}/$${y}/\uFEFF"q".tfstate' } },
        cloud: { organization: "${o}", workspaces: { name: "%{w}" } },
      },
    };
    expect(hclLines(document)).toEqual([
      "terraform {",
      '  backend "local" {',
      '    path = "$${var.x}/%%{if}/$$${y}/\\ufeff\\"q\\".tfstate"',
      "  }",
      "  cloud {",
      '    organization = "$${o}"',
      "    workspaces {",
      '      name = "%%{w}"',
      "    }",
      "  }",
      "}",
      "",
    ]);
  });

  test("refuses to write an argument name that HCL cannot hold, rather than invalid HCL", () => {
    expect(() => toHcl({ terraform: { backend: { s3: { "a.b": "x" } } } })).toThrow(
      'cannot write the argument name "a.b" in HCL',
    );
  });

  test("writes numbers, booleans, null and empty collections as HCL literals", () => {
    expect(outputValue([1, 2.5, -3, true, false, null, [], {}] as JsonObject[string])).toBe(
      'output "o" {\n  value = [1, 2.5, -3, true, false, null, [], {}]\n}\n',
    );
  });
});

describe("toHcl: alignment as terraform fmt does it", () => {
  test("aligns = in a run of one-line arguments, and starts a new run after a multi-line value", () => {
    const document: JsonObject = {
      resource: {
        t: {
          r: {
            a: 1,
            longer_name: 2,
            labels: { x: "1", much_longer_key: "2" },
            b: 3,
            cc: 4,
            block: { inner: 1 },
            after_block: 5,
            d: 6,
          },
        },
      },
    };
    expect(hclLines(document)).toEqual([
      'resource "t" "r" {',
      "  a           = 1",
      "  longer_name = 2",
      "  labels = {",
      '    x               = "1"',
      '    much_longer_key = "2"',
      "  }",
      "  b  = 3",
      "  cc = 4",
      "  block {",
      "    inner = 1",
      "  }",
      "  after_block = 5",
      "  d           = 6",
      "}",
      "",
    ]);
  });
});

describe("toHcl with Terraform", () => {
  const unavailable = terraformUnavailable();

  test("writes every example, with --hcl, as terraform fmt would", async () => {
    // GIVEN the examples synthesized as HCL, with a backend and an exec provider for good measure
    const out = join(tempDir(), "out");
    const run = await runCli([
      "synth",
      EXAMPLES,
      "--out",
      out,
      "--hcl",
      "--backend-type",
      "s3",
      "--backend-object",
      "acme/jobs",
    ]);
    expect(run.code).toBe(0);
    const stacks = readdirSync(join(out, "stacks"));
    expect(stacks).toHaveLength(5);
    for (const stack of stacks) expect(readdirSync(join(out, "stacks", stack))).toContain("cdk.tf");
    if (unavailable) {
      console.log(`Only the HCL files' presence was checked; terraform fmt is left out: ${unavailable}`);
      return;
    }

    // WHEN terraform fmt checks them THEN none would change
    const fmt = terraformRun(out, ["fmt", "-check", "-recursive", "-diff", "-no-color"]);
    expect(fmt.stdout).toBe("");
    expect(fmt.status).toBe(0);
  });

  test("writes every example on the manifest engine, with --hcl, as terraform fmt would", async () => {
    // GIVEN the examples synthesized as HCL on the manifest engine (objects as map expressions)
    const out = join(tempDir(), "out");
    const run = await runCli(["synth", EXAMPLES, "--out", out, "--hcl", "--engine", "manifest", "--wait"]);
    expect(run.code).toBe(0);
    const stacks = readdirSync(join(out, "stacks"));
    expect(stacks).toHaveLength(5);
    for (const stack of stacks) {
      expect(readFileSync(join(out, "stacks", stack, "cdk.tf"), "utf8")).toContain('resource "kubernetes_manifest"');
    }
    if (unavailable) {
      console.log(`Only the HCL files' presence was checked; terraform fmt is left out: ${unavailable}`);
      return;
    }

    // WHEN terraform fmt checks them THEN none would change
    const fmt = terraformRun(out, ["fmt", "-check", "-recursive", "-diff", "-no-color"]);
    expect(fmt.stdout).toBe("");
    expect(fmt.status).toBe(0);
  });

  test("keeps a Kubernetes object with tricky text, lists of objects and odd keys exact through HCL", () => {
    // GIVEN an object shaped as the manifest engine writes one: nested lists of objects, keys
    // with dots, slashes and dashes, numbers, booleans, an empty object, and tricky text
    const object: JsonObject = {
      apiVersion: "batch/v1",
      metadata: { labels: { "planton.ai/name": "x", "a.b/c-d": "1" } },
      spec: {
        suspend: true,
        parallelism: 3,
        template: {
          spec: {
            containers: [
              {
                name: "c",
                command: [...TRICKY_TEXTS],
                env: TRICKY_TEXTS.map((value, i) => ({ name: `V.${i}-x`, value })),
              },
            ],
            volumes: [
              { name: "scratch", emptyDir: {} },
              { name: "scripts", configMap: { name: "s", defaultMode: 493 } },
            ],
          },
        },
      },
    };
    const hcl = outputValue(literalDeep(object));
    if (unavailable) {
      console.log(`Only the HCL text was written; evaluating it is left out: ${unavailable}`);
      return;
    }
    const dir = tempDir("kubernetes-job-terraform-");
    writeFileSync(join(dir, "main.tf"), hcl);

    // WHEN Terraform evaluates it THEN it is the object, and terraform fmt would not change the file
    expect(applyOutputs(dir).o).toEqual(object);
    expect(terraformRun(dir, ["fmt", "-check", "-diff", "-no-color"]).stdout).toBe("");
  });

  test("writes a provider with exec and a cloud block as terraform fmt would", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "main.tf"),
      toHcl({
        terraform: { cloud: { organization: "acme", hostname: "app.terraform.io", workspaces: { name: "w" } } },
        provider: {
          kubernetes: [
            {
              host: "https://k8s.example",
              cluster_ca_certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
              exec: [{ api_version: "v1beta1", command: "aws", args: ["eks"], env: { AWS_PROFILE: "prod", X: "1" } }],
            },
          ],
        },
      }),
    );
    if (unavailable) {
      console.log(`terraform fmt is left out: ${unavailable}`);
      return;
    }
    const fmt = terraformRun(dir, ["fmt", "-check", "-diff", "-no-color"]);
    expect(fmt.stdout).toBe("");
    expect(fmt.status).toBe(0);
  });

  test("keeps every tricky text byte for byte through HCL: Terraform evaluates each to the original", () => {
    // GIVEN a stack whose outputs are literal(text) for each tricky text
    const app = new App({ outdir: tempDir() });
    const stack = new TerraformStack(app, "literal-hcl");
    TRICKY_TEXTS.forEach((text, i) => new TerraformOutput(stack, `s${i}`, { value: literal(text) }));

    // WHEN its Terraform JSON is written as HCL
    const hcl = toHcl(stack.toTerraform() as JsonObject);
    TRICKY_TEXTS.forEach((_, i) => expect(hcl).toContain(`output "s${i}" {`));
    if (unavailable) {
      console.log(`Only the HCL text was checked; evaluating it is left out: ${unavailable}`);
      return;
    }
    const dir = tempDir("kubernetes-job-terraform-");
    writeFileSync(join(dir, "main.tf"), hcl);

    // THEN Terraform evaluates each output to the original text
    const outputs = applyOutputs(dir);
    expect(TRICKY_TEXTS.map((_, i) => outputs[`s${i}`])).toEqual(TRICKY_TEXTS);
  });

  test("keeps every map key byte for byte through HCL: keywords, dots, dashes, unicode, quotes, tricky texts", () => {
    // GIVEN an output that maps each key to its index, as the construct writes maps
    const keys = [...HCL_KEYWORDS, ...TRICKY_TEXTS, "a.b", "a-b", "_a", "1a", "ключ", "é✓", 'say "hi"', "a\\b", ""];
    const expected = Object.fromEntries(keys.map((key, i) => [key, i]));
    const app = new App({ outdir: tempDir() });
    const stack = new TerraformStack(app, "keys-hcl");
    new TerraformOutput(stack, "map", { value: literalDeep(expected) });

    // WHEN its Terraform JSON is written as HCL
    const hcl = toHcl(stack.toTerraform() as JsonObject);
    expect(hcl).not.toMatch(/^\s*for\s*=/m);
    if (unavailable) {
      console.log(`Only the HCL text was checked; evaluating it is left out: ${unavailable}`);
      return;
    }
    const dir = tempDir("kubernetes-job-terraform-");
    writeFileSync(join(dir, "main.tf"), hcl);

    // THEN terraform fmt would change nothing, and Terraform evaluates the map to the original keys
    expect(terraformRun(dir, ["fmt", "-check", "-diff", "-no-color"]).stdout).toBe("");
    expect(applyOutputs(dir).map).toEqual(expected);
  });

  test("writes a stack whose ConfigMaps and env secrets are named after HCL keywords as valid HCL, as terraform fmt would", async () => {
    // GIVEN a manifest with a ConfigMap and a direct env secret named after each keyword
    const dir = tempDir();
    const configMaps = Object.fromEntries(HCL_KEYWORDS.map((name) => [name, `content of ${name}`]));
    const secrets = Object.fromEntries(HCL_KEYWORDS.map((name) => [name, { value: `secret of ${name}` }]));
    writeFileSync(join(dir, "job.json"), JSON.stringify(manifestInput({ configMaps, env: { secrets } })));

    // WHEN it is synthesized with --hcl
    const out = join(dir, "out");
    const run = await runCli(["synth", join(dir, "job.json"), "--out", out, "--hcl"]);
    expect(run.stderr).not.toContain("error");
    expect(run.code).toBe(0);
    const hcl = readFileSync(join(out, "stacks", "nightly-report", "cdk.tf"), "utf8");
    for (const name of HCL_KEYWORDS) {
      expect(hcl).toContain(`    "${name}" = "content of ${name}"`);
      expect(hcl).toMatch(
        new RegExp(`^    "${name}" +  = "secret of ${name}"$|^    "${name}" += "secret of ${name}"$`, "m"),
      );
    }
    if (unavailable) {
      console.log(`terraform fmt is left out: ${unavailable}`);
      return;
    }

    // THEN terraform fmt parses it and would change nothing
    const fmt = terraformRun(out, ["fmt", "-check", "-recursive", "-diff", "-no-color"]);
    expect(fmt.stdout).toBe("");
    expect(fmt.status).toBe(0);
  });
});
