/**
 * The provider model against the object model: for every example and for generated manifests,
 * what the provider creates from the synthesized stack, as the API server stores it, equals the
 * objects the manifest means (as the typed engine can say them), as the API server stores them —
 * but for the differences listed below, each a fact of provider 2.38.0 that changes nothing the
 * cluster does, and the known defects of issue #11 that the construct does not fix yet.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
  applyOrder,
  jobObjects,
  typedEngineObjects,
  typedEngineProblems,
  type KubernetesObject,
} from "../../lib/model";
import { loadManifests } from "../../lib/manifest/load";
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { manifestFromYaml, manifestInput } from "../support/manifest";
import { EXAMPLES } from "../support/paths";
import { kubernetesStored, providerCreate, type JsonObject } from "../support/provider-model";
import { jsonDifferences, type Difference } from "../support/provider-model/diff";
import { synthStack } from "../support/terraform-json";
import { TRICKY_TEXTS } from "../support/tricky-text";

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

/**
 * What provider 2.38.0 sends that the manifest does not say, with no effect on what runs: each
 * is the value Kubernetes assumes when the field is unset, sent explicitly because the SDK
 * hands the expander the schema Default (or false) and the expander always sends it.
 */
const ALLOWED: readonly { readonly path: RegExp; readonly sent: unknown; readonly why: string }[] = [
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.automountServiceAccountToken$/,
    sent: true,
    why: "podSpecFields automount_service_account_token Default true, expandPodSpec sends it",
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.enableServiceLinks$/,
    sent: true,
    why: "podSpecFields enable_service_links Default true; Kubernetes defaults pods to true (SetDefaults_Pod)",
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.shareProcessNamespace$/,
    sent: false,
    why: "podSpecFields share_process_namespace Default false, sent as a pointer",
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.containers\[0\]\.volumeMounts\[\d+\]\.mountPropagation$/,
    sent: "None",
    why: 'volumeMountFields mount_propagation Default "None" (Kubernetes: unset means None)',
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.containers\[0\]\.env\[\d+\]\.valueFrom\.secretKeyRef\.optional$/,
    sent: false,
    why: 'expandSecretKeyRef: `if v, ok := in["optional"]; ok` is always true',
  },
  {
    path: /^Job\/[^.]+\.spec\.template\.spec\.volumes\[\d+\]\.(configMap|secret)\.optional$/,
    sent: false,
    why: "expandConfigMapVolumeSource / expandSecretVolumeSource send optional false",
  },
  {
    path: /^ServiceAccount\/[^.]+\.automountServiceAccountToken$/,
    sent: true,
    why: "resourceKubernetesServiceAccountV1Create: ptr.To(d.Get(...)), Default true",
  },
];

/**
 * Issue #11, fact 3: the construct sends no per-index limits, so the provider sends 0 for both
 * (the model asks for the Job-wide backoffLimit and completions). Remove once the construct
 * sets them: the example test below then fails, on purpose.
 */
const PER_INDEX = /^Job\/[^.]+\.spec\.(backoffLimitPerIndex|maxFailedIndexes)$/;

const byName = (objects: readonly JsonObject[]) =>
  Object.fromEntries(
    objects.map((object) => [`${object.kind}/${(object.metadata as JsonObject).name}`, object] as const),
  ) as JsonObject;

/** Provider-created and model objects, as stored, and where they differ beyond ALLOWED. */
function disagreements(manifest: KubernetesJobManifest, dockerConfigJson?: string): Difference[] {
  const { json } = synthStack(manifest, dockerConfigJson);
  const sent = providerCreate(json).map((created) => kubernetesStored(created.object));
  const meant = applyOrder(typedEngineObjects(jobObjects({ ...manifest, dockerConfigJson }))).map(
    (object: KubernetesObject) => kubernetesStored(object as unknown as JsonObject),
  );
  return jsonDifferences(byName(sent), byName(meant)).filter(
    (d) => !ALLOWED.some((allowed) => allowed.path.test(d.path) && d.left === allowed.sent && d.right === undefined),
  );
}

describe("the provider creates what the object model means", () => {
  const files = readdirSync(EXAMPLES)
    .filter((file) => file.endsWith(".yaml"))
    .sort();

  test.each(files)("%s: the same objects but for the listed differences", (file) => {
    const manifest = manifestFromYaml(readFileSync(join(EXAMPLES, file), "utf8"));
    const expected: Difference[] =
      manifest.spec.completionMode === "Indexed"
        ? [
            {
              path: `Job/${manifest.metadata.name}.spec.backoffLimitPerIndex`,
              left: 0,
              right: manifest.spec.backoffLimit,
            },
            {
              path: `Job/${manifest.metadata.name}.spec.maxFailedIndexes`,
              left: 0,
              right: manifest.spec.completions as number,
            },
          ]
        : [];
    expect(disagreements(manifest)).toEqual(expected);
  });

  test("each allowed difference is one of the examples' (the list holds nothing that never happens)", () => {
    const seen = new Set<RegExp>();
    for (const file of files) {
      const manifest = manifestFromYaml(readFileSync(join(EXAMPLES, file), "utf8"));
      const { json } = synthStack(manifest);
      const sent = byName(providerCreate(json).map((created) => kubernetesStored(created.object)));
      const meant = byName(
        applyOrder(typedEngineObjects(jobObjects(manifest))).map((o) => kubernetesStored(o as unknown as JsonObject)),
      );
      for (const d of jsonDifferences(sent, meant))
        for (const allowed of ALLOWED) if (allowed.path.test(d.path)) seen.add(allowed.path);
    }
    expect(ALLOWED.filter((allowed) => !seen.has(allowed.path)).map((allowed) => allowed.why)).toEqual([]);
  });

  test("generated manifests: the same objects but for the listed differences (and the per-index defect)", () => {
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
    const spec = fc.record(
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
    const dockerConfig = fc.option(fc.constantFrom('{"auths":{"r.example":{"auth":"dTpw"}}}', '{"auths":{}}'), {
      nil: undefined,
    });
    fc.assert(
      fc.property(spec, dockerConfig, (input, dockerConfigJson) => {
        const load = loadManifests(["-"], { readStdin: () => JSON.stringify(manifestInput(input as never)) });
        const manifest = load.results[0]?.manifest;
        fc.pre(load.ok && manifest !== undefined && typedEngineProblems(manifest.spec).length === 0);
        if (!manifest) return;
        const left = disagreements(manifest, dockerConfigJson).filter(
          (d) => !(manifest.spec.completionMode === "Indexed" && PER_INDEX.test(d.path)),
        );
        expect(left).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
