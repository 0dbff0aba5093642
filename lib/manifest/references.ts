/**
 * References between manifests: `spec.namespace.valueFrom` and `spec.env.variables.*.valueFrom`
 * name a field of another resource ({kind, env, name, fieldPath}). They are resolved at synth
 * time against the other manifests of the run (KubernetesJob and KubernetesNamespace) and a
 * refs file of values exported from elsewhere. A reference either resolves or the run fails,
 * saying which reference, where it was looked for and why not; none silently disappears.
 */
import { z } from "zod";
import { error, type Path, type Problem } from "../diagnostics";
import { dns1123LabelProblem } from "./k8s/dns-names";
import { KIND } from "./defaults";
import { NAMESPACE_KIND, type KubernetesJobManifest, type ValueFromRef } from "./schema";
import { isPlantonManifest, withNamespace, type AnyJobManifest, type PlantonJobManifest } from "./dialects";
import type { WorkloadContainer, WorkloadPod } from "./v1alpha1/workload";
import type { ManifestResult, ReferenceSourceResult } from "./parse";
import { readSettingsFile } from "./yaml-file";
import { showValue } from "../values";

const refsFileSchema = z.strictObject({
  refs: z.array(
    z.strictObject({
      kind: z.string().min(1),
      env: z.string().min(1).optional(),
      name: z.string().min(1),
      fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    }),
  ),
});

/** Field values of one resource from a refs file. */
export interface RefEntry {
  readonly kind: string;
  readonly env?: string;
  readonly name: string;
  /** Looked up as own fields only: a field named toString is data, not a method. */
  readonly fields: Readonly<Record<string, string>>;
  /** `refs.yaml` */
  readonly file: string;
}

export function loadRefsFile(file: string): RefEntry[] {
  return readSettingsFile(file, refsFileSchema, "refs file").refs.map((entry) => ({
    ...entry,
    fields: Object.fromEntries(Object.entries(entry.fields).map(([key, value]) => [key, String(value)])),
    file,
  }));
}

/** A resource a reference can name. */
interface Candidate {
  readonly kind: string;
  readonly name: string;
  readonly env?: string;
  /** Where it is defined, for messages. */
  readonly where: string;
  /** The field's value, or undefined when the resource has no such field. */
  field(fieldPath: string, trail: readonly string[]): FieldValue;
}

type FieldValue = { value: string } | { problem: string } | undefined;

