/**
 * The revision of a v1alpha1 Job, computed from its objects (lib/terraform/revision.ts,
 * modelRevision): a change to what defines a run replaces the Job; the fields patched in place
 * on a running Job (parallelism, suspend, backoffLimit, activeDeadlineSeconds) do not. The first
 * dialect's revisions are pinned by test/stacks/rerun-lifecycle.test.ts.
 */
import { isPlantonManifest, type PlantonJobManifest } from "../../lib/manifest/dialects";
import { loadManifests } from "../../lib/manifest/load";
import { objectsOf } from "../../lib/model";
import { revisionOf } from "../../lib/terraform/revision";

type Spec = Record<string, unknown>;

const BASE: Spec = {
  namespace: { value: "batch" },
  container: { app: { image: { repo: "ghcr.io/acme/backfill", tag: "1.0" } } },
};

function plantonManifest(spec: Spec, metadata: Spec = {}): PlantonJobManifest {
  const value = {
    apiVersion: "kubernetes.planton.dev/v1alpha1",
    kind: "KubernetesJob",
    metadata: { name: "backfill", ...metadata },
    spec: { ...BASE, ...spec },
  };
  const load = loadManifests(["-"], { readStdin: () => JSON.stringify(value) });
  const manifest = load.results[0]?.manifest;
  if (!load.ok || !manifest || !isPlantonManifest(manifest)) {
    throw new Error(`invalid: ${JSON.stringify(load.results[0]?.diagnostics)}`);
  }
  return manifest;
}

const revision = (
  spec: Spec = {},
  metadata: Spec = {},
  options: { perIndexLimits?: boolean; docker?: string } = {},
) => {
  const manifest = plantonManifest(spec, metadata);
  return revisionOf(manifest, objectsOf(manifest, options.docker), options.docker, options);
};

describe("the revision of a v1alpha1 Job", () => {
  const base = revision();

  test("is a sha256 hash, the same for the same manifest", () => {
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(revision()).toBe(base);
  });

  test.each<[string, Spec, Spec?]>([
    ["the image", { container: { app: { image: { repo: "ghcr.io/acme/backfill", tag: "1.1" } } } }],
    [
      "an env variable",
      {
        container: {
          app: {
            image: { repo: "ghcr.io/acme/backfill", tag: "1.0" },
            env: { variables: [{ name: "A", value: "1" }] },
          },
        },
      },
    ],
    [
      "a secret value",
      {
        container: {
          app: {
            image: { repo: "ghcr.io/acme/backfill", tag: "1.0" },
            env: { secrets: [{ name: "T", value: "s3cr3t-value" }] },
          },
        },
      },
    ],
    [
      "a sidecar",
      {
        container: {
          ...(BASE.container as Spec),
          sidecars: [{ name: "side", image: { repo: "busybox", tag: "1.36" } }],
        },
      },
    ],
    ["the pod's service account", { pod: { serviceAccount: { value: "runner" } } }],
    ["completions", { completions: 2 }],
    ["the TTL (0 is one)", { ttlSecondsAfterFinished: 0 }],
    [
      "the pod failure policy",
      { podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [3] } }] } },
    ],
    ["the namespace", { namespace: { value: "other" } }],
    ["metadata.env (a label)", {}, { env: "prod" }],
  ])("changes with %s", (_what, spec, metadata = {}) => {
    expect(revision(spec, metadata)).not.toBe(base);
  });

  test("changes with the Docker config (its Secret)", () => {
    expect(revision({}, {}, { docker: '{"auths":{}}' })).not.toBe(base);
  });

  test.each<[string, Spec]>([
    ["parallelism", { parallelism: 3 }],
    ["suspend", { suspend: true }],
    ["backoffLimit", { backoffLimit: 2 }],
    ["activeDeadlineSeconds", { activeDeadlineSeconds: 600 }],
  ])("does not change with %s (patched in place)", (_what, spec) => {
    expect(revision(spec)).toBe(base);
  });

  test("an Indexed Job without backoffLimitPerIndex: backoffLimit defines the run on the typed engine only", () => {
    const indexed = { completionMode: "Indexed", completions: 3 };
    const typed = (backoffLimit: number) => revision({ ...indexed, backoffLimit });
    const manifestEngine = (backoffLimit: number) =>
      revision({ ...indexed, backoffLimit }, {}, { perIndexLimits: false });
    expect(typed(2)).not.toBe(typed(3));
    expect(manifestEngine(2)).toBe(manifestEngine(3));
    // With its own per-index limit, backoffLimit is patched in place on either engine.
    const perIndex = (backoffLimit: number) => revision({ ...indexed, backoffLimitPerIndex: 1, backoffLimit });
    expect(perIndex(2)).toBe(perIndex(3));
  });
});
