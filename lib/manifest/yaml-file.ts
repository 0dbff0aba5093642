/**
 * Reading a YAML (or JSON) settings file (clusters, refs) against its schema: the whole file is
 * rejected with one line per problem, each at its `file:line:column`, like a manifest's. It is read
 * as a manifest is: bounded, UTF-8 only, keys as written, with the same depth and alias limits.
 */
import type { z } from "zod";
import { formatPath, UserError } from "../diagnostics";
import { MAX_INPUT_BYTES, ReadError, readTextFile } from "./read-file";
import { issuesToProblems } from "./schema-issues";
import { offsetOf, parseYaml, TOO_DEEP, UnparsableYaml } from "./source";
import { documentValue } from "./yaml-value";

export function readSettingsFile<Schema extends z.ZodType>(
  file: string,
  schema: Schema,
  what: string,
): z.output<Schema> {
  let text: string;
  try {
    text = readTextFile(file, MAX_INPUT_BYTES);
  } catch (cause) {
    if (cause instanceof ReadError && !cause.message.startsWith("cannot be read")) {
      const where = cause.position ? `${file}:${cause.position.line}:${cause.position.column}` : file;
      throw new UserError(`${what} ${where} ${cause.message}`);
    }
    throw new UserError(`${what} ${file} cannot be read`);
  }
  let parsed;
  try {
    parsed = parseYaml(text);
  } catch (cause) {
    if (!(cause instanceof UnparsableYaml)) throw cause;
    throw new UserError(`${what} ${file} cannot be read: YAML syntax error: ${cause.message}`);
  }
  if (!parsed) throw new UserError(`${what} ${file} cannot be read: ${TOO_DEEP}`);
  const { documents, lineCounter } = parsed;
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const at = (offset: number) => {
    const { line, column } = position(offset);
    return `${file}:${line}:${column}`;
  };
  const [document] = documents;
  if (!document) throw new UserError(`${what} ${file} is empty`);
  if (document.errors.length > 0) {
    const [first] = document.errors;
    throw new UserError(
      `${what} ${at(first.pos[0])}: YAML syntax error: ${first.message.replace(/ at line \d+[\s\S]*$/, "")}`,
    );
  }
  if (documents.length > 1) {
    throw new UserError(`${what} ${at(documents[1].range[0])}: a settings file holds one YAML document`);
  }
  const converted = documentValue(document, text, position);
  if ("problems" in converted) {
    const lines = converted.problems.map(
      (problem) =>
        `  ${at(problem.offset)}: ${problem.path.length > 0 ? `${formatPath(problem.path)}: ` : ""}${problem.message}`,
    );
    throw new UserError(`${what} ${file} cannot be read:\n${lines.join("\n")}`);
  }
  const result = schema.safeParse(converted.value, { reportInput: true });
  if (result.success) return result.data;
  const lines = issuesToProblems(result.error.issues, schema).map(
    (problem) =>
      `  ${at(offsetOf(document, problem.path, problem.at))}: ${formatPath(problem.path)}: ${problem.message}`,
  );
  throw new UserError(`${what} ${file} is invalid:\n${lines.join("\n")}`);
}
