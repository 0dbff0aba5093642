/**
 * The manifest engine's stack: each object of the object model as one kubernetes_manifest, in
 * apply order, its strings escaped, and Terraform's lifecycle around them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyOrder, jobObjects, type KubernetesObject } from "../../lib/model";
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { literalDeep } from "../../lib/terraform/literal";
import { tempDir } from "../support/files";
import { manifest } from "../support/manifest";
import { applyOutputs, terraformUnavailable } from "../support/terraform";
import { resourcesOf, synthStack, type Json } from "../support/terraform-json";
import { TRICKY_TEXTS } from "../support/tricky-text";

const JOB = "nightly-report";

/** The stack of a manifest on the manifest engine. */
const manifestStack = (m: KubernetesJobManifest, settings: { waitForCompletion?: boolean; timeout?: string } = {}) =>
  synthStack(m, undefined, { engine: "manifest", ...settings }).json;

const manifestsOf = (json: Json): Record<string, Json> => resourcesOf(json, "kubernetes_manifest");
const jobOf = (json: Json): Json => manifestsOf(json)[JOB];

/**
 * What Terraform makes of each resource's `manifest` attribute: evaluated by a real Terraform as
 * outputs (escapes undone), or, without one, the attributes as written, which must then be the
 * objects escaped.
 */
function evaluatedManifests(json: Json, addresses: readonly string[], objects: readonly KubernetesObject[]): unknown[] {
  const written = addresses.map((address) => manifestsOf(json)[address].manifest);
  const unavailable = terraformUnavailable();
  if (unavailable) {
    console.log(`The manifests are compared escaped; Terraform does not evaluate them: ${unavailable}`);
    expect(written).toEqual(objects.map((object) => literalDeep(object)));
    return objects as unknown[];
  }
  const dir = tempDir("kubernetes-job-manifest-engine-");
  const output = Object.fromEntries(written.map((value, i) => [`m${i}`, { value }]));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ output }));
  const values = applyOutputs(dir);
  return written.map((_, i) => values[`m${i}`]);
}

