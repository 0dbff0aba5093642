/** The JSON Schema of a manifest as written (defaults make fields optional), for editors and CI. */
import { z } from "zod";
import { manifestSchema } from "./manifest";

export const SCHEMA_ID =
  "https://github.com/kubernetes-job-cdktf/kubernetes-job-cdktf/schema/kubernetes-job.schema.json";

export function manifestJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(manifestSchema, { io: "input", unrepresentable: "any" });
  return { ...generated, $id: SCHEMA_ID, title: "KubernetesJob manifest (Project Planton)" };
}
