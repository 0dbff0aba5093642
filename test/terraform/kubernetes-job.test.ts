import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { JobV1 } from "@cdktf/provider-kubernetes/lib/job-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { TerraformOutput, Testing } from "cdktf";
import { KubernetesJob } from "../../lib/terraform/kubernetes-job";
import type { KubernetesJobManifest } from "../../lib/manifest/schema";
import { literal } from "../../lib/terraform/literal";
import { manifest } from "../support/manifest";
import { evaluateJsonStrings, terraformUnavailable } from "../support/terraform";
import {
  containerOf,
  jobOf,
  jobSpecOf,
  podSpecOf,
  resourcesOf,
  type Json,
  type Synthesized,
} from "../support/terraform-json";
import { TRICKY_TEXTS } from "../support/tricky-text";

/** The construct alone in a stack, synthesized with cdktf's Testing.synthScope. */
function synthJob(input: KubernetesJobManifest, dockerConfigJson?: string): Synthesized {
  const text = Testing.synthScope((scope) => {
    new KubernetesJob(scope, input.metadata.name, { metadata: input.metadata, spec: input.spec, dockerConfigJson });
  });
  return { text, json: JSON.parse(text) };
}

const jobWith = (...args: Parameters<typeof manifest>) => synthJob(manifest(...args));

const LABELS = {
  "planton.ai/resource": "true",
  "planton.ai/name": "nightly-report",
  "planton.ai/kind": "KubernetesJob",
};

describe("KubernetesJob defaults", () => {
  const { text, json } = jobWith();

  test("creates a Job named after the manifest, in the given namespace, without waiting for it", () => {
    expect(text).toHaveResourceWithProperties(JobV1, {
      metadata: { name: "nightly-report", namespace: "reports", labels: LABELS },
      wait_for_completion: false,
    });
  });

  test("runs 1 pod at a time until 1 succeeds, with 6 retries, NonIndexed, restartPolicy Never", () => {
    expect(jobSpecOf(json)).toEqual(
      expect.objectContaining({ parallelism: 1, completions: 1, backoff_limit: 6, completion_mode: "NonIndexed" }),
    );
    expect(podSpecOf(json).restart_policy).toBe("Never");
  });

  test("sets no deadline and no TTL", () => {
    expect(jobSpecOf(json)).not.toHaveProperty("active_deadline_seconds");
    expect(jobSpecOf(json)).not.toHaveProperty("ttl_seconds_after_finished");
  });

  test("gives the container the default resources: limits 1000m / 1Gi, requests 50m / 100Mi", () => {
    expect(containerOf(json).resources).toEqual({
      limits: { cpu: "1000m", memory: "1Gi" },
      requests: { cpu: "50m", memory: "100Mi" },
    });
  });

  test("names the container job-container and leaves command, args, volumes and pull secrets out", () => {
    const container = containerOf(json);
    expect(container.name).toBe("job-container");
    for (const field of ["command", "args", "volume_mount"]) expect(container).not.toHaveProperty(field);
    expect(podSpecOf(json)).not.toHaveProperty("volume");
    expect(podSpecOf(json)).not.toHaveProperty("image_pull_secrets");
  });

  test("creates no namespace, config map or secret", () => {
    expect(resourcesOf(json, "kubernetes_namespace_v1")).toEqual({});
    expect(resourcesOf(json, "kubernetes_config_map_v1")).toEqual({});
    expect(resourcesOf(json, "kubernetes_secret_v1")).toEqual({});
  });

  test("creates a service account named after the Job, which the pod runs as", () => {
    expect(text).toHaveResourceWithProperties(ServiceAccountV1, {
      metadata: { name: "nightly-report", namespace: "reports", labels: LABELS },
    });
    expect(podSpecOf(json).service_account_name).toBe(
      "${kubernetes_service_account_v1.nightly-report.metadata[0].name}",
    );
  });
});

