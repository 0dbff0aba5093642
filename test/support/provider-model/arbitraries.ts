/**
 * Generated manifests for the provider model's properties: spec inputs over the fields the
 * construct renders, with tricky texts (test/support/tricky-text.ts) in every string a user
 * writes, and optional Docker configs.
 */
import fc from "fast-check";
import { typedEngineProblems } from "../../../lib/model";
import { loadManifests } from "../../../lib/manifest/load";
import type { KubernetesJobManifest } from "../../../lib/manifest/schema";
import { firstDialect, manifestInput } from "../manifest";
import { TRICKY_TEXTS } from "../tricky-text";

const text = fc.oneof(fc.constantFrom(...TRICKY_TEXTS), fc.string({ maxLength: 12 }));
const name = fc.constantFrom("alpha", "b-2", "report", "x");
const mount = fc.oneof(
  fc.record({
    configMap: fc.record({
      name,
      key: fc.option(name, { nil: undefined }),
      defaultMode: fc.option(fc.constantFrom(0o400, 0o644, 0o755), { nil: undefined }),
    }),
  }),
  fc.record({
    secret: fc.record({ name, defaultMode: fc.option(fc.constantFrom(0o400, 0o600), { nil: undefined }) }),
  }),
  fc.record({
    emptyDir: fc.record({
      medium: fc.option(fc.constant("Memory"), { nil: undefined }),
      sizeLimit: fc.option(fc.constantFrom("64Mi", "1Gi", "1500M"), { nil: undefined }),
    }),
  }),
  fc.record({
    hostPath: fc.record({
      path: fc.constantFrom("/var/log", "/data"),
      type: fc.option(fc.constantFrom("Directory", "File"), { nil: undefined }),
    }),
  }),
  fc.record({ pvc: fc.record({ claimName: name, readOnly: fc.option(fc.boolean(), { nil: undefined }) }) }),
);
export const specInputs = fc.record(
  {
    createNamespace: fc.boolean(),
    parallelism: fc.nat(5),
    completions: fc.integer({ min: 1, max: 20 }),
    completionMode: fc.constantFrom("NonIndexed", "Indexed"),
    backoffLimit: fc.nat(10),
    activeDeadlineSeconds: fc.nat(100000),
    ttlSecondsAfterFinished: fc.nat(100000),
    restartPolicy: fc.constant("Never"),
    suspend: fc.boolean(),
    command: fc.array(text, { maxLength: 3 }),
    args: fc.array(text, { maxLength: 3 }),
    env: fc.record({
      variables: fc.dictionary(
        fc.constantFrom("A", "B_2", "PATHS"),
        text.map((value) => ({ value })),
        { maxKeys: 2 },
      ),
      secrets: fc.dictionary(
        fc.constantFrom("TOKEN", "PASSWORD"),
        fc.oneof(
          text.map((value) => ({ value })),
          fc.record({ secretRef: fc.record({ name, key: fc.constantFrom("k", "token") }) }),
        ),
        { maxKeys: 2 },
      ),
    }),
    configMaps: fc.dictionary(name, text, { maxKeys: 2 }),
    volumeMounts: fc.uniqueArray(
      fc.tuple(fc.constantFrom("v-a", "v-b", "v-c"), mount, fc.boolean()).map(([volumeName, source, readOnly]) => ({
        name: volumeName,
        mountPath: `/mnt/${volumeName}`,
        readOnly,
        ...source,
      })),
      { selector: (v) => v.name, maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);
export const dockerConfigs = fc.option(fc.constantFrom('{"auths":{"r.example":{"auth":"dTpw"}}}', '{"auths":{}}'), {
  nil: undefined,
});

/** The validated manifest of generated spec input, when valid and deployable by this engine. */
export function deployable(input: Record<string, unknown>): KubernetesJobManifest | undefined {
  const load = loadManifests(["-"], { readStdin: () => JSON.stringify(manifestInput(input as never)) });
  const manifest = firstDialect(load.results[0]?.manifest);
  if (!load.ok || !manifest || typedEngineProblems(manifest.spec).length > 0) return undefined;
  return manifest;
}

/**
 * Spec inputs for the manifest engine, which can say what the typed engine cannot: a work queue
 * (completions 0, unset) and an Indexed Job with restartPolicy OnFailure.
 */
export const manifestEngineInputs = fc
  .tuple(specInputs, fc.nat(20), fc.constantFrom("Never", "OnFailure"))
  .map(([input, completions, restartPolicy]) => ({ ...input, completions, restartPolicy }));

/** The validated manifest of generated spec input, when valid (whatever the typed engine can say). */
export function valid(input: Record<string, unknown>): KubernetesJobManifest | undefined {
  const load = loadManifests(["-"], { readStdin: () => JSON.stringify(manifestInput(input as never)) });
  const manifest = firstDialect(load.results[0]?.manifest);
  return load.ok && manifest ? manifest : undefined;
}
