/**
 * Reading a YAML (or JSON) settings file (clusters, refs) against its schema: the whole file is
 * rejected with one line per problem, each at its `file:line:column`, like a manifest's.
 */
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { formatPath, UserError } from "./diagnostics";
import { issuesToProblems } from "./schema-issues";
import { offsetOf } from "./source";

export function readSettingsFile<Schema extends z.ZodType>(
  file: string,
  schema: Schema,
  what: string,
): z.output<Schema> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UserError(`${what} ${file} cannot be read`);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (document.errors.length > 0) {
    const [first] = document.errors;
    throw new UserError(
      `${what} ${at(first.pos[0])}: YAML syntax error: ${first.message.replace(/ at line \d+[\s\S]*$/, "")}`,
    );
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw new UserError(`${what} ${file} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const lines = issuesToProblems(parsed.error.issues, schema).map(
    (problem) =>
      `  ${at(offsetOf(document, problem.path, problem.at))}: ${formatPath(problem.path)}: ${problem.message}`,
  );
  throw new UserError(`${what} ${file} is invalid:\n${lines.join("\n")}`);
}