describe("KubernetesJob spec fields", () => {
  test("renders parallelism, completions, backoffLimit, activeDeadlineSeconds and completionMode", () => {
    const { text } = jobWith({
      parallelism: 4,
      completions: 16,
      backoffLimit: 2,
      activeDeadlineSeconds: 900,
      completionMode: "Indexed",
    });
    expect(text).toHaveResourceWithProperties(JobV1, {
      spec: expect.objectContaining({
        parallelism: 4,
        completions: 16,
        backoff_limit: 2,
        active_deadline_seconds: 900,
        completion_mode: "Indexed",
      }),
    });
  });

  test("gives an Indexed Job per-index limits that keep backoffLimit the limit, since the provider would send 0 for both", () => {
    // GIVEN an Indexed Job (the provider sends backoff_limit_per_index and max_failed_indexes with
    // every Indexed Job, as 0 when unset: expandJobV1Spec)
    const spec = jobSpecOf(jobWith({ completionMode: "Indexed", completions: 16, backoffLimit: 2 }).json);

    // THEN both are set: an index may fail as often as the whole Job, and every index may fail
    expect(spec).toEqual(
      expect.objectContaining({ backoff_limit: 2, backoff_limit_per_index: 2, max_failed_indexes: 16 }),
    );
  });

  test("gives a NonIndexed Job no per-index limits", () => {
    const spec = jobSpecOf(jobWith({ completions: 16, backoffLimit: 2 }).json);
    expect(spec).not.toHaveProperty("backoff_limit_per_index");
    expect(spec).not.toHaveProperty("max_failed_indexes");
  });

  test("renders ttlSecondsAfterFinished as a string", () => {
    const { json } = jobWith({ ttlSecondsAfterFinished: 86400 });
    expect(jobSpecOf(json).ttl_seconds_after_finished).toBe("86400");
  });

  test("renders restartPolicy OnFailure", () => {
    expect(podSpecOf(jobWith({ restartPolicy: "OnFailure" }).json).restart_policy).toBe("OnFailure");
  });

  test("keeps backoffLimit 0 (no retries)", () => {
    expect(jobSpecOf(jobWith({ backoffLimit: 0 }).json).backoff_limit).toBe(0);
  });

  test("leaves parallelism out when it is 0, which means unset", () => {
    const spec = jobSpecOf(jobWith({ parallelism: 0 }).json);
    expect(spec).not.toHaveProperty("parallelism");
    expect(spec.completions).toBe(1);
  });

  test("refuses completions 0 (a work queue), which the provider would send as completions 1", () => {
    expect(() => jobWith({ parallelism: 3, completions: 0 })).toThrow(
      'the manifest "nightly-report" cannot be deployed with kubernetes_job_v1: spec.completions: is 0 (unset: a work queue',
    );
  });

  test("names the construct of the manifest engine, which deploys what it refuses", () => {
    expect(() => jobWith({ parallelism: 3, completions: 0 })).toThrow(
      /; ManifestEngineJob \(the manifest engine, kubernetes_manifest\) deploys the manifest as it is$/,
    );
  });

  test("leaves activeDeadlineSeconds and ttlSecondsAfterFinished out when they are 0", () => {
    const spec = jobSpecOf(jobWith({ activeDeadlineSeconds: 0, ttlSecondsAfterFinished: 0 }).json);
    expect(spec).not.toHaveProperty("active_deadline_seconds");
    expect(spec).not.toHaveProperty("ttl_seconds_after_finished");
  });

  test("renders a suspended Job with parallelism 0 and no suspend argument", () => {
    const spec = jobSpecOf(jobWith({ suspend: true, parallelism: 4, completions: 40 }).json);
    expect(spec.parallelism).toBe(0);
    expect(spec.completions).toBe(40);
    expect(spec).not.toHaveProperty("suspend");
  });

  test("renders command and args when they are not empty", () => {
    const container = containerOf(jobWith({ command: ["/bin/sh", "-c"], args: ["echo hi"] }).json);
    expect(container.command).toEqual(["/bin/sh", "-c"]);
    expect(container.args).toEqual(["echo hi"]);
  });

  test("leaves empty command and args out, so the image's entrypoint runs", () => {
    const container = containerOf(jobWith({ command: [], args: [] }).json);
    expect(container).not.toHaveProperty("command");
    expect(container).not.toHaveProperty("args");
  });

  test("writes the image as repo:tag", () => {
    expect(containerOf(jobWith().json).image).toBe("ghcr.io/acme/report-runner:1.4.2");
  });

  test("writes the image as the repo alone when there is no tag or an empty one", () => {
    expect(containerOf(jobWith({ image: { repo: "busybox" } }).json).image).toBe("busybox");
    expect(containerOf(jobWith({ image: { repo: "busybox", tag: "" } }).json).image).toBe("busybox");
  });

  test("writes the image as repo@digest when the tag is a sha256 digest", () => {
    const digest = `sha256:${"a1".repeat(32)}`;
    expect(containerOf(jobWith({ image: { repo: "busybox", tag: digest } }).json).image).toBe(`busybox@${digest}`);
  });

  test("pulls the image with image.pullSecretName", () => {
    const { json } = jobWith({ image: { repo: "busybox", tag: "1.36", pullSecretName: "registry-creds" } });
    expect(podSpecOf(json).image_pull_secrets).toEqual([{ name: "registry-creds" }]);
  });

  test("creates <name>-image-pull-secret from a Docker config JSON and pulls with it too", () => {
    // GIVEN a pull secret name in the manifest and a Docker config JSON from the deployment settings
    const config = '{"auths":{"ghcr.io":{"auth":"dXNlcjpwYXNz"}}}';
    const input = manifest({ image: { repo: "busybox", tag: "1.36", pullSecretName: "registry-creds" } });

    // WHEN the Job is synthesized
    const { text, json } = synthJob(input, config);

    // THEN the secret holds the config and the pod lists both pull secrets
    expect(text).toHaveResourceWithProperties(SecretV1, {
      metadata: { name: "nightly-report-image-pull-secret", namespace: "reports", labels: LABELS },
      type: "kubernetes.io/dockerconfigjson",
      data: { ".dockerconfigjson": config },
    });
    expect(podSpecOf(json).image_pull_secrets).toEqual([
      { name: "registry-creds" },
      { name: "${kubernetes_secret_v1.nightly-report_image-pull-secret.metadata[0].name}" },
    ]);
  });

  test("renders limits and requests, each unset field taking its default", () => {
    const { json } = jobWith({ resources: { limits: { cpu: "2" }, requests: { memory: "1Gi" } } });
    expect(containerOf(json).resources).toEqual({
      limits: { cpu: "2", memory: "1Gi" },
      requests: { cpu: "50m", memory: "1Gi" },
    });
  });

  test("renders every default resource field when only one is given", () => {
    const { json } = jobWith({ resources: { requests: { cpu: "10m" } } });
    expect(containerOf(json).resources).toEqual({
      limits: { cpu: "1000m", memory: "1Gi" },
      requests: { cpu: "10m", memory: "100Mi" },
    });
  });
});

