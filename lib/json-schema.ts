/** The JSON Schema of a manifest as written (defaults make fields optional), for editors and CI. */
import { z } from "zod";
import { INTEGER_MAXIMA, manifestSchema } from "./manifest";

export const SCHEMA_ID =
  "https://github.com/kubernetes-job-cdktf/kubernetes-job-cdktf/schema/kubernetes-job.schema.json";

export function manifestJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(manifestSchema, {
    io: "input",
    unrepresentable: "any",
    // Integer fields are checked by a transform (which JSON Schema cannot show); say what they take.
    override: ({ zodSchema, jsonSchema }) => {
      const maximum = INTEGER_MAXIMA.get(zodSchema);
      if (maximum === undefined) return;
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as Record<string, unknown>)[key];
      Object.assign(jsonSchema, { type: "integer", minimum: 0, maximum });
    },
  });
  return { ...generated, $id: SCHEMA_ID, title: "KubernetesJob manifest (Project Planton)" };
}
