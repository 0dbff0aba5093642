/**
 * WorkloadScheduling (workload_pod.proto): node selector, tolerations, node affinity, pod
 * (anti-)affinity and topology spread, with their buf.validate and CEL rules and the API server's
 * (pkg/apis/core/validation: validateTolerations, ValidateNodeSelectorRequirement,
 * validatePodAffinityTerm, validateTopologySpreadConstraints).
 */
import { z } from "zod";
import { dns1123LabelProblem, dns1123SubdomainProblem } from "../k8s/dns-names";
import { qualifiedNameProblem } from "../k8s/qualified-names";
import { labelMap, message, protoInteger, protoString, requiredString, stringIn } from "./fields";
import { showValue } from "../../values";

export const TOLERATION_OPERATORS = ["Equal", "Exists"] as const;
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;
export const NODE_SELECTOR_OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] as const;
export const WHEN_UNSATISFIABLE = ["DoNotSchedule", "ScheduleAnyway"] as const;

const weight = () => protoInteger({ type: "int32", min: 1, max: 100, why: "a preference weight", checkUnset: true });

function tolerationSchema() {
  return message({
    key: protoString(qualifiedNameProblem),
    operator: stringIn(TOLERATION_OPERATORS),
    value: protoString(),
    effect: stringIn(TAINT_EFFECTS),
    tolerationSeconds: protoInteger({ type: "int64" }),
  }).superRefine((toleration, ctx) => {
    // validateTolerations: an empty key matches every taint, which only Exists can express.
    if (toleration.key === undefined && toleration.operator !== "Exists") {
      ctx.addIssue({
        code: "custom",
        path: ["operator"],
        message: `is ${toleration.operator === undefined ? "unset (Equal)" : showValue(toleration.operator)}, but key is empty; an empty key tolerates every taint and needs operator Exists`,
        input: toleration.operator,
      });
    }
    if (toleration.operator === "Exists" && toleration.value !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `${showValue(toleration.value)} is not allowed with operator Exists (any value of the key matches); remove it`,
        input: toleration.value,
      });
    }
    if (toleration.tolerationSeconds !== undefined && toleration.effect !== "NoExecute") {
      ctx.addIssue({
        code: "custom",
        path: ["effect"],
        message: `is ${toleration.effect === undefined ? "unset" : showValue(toleration.effect)}, but tolerationSeconds is set; tolerationSeconds applies only to effect NoExecute`,
        input: toleration.effect,
      });
    }
  });
}

function nodeSelectorRequirementSchema() {
  return message({
    key: requiredString(qualifiedNameProblem),
    operator: stringIn(NODE_SELECTOR_OPERATORS, { required: true }),
    values: z.array(z.string()).optional(),
  }).superRefine((requirement, ctx) => {
    // CEL node_selector.values.consistency, then ValidateNodeSelectorRequirement (Gt/Lt: an integer).
    const values = requirement.values ?? [];
    const { operator } = requirement;
    const fail = (text: string) =>
      ctx.addIssue({ code: "custom", path: ["values"], message: text, input: requirement.values });
    if ((operator === "In" || operator === "NotIn") && values.length === 0) {
      fail(`must have at least one value with operator ${operator}`);
    } else if ((operator === "Gt" || operator === "Lt") && values.length !== 1) {
      fail(`must have exactly one value with operator ${operator} (it has ${values.length})`);
    } else if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
      fail(`must be empty with operator ${operator} (it has ${values.length} values)`);
    } else if ((operator === "Gt" || operator === "Lt") && !/^-?\d+$/.test(values[0])) {
      ctx.addIssue({
        code: "custom",
        path: ["values", 0],
        message: `${showValue(values[0])} is not an integer; operator ${operator} compares the label as a whole number`,
        input: values[0],
      });
    }
  });
}

function nodeSelectorTermSchema() {
  return message({
    // buf.validate: repeated.min_items 1.
    matchExpressions: z.array(nodeSelectorRequirementSchema()).min(1, {
      error: () => "must have at least one expression",
    }),
  });
}

function podAffinityTermSchema() {
  return message({
    // buf.validate: map.min_pairs 1.
    matchLabels: labelMap().refine((labels) => Object.keys(labels).length > 0, {
      error: () => "must have at least one label",
    }),
    topologyKey: requiredString(qualifiedNameProblem),
    namespaces: z.array(requiredString(dns1123LabelProblem)).optional(),
  });
}

function podAffinitySchema() {
  return message({
    required: z.array(podAffinityTermSchema()).optional(),
    preferred: z.array(message({ weight: weight(), term: podAffinityTermSchema() })).optional(),
  });
}

export function schedulingSchema() {
  return message({
    nodeSelector: labelMap().optional(),
    tolerations: z.array(tolerationSchema()).optional(),
    nodeAffinity: message({
      required: z.array(nodeSelectorTermSchema()).optional(),
      preferred: z.array(message({ weight: weight(), term: nodeSelectorTermSchema() })).optional(),
    }).optional(),
    podAffinity: podAffinitySchema().optional(),
    podAntiAffinity: podAffinitySchema().optional(),
    topologySpreadConstraints: z
      .array(
        message({
          maxSkew: protoInteger({ type: "int32", min: 1, why: "the largest difference allowed", checkUnset: true }),
          topologyKey: requiredString(qualifiedNameProblem),
          whenUnsatisfiable: stringIn(WHEN_UNSATISFIABLE, { required: true }),
          matchLabels: labelMap().optional(),
        }),
      )
      .superRefine((constraints, ctx) => {
        // validateTopologySpreadConstraints: one constraint per topologyKey and whenUnsatisfiable.
        const seen = new Map<string, number>();
        constraints.forEach((constraint, index) => {
          const key = `${constraint.topologyKey} ${constraint.whenUnsatisfiable}`;
          const first = seen.get(key);
          if (first === undefined) seen.set(key, index);
          else
            ctx.addIssue({
              code: "custom",
              path: [index, "topologyKey"],
              message: `${showValue(constraint.topologyKey)} with whenUnsatisfiable ${constraint.whenUnsatisfiable} is already constrained by topologySpreadConstraints[${first}]; give each pair once`,
              input: constraint.topologyKey,
            });
        });
      })
      .optional(),
    // ValidatePodSpec: schedulerName is a DNS-1123 subdomain.
    schedulerName: protoString(dns1123SubdomainProblem),
  });
}