describe("KubernetesJob env", () => {
  const { text, json } = jobWith({
    env: {
      variables: { ZONE: { value: "eu" }, BATCH_SIZE: { value: "500" } },
      secrets: {
        TOKEN: { value: "t0k3n" },
        DB_PASSWORD: { secretRef: { name: "orders-db", key: "password" } },
        API_KEY: { value: "k3y" },
      },
    },
  });

  test("sets HOSTNAME and K8S_POD_ID, then variables by name, then secrets by name", () => {
    expect(containerOf(json).env).toEqual([
      { name: "HOSTNAME", value_from: { field_ref: { field_path: "status.podIP" } } },
      { name: "K8S_POD_ID", value_from: { field_ref: { field_path: "metadata.name" } } },
      { name: "BATCH_SIZE", value: "500" },
      { name: "ZONE", value: "eu" },
      {
        name: "API_KEY",
        value_from: {
          secret_key_ref: {
            name: "${kubernetes_secret_v1.nightly-report_env-secrets.metadata[0].name}",
            key: "API_KEY",
          },
        },
      },
      { name: "DB_PASSWORD", value_from: { secret_key_ref: { name: "orders-db", key: "password" } } },
      {
        name: "TOKEN",
        value_from: {
          secret_key_ref: { name: "${kubernetes_secret_v1.nightly-report_env-secrets.metadata[0].name}", key: "TOKEN" },
        },
      },
    ]);
  });

  test("keeps direct secret values in an Opaque Secret <name>-env-secrets", () => {
    expect(text).toHaveResourceWithProperties(SecretV1, {
      metadata: { name: "nightly-report-env-secrets", namespace: "reports", labels: LABELS },
      type: "Opaque",
      data: { API_KEY: "k3y", TOKEN: "t0k3n" },
    });
  });

  test("references a Secret it creates wherever the pod names it, so Terraform creates it first", () => {
    // GIVEN a secretRef and a secret volume naming the env secrets Secret the stack creates
    const { json } = jobWith({
      env: {
        secrets: {
          TOKEN: { value: "t0k3n" },
          AGAIN: { secretRef: { name: "nightly-report-env-secrets", key: "TOKEN" } },
        },
      },
      volumeMounts: [{ name: "secrets", mountPath: "/secrets", secret: { name: "nightly-report-env-secrets" } }],
    });
    const reference = "${kubernetes_secret_v1.nightly-report_env-secrets.metadata[0].name}";

    // THEN both name it through its reference
    expect(containerOf(json).env.find((env: Json) => env.name === "AGAIN").value_from.secret_key_ref.name).toBe(
      reference,
    );
    expect(podSpecOf(json).volume[0].secret.secret_name).toBe(reference);
  });

  test("creates no env secrets Secret when every secret is a secretRef", () => {
    const only = jobWith({ env: { secrets: { DB: { secretRef: { name: "orders-db", key: "password" } } } } });
    expect(resourcesOf(only.json, "kubernetes_secret_v1")).toEqual({});
  });
});

