/**
 * No field of the v1alpha1 spec is accepted, validated and then dropped without a word: every
 * field of the schema (walked from the zod schema itself, through its JSON Schema) is either set
 * by test/fixtures/v1alpha1/every-field.yaml, where taking it out changes the objects the
 * manifest means, or listed below with the reason it has no place in the model.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { isPlantonManifest } from "../../lib/manifest/dialects";
import { jsonSchemaOf } from "../../lib/manifest/json-schema";
import { loadManifests } from "../../lib/manifest/load";
import { plantonSchemas } from "../../lib/manifest/v1alpha1/schema";
import { applyOrder, objectsOf } from "../../lib/model";
import { jobFieldsWithoutAttribute } from "../../lib/terraform/provider-attributes";

const FIXTURE = join(__dirname, "..", "fixtures", "v1alpha1", "every-field.yaml");

/** A container's fields are the same wherever it is: app, sidecars and init containers. */
const CONTAINER = /^spec\.(container\.app|container\.sidecars\[\]|pod\.initContainers\[\])(?=\.)/;
/** So are a probe's (liveness, readiness, startup), a hook's, a pod affinity's and a node selector term's. */
const normalize = (path: string) =>
  path
    .replace(CONTAINER, "<container>")
    .replace(/\.(livenessProbe|readinessProbe|startupProbe)\./, ".<probe>.")
    .replace(/\.lifecycle\.(postStart|preStop)\./, ".lifecycle.<hook>.")
    .replace(/\.(podAffinity|podAntiAffinity)\./, ".<podAffinity>.")
    .replace(/\.nodeAffinity\.(required\[\]|preferred\[\]\.term)\./, ".nodeAffinity.<term>.");

/** Fields with no place in the model, each with why (a pattern over normalized paths). */
const LEFT_OUT: readonly { readonly path: RegExp; readonly why: string }[] = [
  {
    path: /\.valueFrom\.(kind|env|name|fieldPath)$/,
    why: "a reference: resolved to its value before the model is built (lib/manifest/references.ts), so it reaches the model as `value`",
  },
  {
    path: /^<container>\.image\.pullSecretName$/,
    why: "Planton's BuildContainer (workloadpod/container.go) ignores it; a warning says so and points to spec.pod.imagePullSecrets",
  },
  {
    path: /^<container>\.ports\[\]\.(appProtocol|servicePort)$/,
    why: "Planton's BuildContainer sets a port's name, containerPort, protocol and hostPort only: these two are for the Service of a long-running workload, which a Job has not",
  },
  {
    path: /^<container>\.env\.secrets\[\]\.secretRef\.namespace$/,
    why: "a pod reads Secrets of its own namespace only (Planton's containerenv BuildEnvVars sets a secretKeyRef's name and key): the Job's namespace is allowed here, another is an error",
  },
];

/**
 * Fields the fixture must give their default value, since the rest of it needs that value; each
 * is checked with another value by the test named here.
 */
const AT_DEFAULT: Record<string, string> = {
  "spec.restartPolicy":
    'podFailurePolicy and backoffLimitPerIndex need "Never": "OnFailure" reaches the Job (the last test here)',
};

const leftOut = (path: string) => LEFT_OUT.find((entry) => entry.path.test(normalize(path)));

type JsonSchema = { [key: string]: unknown };