/** A scalar at a dotted path of a document; only own fields count (not toString, constructor...). */
function lookup(value: unknown, fieldPath: string): string | undefined {
  let node = value;
  for (const key of fieldPath.split(".")) {
    if (typeof node !== "object" || node === null || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === "string" || typeof node === "number" || typeof node === "boolean" ? String(node) : undefined;
}

const whereOf = (result: { document: { file: string; line: number } }) =>
  `${result.document.file}:${result.document.line}`;

export interface ResolvedReferences {
  /** The results, with every reference replaced by its value (a result with a failed reference has no manifest). */
  readonly results: ManifestResult[];
  readonly problems: Map<ManifestResult, Problem[]>;
}

/** `refsSetting` names where a refs file is given, for hints: `--refs`, or a cdktf.json context key. */
export function resolveReferences(
  results: readonly ManifestResult[],
  sources: readonly ReferenceSourceResult[],
  refs: readonly RefEntry[],
  refsSetting = "--refs",
): ResolvedReferences {
  const problems = new Map<ManifestResult, Problem[]>();
  const namespaces = new Map<ManifestResult, FieldValue>();

  /** A Job's namespace, resolving its own reference first (with the trail of references, for cycles). */
  const namespaceOf = (result: ManifestResult, trail: readonly string[]): FieldValue => {
    const manifest = result.manifest as AnyJobManifest;
    const { value, valueFrom } = manifest.spec.namespace;
    if (value !== undefined) return { value };
    const cached = namespaces.get(result);
    if (cached) return cached;
    const here = `${whereOf(result)} spec.namespace`;
    if (trail.includes(here)) return { problem: `reference cycle: ${[...trail, here].join(" -> ")}` };
    const resolved = resolve(valueFrom as ValueFromRef, manifest, [...trail, here]);
    namespaces.set(result, resolved);
    return resolved;
  };

  const candidates: Candidate[] = [
    ...results.flatMap((result): Candidate[] => {
      const manifest = result.manifest;
      if (!manifest) return [];
      const { name } = manifest.metadata;
      const env = manifest.metadata.env || undefined;
      const computed = new Map<string, (trail: readonly string[]) => FieldValue>([
        ["spec.namespace", (trail) => namespaceOf(result, trail)],
        ["status.outputs.namespace", (trail) => namespaceOf(result, trail)],
        ["status.outputs.job_name", () => ({ value: name })],
        ...(isPlantonManifest(manifest)
          ? plantonServiceAccountField(manifest)
          : [["status.outputs.service_account_name", () => ({ value: name })] as const]),
      ]);
      return [
        {
          kind: KIND,
          name,
          env,
          where: whereOf(result),
          field: (fieldPath, trail) => {
            const field = computed.get(fieldPath);
            if (field) return field(trail);
            // A secret value would become a plain env variable of this Job, in a stack file others can read.
            if (fieldPath === "spec.env.secrets" || fieldPath.startsWith("spec.env.secrets.")) {
              return {
                problem: `cannot read ${fieldPath}: it is a secret value of another Job; use secrets.<NAME>.secretRef to an existing Secret instead`,
              };
            }
            const found = lookup(manifest, fieldPath);
            return found === undefined ? undefined : { value: found };
          },
        },
      ];
    }),
    ...sources.flatMap((result): Candidate[] => {
      const source = result.source;
      if (!source) return [];
      return [
        {
          kind: NAMESPACE_KIND,
          name: source.metadata.name,
          env: source.metadata.env || undefined,
          where: whereOf(result),
          field: (fieldPath) => {
            const path = fieldPath === "status.outputs.namespace" ? "spec.name" : fieldPath;
            const found = lookup(result.document.value, path);
            return found === undefined ? undefined : { value: found };
          },
        },
      ];
    }),
    ...refs.map(
      (entry): Candidate => ({
        kind: entry.kind,
        name: entry.name,
        env: entry.env || undefined,
        where: entry.file,
        field: (fieldPath) => {
          return Object.hasOwn(entry.fields, fieldPath) ? { value: entry.fields[fieldPath] } : undefined;
        },
      }),
    ),
  ];
  const knownKinds = [...new Set([KIND, NAMESPACE_KIND, ...refs.map((entry) => entry.kind)])];

  function resolve(ref: ValueFromRef, referrer: AnyJobManifest, trail: readonly string[]): FieldValue {
    if (!ref.kind)
      return { problem: "needs valueFrom.kind: the kind of the resource to read (for example KubernetesJob)" };
    if (!ref.fieldPath)
      return { problem: "needs valueFrom.fieldPath: the field to read (for example status.outputs.namespace)" };
    if (!knownKinds.includes(ref.kind)) {
      return {
        problem: `kind ${showValue(ref.kind)} is unknown: a reference can name ${knownKinds.join(", ")} (other kinds through a refs file, ${refsSetting})`,
      };
    }
    // An empty env is no env, as for the stack name and labels: `env: ""` matches resources without one.
    const env = (ref.env ?? referrer.metadata.env) || undefined;
    const described = `${ref.kind} ${showValue(ref.name)}${env ? ` with env ${showValue(env)}` : " without env"}`;
    const sameName = candidates.filter((candidate) => candidate.kind === ref.kind && candidate.name === ref.name);
    const matches = sameName.filter((candidate) => candidate.env === env);
    if (matches.length === 0) {
      const others = sameName.map(
        (candidate) => `${candidate.env ? `env ${showValue(candidate.env)}` : "no env"} at ${candidate.where}`,
      );
      const hint = others.length > 0 ? `; found ${others.join(", ")} (set valueFrom.env to choose)` : "";
      return { problem: `finds no ${described} among the manifests of this run or in a refs file${hint}` };
    }
    if (matches.length > 1) {
      return {
        problem: `is ambiguous: ${described} is defined at ${matches.map((match) => match.where).join(" and ")}`,
      };
    }
    const found = matches[0].field(ref.fieldPath, trail);
    return found ?? { problem: `finds ${described} at ${matches[0].where}, but it has no field ${ref.fieldPath}` };
  }

  const resolvedResults = results.map((result) => {
    const manifest = result.manifest;
    if (!manifest) return result;
    const found: Problem[] = [];
    const add = (path: Path, outcome: FieldValue): string | undefined => {
      if (outcome && "value" in outcome) return outcome.value;
      found.push(error(path, outcome?.problem ?? "cannot be resolved"));
      return undefined;
    };
    let resolved: AnyJobManifest = manifest;
    if (manifest.spec.namespace.valueFrom) {
      const path = ["spec", "namespace", "valueFrom"];
      const value = add(path, namespaceOf(result, []));
      const problem = value === undefined ? undefined : dns1123LabelProblem(value);
      if (problem) found.push(error(path, `resolves to ${showValue(value)}, which ${problem}`));
      else if (value !== undefined) resolved = withNamespace(resolved, value);
    }
    const lookUp = (path: Path, ref: ValueFromRef) => add(path, resolve(ref, manifest, []));
    resolved = isPlantonManifest(resolved)
      ? resolvePlantonReferences(resolved, lookUp)
      : resolveEnvVariables(resolved, lookUp);
    if (found.length > 0) {
      problems.set(result, found);
      return { document: result.document, diagnostics: result.diagnostics };
    }
    return resolved === manifest ? result : { ...result, manifest: resolved };
  });
  return { results: resolvedResults, problems };
}

/** Resolves one reference at a path to its value (undefined, with a problem recorded, when it cannot be). */
type LookUp = (path: Path, ref: ValueFromRef) => string | undefined;

/** The first dialect's env variables given by reference (`spec.env.variables.<NAME>.valueFrom`). */
function resolveEnvVariables(manifest: KubernetesJobManifest, lookUp: LookUp): KubernetesJobManifest {
  const spec = manifest.spec;
  const variables = Object.entries(spec.env?.variables ?? {});
  if (!variables.some(([, variable]) => variable.valueFrom)) return manifest;
  const resolved = variables.map(([name, variable]) => {
    if (!variable.valueFrom) return [name, variable] as const;
    const value = lookUp(["spec", "env", "variables", name, "valueFrom"], variable.valueFrom);
    return [name, { value: value ?? "" }] as const;
  });
  return { ...manifest, spec: { ...spec, env: { ...spec.env, variables: Object.fromEntries(resolved) } } };
}

/** What a v1alpha1 Job gives as its service account to a reference: the one its pod runs as. */
function plantonServiceAccountField(manifest: PlantonJobManifest): (readonly [string, () => FieldValue])[] {
  const value = (manifest.spec.pod as WorkloadPod | undefined)?.serviceAccount?.value;
  return value ? [["status.outputs.service_account_name", () => ({ value })] as const] : [];
}

type PlantonSpec = PlantonJobManifest["spec"];
type PlantonContainer = WorkloadContainer;

/**
 * The current API's value-or-ref fields (Planton's orchestrator resolves them before its modules
 * run: workloadpod ResolveImagePullSecretNames, containerenv appendVariables and appendSecrets):
 * the service account, the image pull secrets, and the env variables and secrets of every
 * container, each resolved as the first dialect's references are.
 */
function resolvePlantonReferences(manifest: PlantonJobManifest, lookUp: LookUp): PlantonJobManifest {
  const spec = manifest.spec;
  const containers = spec.container as { app: PlantonContainer; sidecars?: PlantonContainer[] };
  /** Each entry of a list given by reference, as the value it resolves to. */
  const resolveList = <T extends { valueFrom?: ValueFromRef; value?: string }>(
    entries: readonly T[] | undefined,
    path: Path,
  ): T[] | undefined =>
    entries?.map((entry, index) => {
      if (!entry.valueFrom) return entry;
      const value = lookUp([...path, index, "valueFrom"], entry.valueFrom);
      const { valueFrom, ...rest } = entry;
      void valueFrom;
      return { ...rest, value: value ?? "" } as T;
    });
  const container = (item: PlantonContainer, path: Path): PlantonContainer => {
    const { variables, secrets } = item.env ?? {};
    if (!variables?.some((entry) => entry.valueFrom) && !secrets?.some((entry) => entry.valueFrom)) return item;
    const resolvedVariables = resolveList(variables, [...path, "env", "variables"]);
    const resolvedSecrets = resolveList(secrets, [...path, "env", "secrets"]);
    return {
      ...item,
      env: {
        ...item.env,
        ...(resolvedVariables ? { variables: resolvedVariables } : {}),
        ...(resolvedSecrets ? { secrets: resolvedSecrets } : {}),
      },
    };
  };
  const app = container(containers.app, ["spec", "container", "app"]);
  const sidecars = containers.sidecars?.map((item, index) => container(item, ["spec", "container", "sidecars", index]));
  const before = spec.pod as WorkloadPod | undefined;
  let pod = before;
  if (pod) {
    const serviceAccount = pod.serviceAccount?.valueFrom
      ? { value: lookUp(["spec", "pod", "serviceAccount", "valueFrom"], pod.serviceAccount.valueFrom) ?? "" }
      : pod.serviceAccount;
    const imagePullSecrets = pod.imagePullSecrets?.map((ref, index) =>
      ref.valueFrom
        ? { value: lookUp(["spec", "pod", "imagePullSecrets", index, "valueFrom"], ref.valueFrom) ?? "" }
        : ref,
    );
    const initContainers = pod.initContainers?.map((item, index) =>
      container(item, ["spec", "pod", "initContainers", index]),
    );
    pod = {
      ...pod,
      ...(serviceAccount !== undefined ? { serviceAccount } : {}),
      ...(imagePullSecrets !== undefined ? { imagePullSecrets } : {}),
      ...(initContainers !== undefined ? { initContainers } : {}),
    };
  }
  const changed =
    app !== containers.app || sidecars?.some((item, index) => item !== containers.sidecars?.[index]) || pod !== before;
  if (!changed) return manifest;
  const containerNext = { ...spec.container, app, ...(sidecars !== undefined ? { sidecars } : {}) };
  return {
    ...manifest,
    spec: {
      ...spec,
      container: containerNext as PlantonSpec["container"],
      ...(pod !== undefined ? { pod: pod as PlantonSpec["pod"] } : {}),
    },
  };
}