describe("KubernetesJob config maps and volumes", () => {
  const { text, json } = jobWith({
    configMaps: { "report-script": "#!/bin/sh\necho hi\n", settings: "a=1\n" },
    volumeMounts: [
      {
        name: "script",
        mountPath: "/scripts/run.sh",
        subPath: "run.sh",
        readOnly: true,
        configMap: { name: "report-script", key: "report-script", path: "run.sh", defaultMode: 0o755 },
      },
      { name: "external", mountPath: "/external", configMap: { name: "made-elsewhere" } },
      { name: "tls", mountPath: "/tls", secret: { name: "tls-cert", key: "tls.crt" } },
      { name: "logs", mountPath: "/var/log/host", hostPath: { path: "/var/log", type: "Directory" } },
      { name: "scratch", mountPath: "/tmp", emptyDir: { medium: "Memory", sizeLimit: "256Mi" } },
      { name: "reports", mountPath: "/reports", pvc: { claimName: "reports-archive", readOnly: false } },
    ],
  });

  test("creates one ConfigMap per entry, named after its key and holding the content under that key", () => {
    expect(text).toHaveResourceWithProperties(ConfigMapV1, {
      metadata: { name: "report-script", namespace: "reports", labels: LABELS },
      data: { "report-script": "#!/bin/sh\necho hi\n" },
    });
    expect(text).toHaveResourceWithProperties(ConfigMapV1, {
      metadata: { name: "settings", namespace: "reports", labels: LABELS },
      data: { settings: "a=1\n" },
    });
    expect(Object.keys(resourcesOf(json, "kubernetes_config_map_v1"))).toEqual([
      "nightly-report_report-script",
      "nightly-report_settings",
    ]);
  });

  test("mounts one volume per volumeMount, with the mount's name, in the manifest's order", () => {
    expect(podSpecOf(json).volume.map((volume: Json) => volume.name)).toEqual([
      "script",
      "external",
      "tls",
      "logs",
      "scratch",
      "reports",
    ]);
    expect(containerOf(json).volume_mount).toEqual([
      { name: "script", mount_path: "/scripts/run.sh", sub_path: "run.sh", read_only: true },
      { name: "external", mount_path: "/external" },
      { name: "tls", mount_path: "/tls" },
      { name: "logs", mount_path: "/var/log/host" },
      { name: "scratch", mount_path: "/tmp" },
      { name: "reports", mount_path: "/reports" },
    ]);
  });

  test("references a ConfigMap it creates and names one it does not create", () => {
    const [script, external] = podSpecOf(json).volume;
    expect(script.config_map).toEqual({
      name: "${kubernetes_config_map_v1.nightly-report_report-script.metadata[0].name}",
      items: [{ key: "report-script", path: "run.sh" }],
      default_mode: "0755",
    });
    expect(external.config_map).toEqual({ name: "made-elsewhere" });
  });

  test("renders secret, hostPath, emptyDir and pvc sources", () => {
    const [, , tls, logs, scratch, reports] = podSpecOf(json).volume;
    expect(tls.secret).toEqual({ secret_name: "tls-cert", items: [{ key: "tls.crt", path: "tls.crt" }] });
    expect(logs.host_path).toEqual({ path: "/var/log", type: "Directory" });
    expect(scratch.empty_dir).toEqual({ medium: "Memory", size_limit: "256Mi" });
    // readOnly: false is Kubernetes' default, which the API server does not store: left out.
    expect(reports.persistent_volume_claim).toEqual({ claim_name: "reports-archive" });
  });
});