/** The leaf fields of the spec's schema (`spec.pod.hostNetwork`, `spec.pod.labels{}` for maps). */
function schemaLeaves(): string[] {
  const root = jsonSchemaOf(plantonSchemas().specSchema, "spec", "spec");
  const resolve = (node: JsonSchema): JsonSchema => {
    const ref = node.$ref;
    if (typeof ref !== "string") return node;
    let target: unknown = root;
    for (const key of ref.replace(/^#\/?/, "").split("/").filter(Boolean)) target = (target as JsonSchema)[key];
    return resolve(target as JsonSchema);
  };
  const leaves = new Set<string>();
  const walk = (raw: JsonSchema, path: string, depth: number) => {
    if (depth > 40) throw new Error(`${path}: the schema is deeper than expected`);
    const node = resolve(raw);
    for (const alternative of [...((node.anyOf as JsonSchema[]) ?? []), ...((node.oneOf as JsonSchema[]) ?? [])])
      walk(alternative, path, depth + 1);
    const properties = node.properties as Record<string, JsonSchema> | undefined;
    if (properties) {
      // The proto spellings (create_namespace) are aliases of the JSON names.
      for (const [name, field] of Object.entries(properties))
        if (!name.includes("_")) walk(field, `${path}.${name}`, depth + 1);
      return;
    }
    if (node.items && typeof node.items === "object") return walk(node.items as JsonSchema, `${path}[]`, depth + 1);
    if (node.additionalProperties && typeof node.additionalProperties === "object") return void leaves.add(`${path}{}`);
    if (node.anyOf || node.oneOf) return;
    leaves.add(path);
  };
  walk(root, "spec", 0);
  return [...leaves];
}

const fixtureText = readFileSync(FIXTURE, "utf8");
const fixture = parse(fixtureText) as { spec: unknown };

/** Every node of the fixture's spec: its path as the schema's (lists as []), and its concrete path. */
function fixtureNodes(): { generic: string; at: (string | number)[]; value: unknown }[] {
  const nodes: { generic: string; at: (string | number)[]; value: unknown }[] = [];
  const walk = (value: unknown, generic: string, at: (string | number)[]) => {
    nodes.push({ generic, at, value });
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${generic}[]`, [...at, index]));
    else if (typeof value === "object" && value !== null)
      for (const [key, item] of Object.entries(value)) walk(item, `${generic}.${key}`, [...at, key]);
  };
  walk(fixture.spec, "spec", ["spec"]);
  return nodes;
}

/** The objects a manifest text means, as JSON; undefined when the manifest is not valid. */
function objectsJson(text: string): string | undefined {
  const load = loadManifests(["-"], { readStdin: () => text });
  const manifest = load.results[0]?.manifest;
  if (!load.ok || !manifest || !isPlantonManifest(manifest)) return undefined;
  return JSON.stringify(applyOrder(objectsOf(manifest)));
}

function without(at: (string | number)[]): string {
  const copy = structuredClone(fixture) as Record<string | number, unknown>;
  let parent = copy as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = at[at.length - 1];
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete parent[last];
  return stringify(copy);
}

describe("every field of the v1alpha1 spec reaches the object model, or says why not", () => {
  const leaves = schemaLeaves();

  test("the schema walk finds the fields (a sanity check on the walk itself)", () => {
    expect(leaves).toEqual(
      expect.arrayContaining(["spec.pod.hostNetwork", "spec.pod.hostPid", "spec.pod.scheduling.schedulerName"]),
    );
    expect(leaves.length).toBeGreaterThan(400);
  });

  test("the fixture sets every field that is not left out (for a container: in one of app, sidecars, init containers)", () => {
    const set = new Set(fixtureNodes().map((node) => normalize(node.generic)));
    const missing = [
      ...new Set(leaves.map(normalize).filter((leaf) => !leftOut(leaf) && !set.has(leaf.replace(/\{\}$/, "")))),
    ];
    expect(missing).toEqual([]);
  });

  test("taking out any field of the fixture changes the objects, but for the fields left out, which change nothing", () => {
    const baseline = objectsJson(fixtureText);
    expect(baseline).toBeDefined();
    const dropped: string[] = [];
    const leftOutButUsed: string[] = [];
    const leavesOnly = fixtureNodes().filter(
      (node) => node.at.length > 1 && (typeof node.value !== "object" || node.value === null),
    );
    for (const node of leavesOnly) {
      const changed = objectsJson(without(node.at));
      const path = node.at.join(".");
      // A required field cannot be taken out: its value is in the objects.
      const text = String(node.value);
      const reaches =
        changed === undefined
          ? baseline!.includes(text) || baseline!.includes(Buffer.from(text).toString("base64"))
          : changed !== baseline;
      if (AT_DEFAULT[path]) continue;
      if (leftOut(node.generic)) {
        if (changed !== undefined && changed !== baseline) leftOutButUsed.push(path);
      } else if (!reaches) dropped.push(path);
    }
    expect({ dropped, leftOutButUsed }).toEqual({ dropped: [], leftOutButUsed: [] });
  });

  test('restartPolicy "OnFailure", which the fixture cannot give, reaches the pod template', () => {
    const spec = structuredClone(fixture.spec) as Record<string, unknown>;
    for (const field of ["podFailurePolicy", "backoffLimitPerIndex", "maxFailedIndexes"]) delete spec[field];
    const text = stringify({ ...fixture, spec: { ...spec, restartPolicy: "OnFailure" } });
    expect(objectsJson(text)).toContain('"restartPolicy":"OnFailure"');
  });

  test("the typed engine's converter has an attribute for every field of the model but those kubernetes_job_v1 lacks (checked against the bindings' .jsii)", () => {
    const load = loadManifests(["-"], { readStdin: () => fixtureText });
    const manifest = load.results[0]!.manifest!;
    if (!isPlantonManifest(manifest)) throw new Error("expected a v1alpha1 manifest");
    // JobV1Spec has no suspend (the typed engine says it as parallelism 0) and no successPolicy;
    // a probe's and a hook's TcpSocket have port only; a lifecycle hook has exec, httpGet and tcpSocket.
    expect(jobFieldsWithoutAttribute(objectsOf(manifest).job)).toEqual([
      "spec.suspend",
      "spec.successPolicy",
      "spec.template.spec.containers[0].readinessProbe.tcpSocket.host",
      "spec.template.spec.containers[1].lifecycle.postStart.tcpSocket.host",
      "spec.template.spec.containers[1].lifecycle.preStop.sleep",
    ]);
  });
});
