/**
 * `kubernetes-job schema [--api-version V]`: the JSON Schema of either apiVersion, as the files in
 * schema/ hold them (npm run docs writes both).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli";
import { ROOT } from "../support/paths";

const file = (name: string) => readFileSync(join(ROOT, "schema", name), "utf8");

describe("schema", () => {
  test("prints the first dialect's schema by default, and with its apiVersion", async () => {
    expect(await runCli(["schema"])).toMatchObject({ code: 0, stdout: file("kubernetes-job.schema.json") });
    expect(await runCli(["schema", "--api-version", "kubernetes.project-planton.org/v1"])).toMatchObject({
      code: 0,
      stdout: file("kubernetes-job.schema.json"),
    });
  });

  test("prints the current API's schema with --api-version kubernetes.planton.dev/v1alpha1", async () => {
    expect(await runCli(["schema", "--api-version", "kubernetes.planton.dev/v1alpha1"])).toMatchObject({
      code: 0,
      stdout: file("kubernetes-job.v1alpha1.schema.json"),
    });
  });

  test("an unknown apiVersion is a usage error naming both accepted ones", async () => {
    const run = await runCli(["schema", "--api-version", "kubernetes.planton.dev/v1"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      '--api-version "kubernetes.planton.dev/v1" is not one this tool reads: kubernetes.project-planton.org/v1 or kubernetes.planton.dev/v1alpha1',
    );
  });
});
