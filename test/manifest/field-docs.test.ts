import { readFileSync } from "node:fs";
import { join } from "node:path";
import { specFieldTable, replaceGenerated } from "../../lib/manifest/field-docs";
import { manifestJsonSchema } from "../../lib/manifest/json-schema";

const root = join(__dirname, "..", "..");

describe("generated documentation", () => {
  test("the committed JSON Schema is the one the schema generates (run npm run docs when this fails)", () => {
    const committed = readFileSync(join(root, "schema/kubernetes-job.schema.json"), "utf8");
    expect(committed).toBe(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
  });

  test("the README's field table is the one the schema generates (run npm run docs when this fails)", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(replaceGenerated(readme, "fields", specFieldTable())).toBe(readme);
  });

  test("the field table shows each documented default", () => {
    const table = specFieldTable();
    expect(table).toContain("| `backoffLimit` | integer, 0 to 2147483647 | 6 |");
    expect(table).toContain("| `parallelism` | integer, 0 to 2147483647 | 1 |");
    expect(table).toContain("| `completionMode` | `NonIndexed` \\| `Indexed` | NonIndexed |");
    expect(table).toContain("limits: cpu: 1000m; memory: 1Gi; requests: cpu: 50m; memory: 100Mi");
  });

  test("replacing a generated section fails loudly when its markers are missing", () => {
    expect(() => replaceGenerated("no markers here", "fields", "x")).toThrow(
      "markers <!-- fields:start --> ... <!-- fields:end --> not found",
    );
  });
});
