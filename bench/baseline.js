// The baseline: the most straightforward fast cdktf program that creates the same resources
// for the same manifests, with the same provider classes: one App, deep imports, YAML read with
// the yaml package, no validation, no defaults logic, no escaping. Usage: baseline.js OUT DIR...
"use strict";
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { App, TerraformStack, TerraformOutput } = require("cdktf");
const { KubernetesProvider } = require("@cdktf/provider-kubernetes/lib/provider");
const { ConfigMapV1 } = require("@cdktf/provider-kubernetes/lib/config-map-v1");
const { ServiceAccountV1 } = require("@cdktf/provider-kubernetes/lib/service-account-v1");
const { JobV1 } = require("@cdktf/provider-kubernetes/lib/job-v1");
const { parse } = require("yaml");

const [outdir, ...dirs] = process.argv.slice(2);
const app = new App({ outdir });
for (const dir of dirs) {
  for (const file of readdirSync(dir).sort()) {
    const { metadata, spec } = parse(readFileSync(join(dir, file), "utf8"));
    const stack = new TerraformStack(app, metadata.name);
    new KubernetesProvider(stack, "kubernetes", {});
    const labels = {
      "planton.ai/resource": "true",
      "planton.ai/name": metadata.name,
      "planton.ai/kind": "KubernetesJob",
    };
    const namespace = spec.namespace.value;
    const configMaps = {};
    for (const [name, content] of Object.entries(spec.configMaps ?? {})) {
      configMaps[name] = new ConfigMapV1(stack, `config-map-${name}`, {
        metadata: { name, namespace, labels },
        data: { [name]: content },
      });
    }
    const serviceAccount = new ServiceAccountV1(stack, "service-account", {
      metadata: { name: metadata.name, namespace, labels },
    });
    const env = [
      { name: "HOSTNAME", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
      { name: "K8S_POD_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
      ...Object.entries(spec.env.variables).map(([name, v]) => ({ name, value: v.value })),
      ...Object.entries(spec.env.secrets).map(([name, s]) => ({ name, valueFrom: { secretKeyRef: s.secretRef } })),
    ];
    const job = new JobV1(stack, "job", {
      metadata: { name: metadata.name, namespace, labels },
      waitForCompletion: false,
      spec: {
        parallelism: 1,
        completions: 1,
        backoffLimit: spec.backoffLimit,
        activeDeadlineSeconds: spec.activeDeadlineSeconds,
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: serviceAccount.metadata.name,
            restartPolicy: "Never",
            container: [
              {
                name: "job-container",
                image: `${spec.image.repo}:${spec.image.tag}`,
                command: spec.command,
                resources: spec.resources,
                env,
                volumeMount: spec.volumeMounts.map((m) => ({
                  name: m.name,
                  mountPath: m.mountPath,
                  subPath: m.subPath,
                })),
              },
            ],
            volume: spec.volumeMounts.map((m) =>
              m.configMap
                ? {
                    name: m.name,
                    configMap: {
                      name: configMaps[m.configMap.name].metadata.name,
                      defaultMode: "0" + m.configMap.defaultMode.toString(8),
                      items: [{ key: m.configMap.key, path: m.configMap.path }],
                    },
                  }
                : { name: m.name, persistentVolumeClaim: { claimName: m.pvc.claimName } },
            ),
          },
        },
      },
    });
    new TerraformOutput(stack, "namespace", { value: namespace });
    new TerraformOutput(stack, "job_name", { value: job.metadata.name });
    new TerraformOutput(stack, "service_account_name", { value: serviceAccount.metadata.name });
  }
}
app.synth();
