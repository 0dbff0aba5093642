/**
 * Rules that relate several fields of a parsed manifest: what the Kubernetes API server (or the
 * kubelet) would reject at apply time, and warnings for likely mistakes. Each rule returns its
 * problems with the exact path; the schema (lib/manifest/schema.ts) has already checked single fields.
 */
import { error, warning, type Path, type Problem } from "../diagnostics";
import { compareQuantities, parseQuantity } from "./k8s/quantity";
import type { KubernetesJobManifest } from "./schema";
import { SYSTEM_NAMESPACES } from "../model/object-names";
import {
  builtInEnvWarning,
  isBuiltInEnv,
  secretValueWarning,
  ttlRerunWarning,
  unpinnedImageWarnings,
} from "./common-warnings";
import { showValue } from "../values";

type Rule = (manifest: KubernetesJobManifest) => Problem[];

/** Kubernetes' limit on completions and parallelism of an Indexed Job. */
export const INDEXED_LIMIT = 100000;

const requestWithinLimit =
  (resource: "cpu" | "memory"): Rule =>
  ({ spec }) => {
    const request = spec.resources.requests[resource];
    const limit = spec.resources.limits[resource];
    const [parsedRequest, parsedLimit] = [parseQuantity(request), parseQuantity(limit)];
    if (!parsedRequest || !parsedLimit || compareQuantities(parsedRequest, parsedLimit) <= 0) return [];
    return [
      error(
        ["spec", "resources", "requests", resource],
        `${showValue(request)} is more than the limit ${showValue(limit)}; a request must be at most its limit` +
          " (unset fields take the defaults: limits cpu 1000m, memory 1Gi)",
      ),
    ];
  };

const envNamesUnique: Rule = ({ spec }) => {
  const variables = Object.keys(spec.env?.variables ?? {});
  const secrets = Object.keys(spec.env?.secrets ?? {});
  const problems: Problem[] = secrets
    .filter((name) => variables.includes(name))
    .map((name) =>
      error(
        ["spec", "env", "secrets", name],
        `${showValue(name)} is also defined in spec.env.variables; an env variable can have only one value`,
      ),
    );
  for (const { path, name } of builtInEnvNames(spec)) problems.push(builtInEnvWarning(path, name));
  return problems;
};

/** The env names that Planton's module already gives the container (HOSTNAME, K8S_POD_ID), where the manifest names one again. */
export function builtInEnvNames(spec: KubernetesJobManifest["spec"]): { path: Path; name: string }[] {
  return (["variables", "secrets"] as const).flatMap((group) =>
    Object.keys(spec.env?.[group] ?? {})
      .filter(isBuiltInEnv)
      .map((name) => ({ path: ["spec", "env", group, name], name })),
  );
}

const secretRefsInJobNamespace: Rule = ({ spec }) => {
  const namespace = spec.namespace.value;
  if (namespace === undefined) return [];
  return Object.entries(spec.env?.secrets ?? {}).flatMap(([name, secret]) => {
    const problem = foreignSecretNamespace(
      ["spec", "env", "secrets", name, "secretRef", "namespace"],
      secret.secretRef?.namespace,
      namespace,
    );
    return problem ? [problem] : [];
  });
};

/** A secretRef's namespace other than the Job's (either dialect): a pod reads Secrets of its own namespace only. */
export function foreignSecretNamespace(
  path: Path,
  refNamespace: string | undefined,
  namespace: string,
): Problem | undefined {
  if (refNamespace === undefined || refNamespace === "" || refNamespace === namespace) return undefined;
  return error(
    path,
    `${showValue(refNamespace)} is not the Job's namespace ${showValue(namespace)}; a pod can only read Secrets of its own namespace`,
  );
}

const indexedLimits: Rule = ({ spec }) => {
  if (spec.completionMode !== "Indexed") return [];
  const problems: Problem[] = [];
  if (spec.completions === undefined) {
    problems.push(
      error(
        ["spec", "completions"],
        "is required when completionMode is Indexed (it is the number of indexes); 0 means unset",
      ),
    );
  } else if (spec.completions > INDEXED_LIMIT) {
    problems.push(
      error(
        ["spec", "completions"],
        `${spec.completions} is more than ${INDEXED_LIMIT}, the most an Indexed Job allows`,
      ),
    );
  }
  if (spec.parallelism !== undefined && spec.parallelism > INDEXED_LIMIT) {
    problems.push(
      error(
        ["spec", "parallelism"],
        `${spec.parallelism} is more than ${INDEXED_LIMIT}, the most an Indexed Job allows`,
      ),
    );
  }
  return problems;
};