describe("KubernetesJob namespace", () => {
  test("creates no namespace and uses the name as given without createNamespace", () => {
    const { json } = jobWith({ createNamespace: false });
    expect(resourcesOf(json, "kubernetes_namespace_v1")).toEqual({});
    expect(jobOf(json).metadata.namespace).toBe("reports");
  });

  test("creates the namespace with createNamespace and makes every namespaced resource reference it", () => {
    // GIVEN a manifest creating its namespace, with a config map and a direct secret
    const { text, json } = jobWith({
      createNamespace: true,
      configMaps: { settings: "a=1" },
      env: { secrets: { API_KEY: { value: "k" } } },
    });

    // THEN the namespace exists with the labels
    expect(text).toHaveResourceWithProperties(NamespaceV1, { metadata: { name: "reports", labels: LABELS } });

    // AND every other resource is in it through a reference, which orders creation
    const reference = "${kubernetes_namespace_v1.nightly-report.metadata[0].name}";
    const namespaced = ["kubernetes_config_map_v1", "kubernetes_secret_v1", "kubernetes_service_account_v1"]
      .flatMap((type) => Object.values(resourcesOf(json, type)))
      .concat([jobOf(json)]);
    expect(namespaced).toHaveLength(4);
    for (const resource of namespaced) expect(resource.metadata.namespace).toBe(reference);
  });
});

describe("KubernetesJob labels", () => {
  test("labels every resource and the pod template with planton.ai/id, organization and environment", () => {
    // GIVEN metadata with id, org and env, and resources of every kind
    const { json } = jobWith(
      { createNamespace: true, configMaps: { settings: "a=1" }, env: { secrets: { API_KEY: { value: "k" } } } },
      { id: "kjob-01", org: "acme", env: "staging" },
    );
    const labels = {
      ...LABELS,
      "planton.ai/id": "kjob-01",
      "planton.ai/organization": "acme",
      "planton.ai/environment": "staging",
    };

    // THEN each Kubernetes resource and the pod template carry exactly these labels
    const types = Object.keys(json.resource).filter((type) => type.startsWith("kubernetes_"));
    expect(types.sort()).toEqual([
      "kubernetes_config_map_v1",
      "kubernetes_job_v1",
      "kubernetes_namespace_v1",
      "kubernetes_secret_v1",
      "kubernetes_service_account_v1",
    ]);
    for (const type of types) {
      for (const resource of Object.values(resourcesOf(json, type))) expect(resource.metadata.labels).toEqual(labels);
    }
    expect(jobSpecOf(json).template.metadata.labels).toEqual(labels);
  });

  test("labels the pod template with the three base labels when id, org and env are not set", () => {
    expect(jobSpecOf(jobWith().json).template.metadata.labels).toEqual(LABELS);
  });
});

describe("KubernetesJob properties", () => {
  test("exposes the namespace, Job name and service account name as references", () => {
    // GIVEN outputs of the construct's properties
    const input = manifest({ createNamespace: true });
    const text = Testing.synthScope((scope) => {
      const job = new KubernetesJob(scope, "nightly-report", { metadata: input.metadata, spec: input.spec });
      new TerraformOutput(scope, "namespace", { value: job.namespace });
      new TerraformOutput(scope, "job_name", { value: job.jobName });
      new TerraformOutput(scope, "service_account_name", { value: job.serviceAccountName });
    });

    // THEN they resolve to the created resources' names
    expect(JSON.parse(text).output).toEqual({
      namespace: { value: "${kubernetes_namespace_v1.nightly-report.metadata[0].name}" },
      job_name: { value: "${kubernetes_job_v1.nightly-report.metadata[0].name}" },
      service_account_name: { value: "${kubernetes_service_account_v1.nightly-report.metadata[0].name}" },
    });
  });

  test("refuses a namespace reference that was not resolved", () => {
    const input = manifest({ namespace: { valueFrom: { name: "reports-ns" } } });
    expect(() =>
      Testing.synthScope((scope) => {
        new KubernetesJob(scope, "nightly-report", { metadata: input.metadata, spec: input.spec });
      }),
    ).toThrow("spec.namespace is a reference; references must be resolved before the construct is built");
  });
});

