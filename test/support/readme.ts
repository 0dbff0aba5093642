/**
 * The README as a script: its fenced blocks, in order, turned into the steps a new user takes when
 * pasting them. Conventions the README follows (its "Test" section says them to writers):
 *
 * - A `yaml` or `json` block whose document starts with a comment naming a file
 *   (`# jobs/nightly-report.yaml` or `# refs.yaml: what it is`) is that file; each `---` document
 *   of a block may name its own.
 * - A `sh` block is commands, run in one shell, which must succeed. When the next block follows it
 *   with nothing but blank lines in between and is an unnamed `json` or `text` block, that block is
 *   what the commands print on standard output.
 * - A `console` block shows `$ command` lines, each followed by what it prints (standard output and
 *   standard error, as a terminal shows them); the exit code is not checked, so a block can show
 *   an error. A shown line ending in ` ...` stands for any printed line that starts with the text
 *   before it (long messages are cut short).
 * - A `sh` or `console` block whose first line is a comment starting with `# needs ` is not run
 *   (it needs a cluster, the Terraform registry, a fresh clone...); the comment says why.
 */
export interface FencedBlock {
  readonly lang: string;
  readonly text: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** Only blank lines between the previous block's closing fence and this block's opening one. */
  readonly followsDirectly: boolean;
}

export type ReadmeStep =
  | { readonly kind: "file"; readonly line: number; readonly path: string; readonly content: string }
  | { readonly kind: "run"; readonly line: number; readonly script: string; readonly stdout?: Expected }
  | { readonly kind: "console"; readonly line: number; readonly command: string; readonly output: string }
  | { readonly kind: "skip"; readonly line: number; readonly reason: string; readonly script: string };

export interface Expected {
  readonly lang: string;
  readonly text: string;
  readonly line: number;
}

const FENCE = /^```(\S*)\s*$/;
/** A first-line comment naming a file: a relative path ending in .yaml, .yml or .json. */
const FILE_COMMENT = /^# ([\w.-]+(?:\/[\w.-]+)*\.(?:ya?ml|json))(?::.*)?$/;
const SKIP_MARKER = /^# (needs .*)$/;

export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split("\n");
  const blocks: FencedBlock[] = [];
  let lastClose = -2;
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && lines[end].trimEnd() !== "```") end++;
    if (end === lines.length) throw new Error(`README.md:${start + 1}: a fenced block is never closed`);
    const between = lines.slice(lastClose + 1, start);
    blocks.push({
      lang: open[1],
      text: lines.slice(start + 1, end).join("\n") + "\n",
      line: start + 1,
      followsDirectly: lastClose >= 0 && between.every((line) => line.trim() === ""),
    });
    lastClose = end;
    i = end;
  }
  return blocks;
}

/** The files a yaml or json block names, or undefined when its first document names none. */
function namedFiles(block: FencedBlock): { path: string; content: string; line: number }[] | undefined {
  const lines = block.text.replace(/\n$/, "").split("\n");
  if (!FILE_COMMENT.test(lines[0])) return undefined;
  const files: { path: string; content: string; line: number }[] = [];
  let documentStart = true;
  lines.forEach((line, i) => {
    const named = documentStart ? FILE_COMMENT.exec(line) : null;
    documentStart = line === "---";
    if (named) files.push({ path: named[1], content: "", line: block.line + 1 + i });
    // A `---` that ends a named file's document is not part of it.
    if (line === "---") return;
    const current = files[files.length - 1];
    current.content += line + "\n";
  });
  return files;
}

/** `$ command` lines and the output shown after each. */
function consoleSteps(block: FencedBlock): ReadmeStep[] {
  const steps: { kind: "console"; line: number; command: string; output: string }[] = [];
  block.text
    .replace(/\n$/, "")
    .split("\n")
    .forEach((line, i) => {
      if (line.startsWith("$ ")) {
        steps.push({ kind: "console", line: block.line + 1 + i, command: line.slice(2), output: "" });
      } else if (steps.length === 0) {
        throw new Error(`README.md:${block.line + 1 + i}: a console block must start with a "$ " command line`);
      } else {
        steps[steps.length - 1].output += line + "\n";
      }
    });
  return steps;
}

export function readmeSteps(markdown: string): ReadmeStep[] {
  const blocks = fencedBlocks(markdown);
  const steps: ReadmeStep[] = [];
  blocks.forEach((block, i) => {
    const firstLine = block.text.split("\n")[0];
    const skip = SKIP_MARKER.exec(firstLine);
    if (block.lang === "sh" || block.lang === "console") {
      if (skip) {
        steps.push({ kind: "skip", line: block.line, reason: skip[1], script: block.text });
      } else if (block.lang === "console") {
        steps.push(...consoleSteps(block));
      } else {
        const next = blocks[i + 1];
        const shows =
          next && next.followsDirectly && (next.lang === "json" || next.lang === "text") && !namedFiles(next);
        steps.push({
          kind: "run",
          line: block.line,
          script: block.text,
          ...(shows ? { stdout: { lang: next.lang, text: next.text, line: next.line } } : {}),
        });
      }
    } else if (block.lang === "yaml" || block.lang === "json") {
      for (const file of namedFiles(block) ?? []) steps.push({ kind: "file", ...file });
    }
  });
  return steps;
}

/**
 * What a command printed, with each line that a shown line ending in ` ...` stands for cut to that
 * shown line, so that the two compare equal exactly when the README shows what was printed.
 */
export function asShown(printed: string, shown: string): string {
  const shownLines = shown.split("\n");
  return printed
    .split("\n")
    .map((line, i) => {
      const expected = shownLines[i];
      if (expected === undefined || !expected.endsWith(" ...")) return line;
      const prefix = expected.slice(0, -" ...".length);
      return line.startsWith(prefix) && line.length > prefix.length ? expected : line;
    })
    .join("\n");
}
