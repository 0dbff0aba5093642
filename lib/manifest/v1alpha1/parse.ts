/**
 * A v1alpha1 document, already read as protojson reads it (lib/manifest/protojson.ts), to a
 * validated manifest: its kind, the schema (./schema.ts: shape, single-field rules, defaults),
 * then the cross-field rules (./validate.ts). lib/manifest/parse.ts places the problems in the
 * source, as it does for the first dialect. Loaded on the first v1alpha1 document only.
 */
import { error, type Path, type Problem } from "../../diagnostics";
import { KIND } from "../defaults";
import { issuesToProblems } from "../schema-issues";
import { closest } from "../../suggest";
import { showValue } from "../../values";
import { PLANTON_API_VERSION, plantonManifestSchema, type PlantonJobManifest } from "./schema";

export { plantonManifestSchema };
import { validatePlantonManifest } from "./validate";

/**
 * Where an env secret's value may be: inside an entry of any container's `env.secrets` list,
 * except the variable's name and the Secret namespace, name and key of a secretRef.
 */
export function isPlantonSecretPath(path: Path): boolean {
  const at = path.findIndex((segment, index) => segment === "secrets" && path[index - 1] === "env");
  if (at < 0) return false;
  const inEntry = path.slice(at + 2);
  if (inEntry.length === 1 && inEntry[0] === "name") return false;
  return !(
    inEntry.length === 2 &&
    inEntry[0] === "secretRef" &&
    ["namespace", "name", "key"].includes(String(inEntry[1]))
  );
}

/** The kind, the schema and the rules; every problem at once when the kind is KubernetesJob. */
export function checkPlantonManifest(value: unknown): { manifest?: PlantonJobManifest; problems: Problem[] } {
  const { kind } = value as Record<string, unknown>;
  const kindProblems: Problem[] = [];
  if (kind !== KIND) {
    const near = typeof kind === "string" ? closest(kind, [KIND]) : undefined;
    kindProblems.push(
      error(
        ["kind"],
        kind === undefined
          ? `is required: ${KIND}`
          : `${showValue(kind)} is not supported: expected ${KIND} (apiVersion ${PLANTON_API_VERSION})` +
              (near ? `; did you mean "${near}"?` : ""),
      ),
    );
    // Another kind is reported as that, not as a list of fields it does not have.
    if (!near && kind !== undefined) return { problems: kindProblems };
  }
  const schema = plantonManifestSchema();
  const checked = kindProblems.length > 0 ? { ...(value as object), kind: KIND } : value;
  const parsed = schema.safeParse(checked, { reportInput: true });
  if (!parsed.success) {
    return { problems: [...kindProblems, ...issuesToProblems(parsed.error.issues, schema, isPlantonSecretPath)] };
  }
  const problems = [...kindProblems, ...validatePlantonManifest(parsed.data)];
  return kindProblems.length > 0 ? { problems } : { manifest: parsed.data, problems };
}
