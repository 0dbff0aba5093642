/**
 * The provider's expanders for the pod spec's scheduling and pod-level settings:
 * structures_affinity.go expandAffinity (and expandLabelSelector), structures_pod.go
 * expandTolerations, expandTopologySpreadConstraints, expandPodSecurityContext,
 * expandPodDNSConfig / expandDNSConfigOptions and structures_hostalias.go expandHostaliases.
 * Read in the newest stored revisions; the arguments those revisions predate (topology spread's
 * min_domains, node_affinity_policy, node_taints_policy, match_label_keys; the pod's
 * seccomp_profile and fs_group_change_policy), which 2.38.0's schema has (the bindings' .jsii),
 * are modelled as sent when set.
 */
import { expandSeccompProfile, expandSeLinuxOptions } from "./create-container";
import {
  bool,
  compact,
  int,
  intList,
  parseInt64,
  pointer,
  str,
  stringList,
  stringMap,
  withPointers,
} from "./sdk-values";
import { block, blocks, type JsonObject } from "./stack";

/**
 * Selector requirements. `values` is a TypeSet in schema_affinity_spec.go, so Terraform may send
 * them in another order than written; the order has no meaning to the scheduler, and the model
 * keeps the written one.
 */
const requirements = (selector: JsonObject | undefined, key: string) =>
  blocks(selector, key).map((requirement) =>
    compact({
      key: str(requirement, "key"),
      operator: str(requirement, "operator"),
      values: stringList(requirement.values),
    }),
  );

export function expandLabelSelector(selector: JsonObject | undefined): JsonObject | undefined {
  if (!selector) return undefined;
  return compact({
    matchExpressions: requirements(selector, "match_expressions"),
    matchLabels: stringMap(selector.match_labels),
  });
}

const nodeSelectorTerm = (term: JsonObject | undefined) =>
  compact({
    matchExpressions: requirements(term, "match_expressions"),
    matchFields: requirements(term, "match_fields"),
  });

const podAffinityTerm = (term: JsonObject | undefined) =>
  compact({
    labelSelector: expandLabelSelector(block(term, "label_selector")),
    namespaceSelector: expandLabelSelector(block(term, "namespace_selector")),
    namespaces: stringList(term?.namespaces),
    topologyKey: str(term, "topology_key"),
  });

const REQUIRED = "required_during_scheduling_ignored_during_execution";
const PREFERRED = "preferred_during_scheduling_ignored_during_execution";

function expandPodAffinity(affinity: JsonObject | undefined): JsonObject | undefined {
  if (!affinity) return undefined;
  return compact({
    requiredDuringSchedulingIgnoredDuringExecution: blocks(affinity, REQUIRED).map(podAffinityTerm),
    preferredDuringSchedulingIgnoredDuringExecution: blocks(affinity, PREFERRED).map((preferred) => ({
      weight: int(preferred, "weight"),
      podAffinityTerm: podAffinityTerm(block(preferred, "pod_affinity_term")),
    })),
  });
}

export function expandAffinity(affinity: JsonObject): JsonObject {
  const node = block(affinity, "node_affinity");
  const required = block(node, REQUIRED);
  return compact({
    nodeAffinity: node
      ? compact({
          requiredDuringSchedulingIgnoredDuringExecution: required
            ? { nodeSelectorTerms: blocks(required, "node_selector_term").map(nodeSelectorTerm) }
            : undefined,
          preferredDuringSchedulingIgnoredDuringExecution: blocks(node, PREFERRED).map((preferred) => ({
            weight: int(preferred, "weight"),
            preference: nodeSelectorTerm(block(preferred, "preference")),
          })),
        })
      : undefined,
    podAffinity: expandPodAffinity(block(affinity, "pod_affinity")),
    podAntiAffinity: expandPodAffinity(block(affinity, "pod_anti_affinity")),
  });
}

/** expandTolerations: toleration_seconds is a string parsed with strconv.ParseInt when not "". */
export function expandTolerations(spec: JsonObject | undefined): JsonObject[] {
  return blocks(spec, "toleration").map((toleration) =>
    compact({
      effect: str(toleration, "effect"),
      key: str(toleration, "key"),
      operator: str(toleration, "operator"),
      tolerationSeconds: parseInt64(toleration, "toleration_seconds"),
      value: str(toleration, "value"),
    }),
  );
}

export function expandTopologySpreadConstraints(spec: JsonObject | undefined): JsonObject[] {
  return blocks(spec, "topology_spread_constraint").map((constraint) => {
    const minDomains = int(constraint, "min_domains");
    return compact({
      topologyKey: str(constraint, "topology_key"),
      labelSelector: expandLabelSelector(block(constraint, "label_selector")),
      whenUnsatisfiable: str(constraint, "when_unsatisfiable"),
      maxSkew: int(constraint, "max_skew", 1),
      minDomains: minDomains > 0 ? minDomains : undefined,
      nodeAffinityPolicy: str(constraint, "node_affinity_policy"),
      nodeTaintsPolicy: str(constraint, "node_taints_policy"),
      matchLabelKeys: stringList(constraint.match_label_keys),
    });
  });
}

/**
 * expandPodSecurityContext: ids are strings parsed when not ""; `in["run_as_non_root"].(bool)` is
 * always ok, so runAsNonRoot is sent, false when unset; supplemental_groups is a set of ints.
 */
export function expandPodSecurityContext(context: JsonObject): JsonObject {
  return withPointers({
    fsGroup: parseInt64(context, "fs_group"),
    fsGroupChangePolicy: str(context, "fs_group_change_policy"),
    runAsGroup: parseInt64(context, "run_as_group"),
    runAsNonRoot: pointer(bool(context, "run_as_non_root")),
    runAsUser: parseInt64(context, "run_as_user"),
    seccompProfile: expandSeccompProfile(block(context, "seccomp_profile")),
    seLinuxOptions: expandSeLinuxOptions(block(context, "se_linux_options")),
    supplementalGroups: intList(context.supplemental_groups),
    sysctls: blocks(context, "sysctl").map((sysctl) => ({ name: str(sysctl, "name"), value: str(sysctl, "value") })),
  });
}

/** expandPodDNSConfig / expandDNSConfigOptions: an option's value goes out through ptrToString, "" when unset. */
export function expandDnsConfig(config: JsonObject): JsonObject {
  return compact({
    nameservers: stringList(config.nameservers),
    searches: stringList(config.searches),
    options: blocks(config, "option").map((option) =>
      withPointers({ name: str(option, "name"), value: pointer(str(option, "value")) }),
    ),
  });
}

/** expandHostaliases: ip and hostnames. */
export function expandHostAliases(spec: JsonObject | undefined): JsonObject[] {
  return blocks(spec, "host_aliases").map((alias) =>
    compact({ ip: str(alias, "ip"), hostnames: stringList(alias.hostnames) }),
  );
}
