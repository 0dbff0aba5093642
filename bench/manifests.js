// Realistic, distinct KubernetesJob manifests for the benchmark: env variables and secrets, a
// config map volume and a PVC, as a platform team's repository holds them.
"use strict";
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

function manifest(index) {
  const name = `report-${String(index).padStart(5, "0")}`;
  return `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesJob
metadata:
  name: ${name}
  org: acme
spec:
  namespace:
    value: batch-${index % 7}
  image:
    repo: ghcr.io/acme/report-runner
    tag: v1.${index % 50}.0
  resources:
    limits: { cpu: 1000m, memory: 1Gi }
    requests: { cpu: 250m, memory: 256Mi }
  env:
    variables:
      REPORT_ID: { value: "${index}" }
      OUTPUT_DIR: { value: /reports/out }
      LOG_LEVEL: { value: info }
    secrets:
      DB_PASSWORD:
        secretRef: { name: reports-db, key: password }
      API_TOKEN:
        secretRef: { name: reports-api, key: token }
  backoffLimit: 2
  activeDeadlineSeconds: 3600
  configMaps:
    ${name}-script: |
      #!/bin/sh
      set -eu
      echo "report ${index} for \${REPORT_ID}" > "\${OUTPUT_DIR}/${name}.txt"
  volumeMounts:
    - name: script
      mountPath: /scripts/run.sh
      subPath: run.sh
      configMap: { name: ${name}-script, key: ${name}-script, path: run.sh, defaultMode: 493 }
    - name: output
      mountPath: /reports/out
      pvc: { claimName: reports-output }
  command: ["/bin/sh", "/scripts/run.sh"]
`;
}

/** Writes `count` manifests into `dir` (one file each) and returns the directory. */
function writeManifests(dir, count) {
  mkdirSync(dir, { recursive: true });
  for (let index = 0; index < count; index++) {
    writeFileSync(join(dir, `job-${String(index).padStart(5, "0")}.yaml`), manifest(index));
  }
  return dir;
}

module.exports = { writeManifests };
