/**
 * The provider model's evaluation of Terraform JSON strings, checked against real Terraform: it
 * must give what Terraform gives for every escaped tricky text and for raw escape sequences.
 */
import fc from "fast-check";
import { literal } from "../../lib/terraform/literal";
import { evaluateTemplate, TemplateError } from "../support/provider-model";
import { evaluateJsonStrings, terraformUnavailable } from "../support/terraform";
import { TRICKY_TEXTS } from "../support/tricky-text";

const noReferences = () => {
  throw new TemplateError("no references here");
};
const evaluate = (text: string) => evaluateTemplate(text, noReferences);

/** Strings as they may appear in a stack: escaped user text and escape sequences written directly. */
const WRITTEN = [
  ...TRICKY_TEXTS.map(literal),
  "$${x}",
  "$$${x}",
  "%%{x}",
  '${"$$"}{TfToken[',
  '${"\\uFEFF"}',
  "\uFEFF$${x}",
  "a $ b % c",
];

describe("evaluateTemplate", () => {
  test("gives back every tricky text from its escaped form (literal)", () => {
    expect(TRICKY_TEXTS.map((text) => evaluate(literal(text)))).toEqual(TRICKY_TEXTS);
  });

  test("gives back any text from its escaped form (generated)", () => {
    const piece = fc.constantFrom(
      "$",
      "%",
      "{",
      "}",
      "${",
      "%{",
      "$${",
      "TfToken[",
      "#",
      "&",
      "\uFEFF",
      "a",
      '"',
      "\\",
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
        (text) => {
          expect(evaluate(literal(text))).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("resolves a whole-string reference to the referenced value, keeping its type", () => {
    const resolve = (type: string, name: string, path: readonly (string | number)[]) =>
      `${type}|${name}|${path.join("/")}`;
    expect(evaluateTemplate("${kubernetes_namespace_v1.n.metadata[0].name}", resolve)).toBe(
      "kubernetes_namespace_v1|n|metadata/0/name",
    );
    expect(evaluateTemplate("${a_b.c.d}", () => 3)).toBe(3);
    expect(evaluateTemplate("x-${a_b.c.d}", () => 3)).toBe("x-3");
  });

  test("refuses what it does not model rather than guessing: directives and other expressions", () => {
    expect(() => evaluate("%{ if true }x%{ endif }")).toThrow(TemplateError);
    expect(() => evaluate("${jsonencode({})}")).toThrow(TemplateError);
  });

  test("agrees with Terraform on every written form", () => {
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`skipped: comparing with Terraform needs terraform (${unavailable})`);
      expect(unavailable).toBeTruthy();
      return;
    }
    expect(WRITTEN.map(evaluate)).toEqual(evaluateJsonStrings(WRITTEN));
  });
});