describe("the manifest engine's objects", () => {
  test("are the object model's objects, one kubernetes_manifest each in apply order, as Terraform evaluates them", () => {
    // GIVEN a manifest with every kind of object and text Terraform or cdktf would rewrite
    const m = manifest(
      {
        createNamespace: true,
        command: ["sh", "-c", TRICKY_TEXTS.join(" ")],
        args: [...TRICKY_TEXTS],
        configMaps: { "run.sh": TRICKY_TEXTS.join("\n") },
        env: {
          variables: Object.fromEntries(TRICKY_TEXTS.map((text, i) => [`my.var-${i}`, { value: text }])),
          secrets: {
            DB_PASSWORD: { value: "${not-a-template} %{x}" },
            API_KEY: { secretRef: { name: "api", key: "key" } },
          },
        },
        volumeMounts: [{ name: "scripts", mountPath: "/scripts", configMap: { name: "run.sh", defaultMode: 0o755 } }],
      },
      { org: "acme", env: "prod" },
    );
    const objects = applyOrder(jobObjects(m));

    // WHEN it is synthesized on the manifest engine
    const json = manifestStack(m);

    // THEN there is one kubernetes_manifest per object (in apply order below), and no typed resource
    const addresses = [
      `${JOB}_namespace`,
      `${JOB}_config-map_run_sh`,
      `${JOB}_env-secrets`,
      `${JOB}_service-account`,
      JOB,
    ];
    expect(Object.keys(manifestsOf(json)).sort()).toEqual([...addresses].sort());
    expect(Object.keys(json.resource).sort()).toEqual(["kubernetes_manifest", "terraform_data"]);

    // AND each manifest attribute is its object exactly, keys included (camelCase API fields,
    // label keys with dots and slashes, env names, ConfigMap keys)
    expect(evaluatedManifests(json, addresses, objects)).toEqual(objects);
    expect(jobOf(json).manifest.spec.template.spec.containers[0].env.map((env: Json) => env.name)).toContain(
      "my.var-0",
    );
    expect(Object.keys(jobOf(json).manifest.metadata.labels)).toContain("planton.ai/organization");
  });

  test("each object is created after the ones it uses: the namespace first, the Job last", () => {
    const m = manifest({
      createNamespace: true,
      configMaps: { "a.conf": "a", "b.conf": "b" },
      env: { secrets: { TOKEN: { value: "s3cret-value" } } },
    });
    const resources = manifestsOf(manifestStack(m, {}));
    const namespace = `kubernetes_manifest.${JOB}_namespace`;
    expect(resources[`${JOB}_namespace`].depends_on).toBeUndefined();
    for (const name of [
      `${JOB}_config-map_a_conf`,
      `${JOB}_config-map_b_conf`,
      `${JOB}_env-secrets`,
      `${JOB}_service-account`,
    ]) {
      expect([name, resources[name].depends_on]).toEqual([name, [namespace]]);
    }
    expect(resources[JOB].depends_on).toEqual([
      namespace,
      `kubernetes_manifest.${JOB}_config-map_a_conf`,
      `kubernetes_manifest.${JOB}_config-map_b_conf`,
      `kubernetes_manifest.${JOB}_env-secrets`,
      `kubernetes_manifest.${JOB}_service-account`,
    ]);
  });

  test("without a namespace to create, only the Job depends on the others", () => {
    const resources = manifestsOf(manifestStack(manifest({ configMaps: { "a.conf": "a" } })));
    expect(resources[`${JOB}_config-map_a_conf`].depends_on).toBeUndefined();
    expect(resources[`${JOB}_service-account`].depends_on).toBeUndefined();
    expect(resources[JOB].depends_on).toEqual([
      `kubernetes_manifest.${JOB}_config-map_a_conf`,
      `kubernetes_manifest.${JOB}_service-account`,
    ]);
  });

  test("suspend: true gives spec.suspend: true, and no parallelism 0", () => {
    const spec = jobOf(manifestStack(manifest({ suspend: true, parallelism: 2 }))).manifest.spec;
    expect(spec).toEqual(expect.objectContaining({ suspend: true, parallelism: 2 }));
    expect(jobOf(manifestStack(manifest())).manifest.spec.suspend).toBeUndefined();
  });

  test("a work queue reaches the Job as the manifest says it: parallelism 3, no completions", () => {
    const m = manifest({ parallelism: 3, completions: 0 });
    const spec = jobOf(manifestStack(m)).manifest.spec;
    expect(spec).toEqual(literalDeep(jobObjects(m).job.spec));
    expect(spec.parallelism).toBe(3);
    expect("completions" in spec).toBe(false);
  });

  test("an Indexed Job gets no per-index limits, with restartPolicy Never or OnFailure", () => {
    for (const restartPolicy of ["Never", "OnFailure"] as const) {
      const m = manifest({ completionMode: "Indexed", completions: 5, parallelism: 2, backoffLimit: 3, restartPolicy });
      const spec = jobOf(manifestStack(m)).manifest.spec;
      expect(spec).toEqual(literalDeep(jobObjects(m).job.spec));
      expect([restartPolicy, "backoffLimitPerIndex" in spec, "maxFailedIndexes" in spec]).toEqual([
        restartPolicy,
        false,
        false,
      ]);
    }
  });

  test("every resource applies as the field manager kubernetes-job-cdktf, forcing conflicts", () => {
    const resources = manifestsOf(manifestStack(manifest({ createNamespace: true, configMaps: { a: "a" } })));
    for (const [name, resource] of Object.entries(resources)) {
      expect([name, resource.field_manager]).toEqual([name, { name: "kubernetes-job-cdktf", force_conflicts: true }]);
    }
  });

  test("the Job's computed fields are what the API server sets itself: labels, selector labels, quantities", () => {
    const m = manifest({
      volumeMounts: [
        { name: "data", mountPath: "/data", pvc: { claimName: "data" } },
        { name: "scratch", mountPath: "/scratch", emptyDir: { sizeLimit: "1Gi" } },
      ],
    });
    expect(jobOf(manifestStack(m)).computed_fields).toEqual([
      "metadata.labels",
      "metadata.annotations",
      "spec.template.metadata.labels",
      "spec.template.spec.containers[0].resources",
      "spec.template.spec.volumes[1].emptyDir.sizeLimit",
    ]);
    // Other objects keep the provider's default (metadata.labels and metadata.annotations).
    expect(manifestsOf(manifestStack(m))[`${JOB}_service-account`].computed_fields).toBeUndefined();
  });
});

