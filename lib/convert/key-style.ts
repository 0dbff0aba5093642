/**
 * Which spelling a manifest uses for its field names. Planton's loader reads both the JSON names
 * (`createNamespace`) and the proto names (`create_namespace`); the fields convert adds are spelt
 * the way the document already spells its own, so that a snake_case file stays snake_case.
 */
import { isMap, isSeq, type Pair } from "yaml";
import { keyOf, type KeyStyle } from "./yaml-nodes";

/** Maps whose keys are user data (label keys, env names, ConfigMap names), not field names. */
const USER_MAPS = new Set([
  "labels",
  "annotations",
  "configMaps",
  "config_maps",
  "variables",
  "secrets",
  "nodeSelector",
  "node_selector",
  "matchLabels",
  "match_labels",
]);

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
const CAMEL = /^[a-z][a-z0-9]*([A-Z][a-z0-9]*)+$/;

/**
 * The style most field names of the document are written in; camelCase (the JSON names, which
 * messages use) when none says, or as many say one as the other.
 */
export function keyStyle(contents: unknown): KeyStyle {
  let snake = 0;
  let camel = 0;
  const walk = (node: unknown): void => {
    if (isSeq(node)) {
      for (const item of node.items) walk(item);
    } else if (isMap(node)) {
      for (const pair of node.items as Pair[]) {
        const key = String(keyOf(pair));
        if (SNAKE.test(key)) snake++;
        else if (CAMEL.test(key)) camel++;
        if (!USER_MAPS.has(key)) walk(pair.value);
      }
    }
  };
  walk(contents);
  return snake > camel ? "snake" : "camel";
}