describe("KubernetesJob user text", () => {
  test("passes text with ${, %{ and cdktf token markers to Kubernetes unchanged, in every string position", () => {
    // GIVEN the tricky texts in every position a user can write free text into
    const line = TRICKY_TEXTS.join(" ");
    const index = (i: number) => String(i).padStart(2, "0");
    const input = manifest({
      command: [...TRICKY_TEXTS],
      args: [...TRICKY_TEXTS],
      env: {
        variables: Object.fromEntries(TRICKY_TEXTS.map((text, i) => [`VAR_${index(i)}`, { value: text }])),
        secrets: Object.fromEntries(TRICKY_TEXTS.map((text, i) => [`SECRET_${index(i)}`, { value: text }])),
      },
      configMaps: Object.fromEntries(TRICKY_TEXTS.map((text, i) => [`content-${index(i)}`, text])),
      volumeMounts: [
        {
          name: "config",
          mountPath: `/config/${line}`,
          subPath: `sub/${line}`,
          configMap: { name: "content-00", key: "content-00", path: `items/${line}` },
        },
        { name: "host", mountPath: "/host", hostPath: { path: `/var/${line}` } },
      ],
    });
    const dockerConfigJson = `{"auths":{"r.example":{"auth":"${line}"}}}`;

    // WHEN the Job is synthesized
    const { json } = synthJob(input, dockerConfigJson);
    const container = containerOf(json);
    const env = new Map<string, Json>(container.env.map((variable: Json) => [variable.name, variable.value]));
    const secrets = Object.values(resourcesOf(json, "kubernetes_secret_v1"));
    const envSecretData = secrets.find((secret) => secret.type === "Opaque").data;
    const pullSecretData = secrets.find((secret) => secret.type === "kubernetes.io/dockerconfigjson").data;
    const configMaps = Object.values(resourcesOf(json, "kubernetes_config_map_v1"));
    const [configVolume, hostVolume] = podSpecOf(json).volume;
    const [configMount] = container.volume_mount;
    const written: [string, string, string][] = [
      ...TRICKY_TEXTS.flatMap((text, i): [string, string, string][] => [
        [`command[${i}]`, text, container.command[i]],
        [`args[${i}]`, text, container.args[i]],
        [`env VAR_${index(i)}`, text, env.get(`VAR_${index(i)}`)],
        [`env secret SECRET_${index(i)}`, text, envSecretData[`SECRET_${index(i)}`]],
        [`configMaps.content-${index(i)}`, text, configMaps[i].data[`content-${index(i)}`]],
      ]),
      ["volumeMounts[0].mountPath", `/config/${line}`, configMount.mount_path],
      ["volumeMounts[0].subPath", `sub/${line}`, configMount.sub_path],
      ["volumeMounts[0].configMap.path", `items/${line}`, configVolume.config_map.items[0].path],
      ["volumeMounts[1].hostPath.path", `/var/${line}`, hostVolume.host_path.path],
      ["docker config JSON", dockerConfigJson, pullSecretData[".dockerconfigjson"]],
    ];

    // THEN each is written escaped, exactly as literal() escapes it
    for (const [where, text, value] of written) expect({ where, value }).toEqual({ where, value: literal(text) });

    // AND Terraform evaluates each back to the original text
    const unavailable = terraformUnavailable();
    if (unavailable) {
      console.log(`skipped evaluating with Terraform: ${unavailable}`);
      return;
    }
    const evaluated = evaluateJsonStrings(written.map(([, , value]) => value));
    expect(written.map(([where], i) => ({ where, text: evaluated[i] }))).toEqual(
      written.map(([where, text]) => ({ where, text })),
    );
  });
});
