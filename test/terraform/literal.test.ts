import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toHcl, type JsonObject } from "../../lib/terraform/hcl";
import { literal, literalDeep } from "../../lib/terraform/literal";
import { tempDir } from "../support/files";
import { applyOutputs, terraformUnavailable } from "../support/terraform";
import { HCL_KEYWORDS, TRICKY_TEXTS } from "../support/tricky-text";

describe("literal", () => {
  test("leaves text without interpolation or token markers unchanged", () => {
    for (const text of ["", "plain", "$HOME", "100%", "price: $5", "{}", "$ {x}", "% {x}", "#{x}", "&{x}"]) {
      expect(literal(text)).toBe(text);
    }
  });

  test("escapes a Terraform interpolation ${ as $${", () => {
    expect(literal("${HOME}")).toBe("$${HOME}");
    expect(literal('echo "${A:-x}" ${B}')).toBe('echo "$${A:-x}" $${B}');
  });

  test("escapes a Terraform directive %{ as %%{", () => {
    expect(literal("%{ if true }yes%{ endif }")).toBe("%%{ if true }yes%%{ endif }");
  });

  test("splits each of cdktf's token markers with a one-character Terraform expression", () => {
    expect(literal("${TfToken[TOKEN.1]}")).toBe('${"$"}{TfToken[TOKEN.1]}');
    expect(literal("#{TfToken[TOKEN.2]}")).toBe('#${"{"}TfToken[TOKEN.2]}');
    expect(literal("&{TfToken[TOKEN.3]}")).toBe('&${"{"}TfToken[TOKEN.3]}');
  });

  test("leaves no cdktf token marker in any escaped text", () => {
    for (const text of TRICKY_TEXTS) {
      expect(literal(text)).not.toMatch(/[$#&]\{TfToken\[/);
    }
  });

  test("writes a token marker after a run of $ as one expression, so that no $${ escape takes its $", () => {
    // $${"$"}{TfToken[ would be the escape $${ followed by "$"}{TfToken[, not $ and ${TfToken[.
    expect(literal("$${TfToken[TOKEN.0]}")).toBe('${"$$"}{TfToken[TOKEN.0]}');
    expect(literal("a$$${TfToken[TOKEN.0]}")).toBe('a${"$$$"}{TfToken[TOKEN.0]}');
  });

  test("escapes ConfigMap-sized runs of $ (1 MiB) without trying every run length at every position", () => {
    // GIVEN 1 MiB runs of $, the most a ConfigMap entry holds
    const run = "$".repeat(1024 * 1024);
    // WHEN they are escaped in a child process, which a quadratic scan would keep busy for
    // many minutes (this one takes milliseconds): the guard stops it rather than the suite
    const script = `
      const { literal } = require(${JSON.stringify(join(__dirname, "../../lib/terraform/literal.ts"))});
      const run = "$".repeat(1024 * 1024);
      process.stdout.write(JSON.stringify([literal(run + "x"), literal(run + "{x}"), literal(run + "{TfToken[")].map((s) => s.length)));
    `;
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      encoding: "utf8",
      timeout: 10 * 60 * 1000,
    });
    // THEN each is escaped: unchanged, one $ more, or moved into the expression
    expect(child.stderr).toBe("");
    expect(JSON.parse(child.stdout)).toEqual([run.length + 1, run.length + 4, `\${"${run}$"}{TfToken[`.length - 1]);
  });

  test("writes a byte order mark at the start as an expression, since Terraform drops it there", () => {
    expect(literal("\uFEFFtext")).toBe('${"\\uFEFF"}text');
    expect(literal("\uFEFF")).toBe('${"\\uFEFF"}');
    expect(literal("a\uFEFFb")).toBe("a\uFEFFb");
  });

  test("escapes text that is already escaped once more, so that it stays as written", () => {
    expect(literal("$${x}")).toBe("$$${x}");
    expect(literal("%%{x}")).toBe("%%%{x}");
  });

  test("escapes keys and strings at any depth and keeps other values", () => {
    const value = { "${key}": ["${a}", { b: "%{b}" }], n: 3, flag: true, none: undefined };
    expect(literalDeep(value)).toEqual({ "$${key}": ["$${a}", { b: "%%{b}" }], n: 3, flag: true, none: undefined });
    expect(literalDeep("${x}")).toBe("$${x}");
    expect(literalDeep(null)).toBeNull();
  });

  test("gives back the original text byte for byte once cdktf and Terraform have processed it", () => {
    // GIVEN a stack whose outputs are escaped texts
    const dir = tempDir();
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, "literal");
    new LocalBackend(stack, { path: join(dir, "terraform.tfstate") });
    TRICKY_TEXTS.forEach((text, i) => new TerraformOutput(stack, `s${i}`, { value: literal(text) }));

    // WHEN cdktf synthesizes it
    app.synth();
    const stackDir = join(dir, "stacks", "literal");
    const written = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));

    // THEN cdktf wrote the escaped texts unchanged (it resolved no token in them)
    TRICKY_TEXTS.forEach((text, i) => expect(written.output[`s${i}`].value).toBe(literal(text)));

    // AND Terraform evaluates each to the original text
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`skipped evaluating with Terraform: ${unavailable}`);
      return;
    }
    const outputs = applyOutputs(stackDir);
    expect(TRICKY_TEXTS.map((_, i) => outputs[`s${i}`])).toEqual(TRICKY_TEXTS);
  });

  test("gives back map keys byte for byte too: Terraform JSON evaluates keys as templates", () => {
    // GIVEN an output that is a map from each tricky text (and HCL keyword) to its index
    const keys = [...TRICKY_TEXTS, ...HCL_KEYWORDS, "a.b", "a-b", "ключ", 'say "hi"'];
    const dir = tempDir();
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, "keys");
    new LocalBackend(stack, { path: join(dir, "terraform.tfstate") });
    new TerraformOutput(stack, "map", { value: literalDeep(Object.fromEntries(keys.map((key, i) => [key, i]))) });

    // WHEN cdktf synthesizes it and Terraform evaluates it
    app.synth();
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`skipped evaluating with Terraform: ${unavailable}`);
      return;
    }
    const outputs = applyOutputs(join(dir, "stacks", "keys"));

    // THEN every key is the original text
    expect(outputs.map).toEqual(Object.fromEntries(keys.map((key, i) => [key, i])));
  });

  test("gives back random strings of $, %, braces, token markers and byte order marks, in JSON and HCL", () => {
    // GIVEN many strings made of the pieces that Terraform and cdktf treat specially (a fixed seed)
    const piece = fc.constantFrom(
      "$",
      "%",
      "{",
      "}",
      "#",
      "&",
      "TfToken[",
      "TOKEN.0]",
      "]",
      "\uFEFF",
      '"',
      "\\",
      "a",
      "\n",
      "~",
    );
    const texts = fc.sample(
      fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join("")),
      { numRuns: 300, seed: 10 },
    );
    const dir = tempDir();
    const app = new App({ outdir: dir });
    const stack = new TerraformStack(app, "random");
    new LocalBackend(stack, { path: join(dir, "terraform.tfstate") });
    texts.forEach((text, i) => new TerraformOutput(stack, `s${i}`, { value: literal(text) }));
    new TerraformOutput(stack, "keys", { value: literalDeep(Object.fromEntries(texts.map((text, i) => [text, i]))) });
    const expectedKeys = Object.fromEntries(texts.map((text, i) => [text, i]));

    // WHEN cdktf synthesizes them (and they are also written as HCL)
    app.synth();
    // (the HCL configuration keeps its state in its own directory)
    const document = stack.toTerraform() as JsonObject;
    delete document.terraform;
    const hcl = toHcl(document);
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`skipped evaluating with Terraform: ${unavailable}`);
      return;
    }

    // THEN Terraform evaluates every string and key to the original, from JSON and from HCL
    const fromJson = applyOutputs(join(dir, "stacks", "random"));
    expect(texts.map((_, i) => fromJson[`s${i}`])).toEqual(texts);
    expect(fromJson.keys).toEqual(expectedKeys);
    const hclDir = tempDir("kubernetes-job-terraform-");
    writeFileSync(join(hclDir, "main.tf"), hcl);
    const fromHcl = applyOutputs(hclDir);
    expect(texts.map((_, i) => fromHcl[`s${i}`])).toEqual(texts);
    expect(fromHcl.keys).toEqual(expectedKeys);
  });
});