/** Creating a namespace every cluster has fails at apply (either dialect: both have these two fields). */
export function noSystemNamespaceCreation({
  spec,
}: {
  readonly spec: { readonly createNamespace: boolean; readonly namespace: { readonly value?: string } };
}): Problem[] {
  const namespace = spec.namespace.value;
  if (!spec.createNamespace || namespace === undefined) return [];
  if (!(SYSTEM_NAMESPACES as readonly string[]).includes(namespace)) return [];
  return [
    error(
      ["spec", "createNamespace"],
      `is true, but namespace ${showValue(namespace)} exists in every cluster, so creating it fails at apply time; set createNamespace: false`,
    ),
  ];
}

const volumesConsistent: Rule = ({ spec }) => {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  const mountPaths = new Map<string, number>();
  (spec.volumeMounts ?? []).forEach((mount, index) => {
    const path = ["spec", "volumeMounts", index];
    const sameName = names.get(mount.name);
    if (sameName !== undefined) {
      problems.push(
        error(
          [...path, "name"],
          `${showValue(mount.name)} is already the name of spec.volumeMounts[${sameName}]; volume names must be unique`,
        ),
      );
    } else names.set(mount.name, index);
    const samePath = mountPaths.get(mount.mountPath);
    if (samePath !== undefined) {
      problems.push(
        error(
          [...path, "mountPath"],
          `${showValue(mount.mountPath)} is already used by spec.volumeMounts[${samePath}]; mount paths must be unique`,
        ),
      );
    } else mountPaths.set(mount.mountPath, index);

    for (const source of ["configMap", "secret"] as const) {
      const projected = mount[source];
      if (!projected) continue;
      if (projected.path !== undefined && projected.key === undefined) {
        problems.push(
          warning(
            "path-without-key",
            [...path, source, "path"],
            "is ignored without key: only a single key can be mounted at a chosen path",
          ),
        );
      }
    }
    // A ConfigMap created by this manifest holds exactly one key: the entry's own name.
    const configMap = mount.configMap;
    if (
      configMap?.key !== undefined &&
      spec.configMaps &&
      configMap.name in spec.configMaps &&
      configMap.key !== configMap.name
    ) {
      problems.push(
        error(
          [...path, "configMap", "key"],
          `${showValue(configMap.key)} is not a key of ConfigMap ${showValue(configMap.name)} (created from spec.configMaps, whose only key is ${showValue(configMap.name)}); the pod would never start`,
        ),
      );
    }
  });
  return problems;
};

const directSecretValues: Rule = ({ spec }) => {
  const problems: Problem[] = [];
  for (const [name, secret] of Object.entries(spec.env?.secrets ?? {})) {
    if (secret.value !== undefined) {
      problems.push(secretValueWarning(["spec", "env", "secrets", name, "value"], secret.value));
    }
  }
  return problems;
};

const ttlReruns: Rule = ({ spec }) => {
  const problems: Problem[] = [];
  if (spec.ttlSecondsAfterFinished !== undefined) {
    problems.push(ttlRerunWarning(["spec", "ttlSecondsAfterFinished"], spec.ttlSecondsAfterFinished));
  }
  return problems;
};

const pinnedImage: Rule = ({ spec }) => unpinnedImageWarnings(["spec", "image", "tag"], spec.image.tag);

/** What Kubernetes accepts: ConfigMap and Secret data at most 1 MiB; objects at most 1.5 MiB in etcd. */
export const MAX_DATA_BYTES = 1024 * 1024;
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;
const bytes = (text: string) => Buffer.byteLength(text, "utf8");