describe("the manifest engine's stack", () => {
  test("has the typed engine's outputs, naming the applied objects", () => {
    const json = manifestStack(manifest({ createNamespace: true }));
    expect(json.output).toEqual({
      namespace: { value: `\${kubernetes_manifest.${JOB}_namespace.object.metadata.name}` },
      job_name: { value: `\${kubernetes_manifest.${JOB}.object.metadata.name}` },
      service_account_name: { value: `\${kubernetes_manifest.${JOB}_service-account.object.metadata.name}` },
    });
    expect(manifestStack(manifest()).output.namespace).toEqual({ value: "reports" });
  });

  test("has the same provider block and backend as the typed engine's", () => {
    const m = manifest();
    const deployment = {
      provider: {
        host: "https://k8s.example",
        exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws" },
      },
      backend: { type: "s3", config: { bucket: "acme", key: "jobs/nightly-report.tfstate" } },
    } as const;
    const typed = synthStack(m, undefined, deployment).json;
    const json = synthStack(m, undefined, { ...deployment, engine: "manifest" }).json;
    expect(json.provider).toEqual(typed.provider);
    expect(json.provider.kubernetes[0]).toEqual(expect.objectContaining({ host: "https://k8s.example" }));
    expect(json.terraform).toEqual(typed.terraform);
    expect(json.terraform.backend).toEqual({ s3: { bucket: "acme", key: "jobs/nightly-report.tfstate" } });
  });

  test("replaces the Job when its revision changes, with no deadline trigger", () => {
    const json = manifestStack(manifest({ activeDeadlineSeconds: 600 }));
    expect(jobOf(json).lifecycle).toEqual({ replace_triggered_by: [`terraform_data.${JOB}_revision`] });
    expect(Object.keys(json.resource.terraform_data)).toEqual([`${JOB}_revision`]);
  });

  test("keeps the typed engine's revision, except that an Indexed Job's backoffLimit is patched in place", () => {
    const revisionOf = (json: Json) => json.resource.terraform_data[`${JOB}_revision`].input.revision;
    const same = manifest({ image: { repo: "busybox", tag: "1.36" } });
    expect(revisionOf(manifestStack(same))).toBe(revisionOf(synthStack(same).json));
    const indexed = (backoffLimit: number) => manifest({ completionMode: "Indexed", completions: 3, backoffLimit });
    expect(revisionOf(manifestStack(indexed(1)))).toBe(revisionOf(manifestStack(indexed(4))));
    expect(revisionOf(synthStack(indexed(1)).json)).not.toBe(revisionOf(synthStack(indexed(4)).json));
  });

  test("waits for the Complete condition with the typed engine's timeouts when waiting is on", () => {
    expect(jobOf(manifestStack(manifest({ activeDeadlineSeconds: 3600 }), { waitForCompletion: true }))).toEqual(
      expect.objectContaining({
        wait: { condition: [{ type: "Complete", status: "True" }] },
        timeouts: { create: "65m", update: "65m" },
      }),
    );
    expect(jobOf(manifestStack(manifest(), { waitForCompletion: true, timeout: "2h" })).timeouts).toEqual({
      create: "2h",
      update: "2h",
    });
  });

  test("does not wait when waiting is off, or for a suspended Job", () => {
    for (const [spec, waitForCompletion] of [
      [{}, false],
      [{ suspend: true }, true],
    ] as const) {
      const job = jobOf(manifestStack(manifest(spec), { waitForCompletion }));
      expect([job.wait, job.timeouts]).toEqual([undefined, undefined]);
    }
  });
});