const objectsWithinSizeLimits: Rule = ({ spec }) => {
  const problems: Problem[] = [];
  for (const [name, content] of Object.entries(spec.configMaps ?? {})) {
    const size = bytes(name) + bytes(content);
    if (size > MAX_DATA_BYTES) {
      problems.push(
        error(
          ["spec", "configMaps", name],
          `is ${size} bytes; a ConfigMap holds at most 1 MiB (${MAX_DATA_BYTES} bytes)`,
        ),
      );
    }
  }
  const secrets = Object.entries(spec.env?.secrets ?? {}).filter(([, secret]) => secret.value !== undefined);
  const secretSize = secrets.reduce((total, [name, secret]) => total + bytes(name) + bytes(secret.value ?? ""), 0);
  if (secretSize > MAX_DATA_BYTES) {
    problems.push(
      error(
        ["spec", "env", "secrets"],
        `direct values take ${secretSize} bytes in the <name>-env-secrets Secret, which holds at most 1 MiB (${MAX_DATA_BYTES} bytes)`,
      ),
    );
  }
  // The Job object carries everything but the ConfigMaps and Secrets' data.
  const jobSize = bytes(JSON.stringify({ ...spec, configMaps: undefined, env: spec.env?.variables }));
  if (jobSize > MAX_OBJECT_BYTES) {
    problems.push(
      error(
        ["spec"],
        `makes a Job of about ${jobSize} bytes; Kubernetes stores objects of at most 1.5 MiB (${MAX_OBJECT_BYTES} bytes)`,
      ),
    );
  }
  return problems;
};

/**
 * Each rule with the fields it reads, so that a rule whose fields the schema rejected is skipped
 * rather than run on a repaired copy (lib/manifest/independent-problems.ts).
 */
const RULES: readonly { readonly rule: Rule; readonly reads: readonly Path[] }[] = [
  { rule: objectsWithinSizeLimits, reads: [["spec"]] },
  {
    rule: requestWithinLimit("cpu"),
    reads: [
      ["spec", "resources", "requests", "cpu"],
      ["spec", "resources", "limits", "cpu"],
    ],
  },
  {
    rule: requestWithinLimit("memory"),
    reads: [
      ["spec", "resources", "requests", "memory"],
      ["spec", "resources", "limits", "memory"],
    ],
  },
  { rule: envNamesUnique, reads: [["spec", "env"]] },
  {
    rule: secretRefsInJobNamespace,
    reads: [
      ["spec", "env"],
      ["spec", "namespace"],
    ],
  },
  {
    rule: indexedLimits,
    reads: [
      ["spec", "completionMode"],
      ["spec", "completions"],
      ["spec", "parallelism"],
    ],
  },
  {
    rule: noSystemNamespaceCreation,
    reads: [
      ["spec", "createNamespace"],
      ["spec", "namespace"],
    ],
  },
  {
    rule: volumesConsistent,
    reads: [
      ["spec", "volumeMounts"],
      ["spec", "configMaps"],
    ],
  },
  { rule: directSecretValues, reads: [["spec", "env"]] },
  { rule: ttlReruns, reads: [["spec", "ttlSecondsAfterFinished"]] },
  { rule: pinnedImage, reads: [["spec", "image"]] },
];

/** One path is the other, or inside it. */
const overlaps = (a: Path, b: Path) =>
  a.slice(0, b.length).every((segment, i) => segment === b[i]) ||
  b.slice(0, a.length).every((segment, i) => segment === a[i]);

/**
 * The rules that need the namespace's value: run again once a namespace reference is resolved
 * (the first pass skips them while the namespace is a reference).
 */
export function validateResolvedNamespace(manifest: KubernetesJobManifest): Problem[] {
  return [...secretRefsInJobNamespace(manifest), ...noSystemNamespaceCreation(manifest)];
}

/** Every cross-field problem of a manifest whose fields are individually valid. */
export function validateManifest(manifest: KubernetesJobManifest): Problem[] {
  return RULES.flatMap(({ rule }) => rule(manifest));
}

/** The rules that read none of the `touched` paths (fields repaired in a copy of the manifest). */
export function validateIndependentOf(manifest: KubernetesJobManifest, touched: readonly Path[]): Problem[] {
  return RULES.filter(({ reads }) => !reads.some((read) => touched.some((path) => overlaps(read, path)))).flatMap(
    ({ rule }) => rule(manifest),
  );
}
