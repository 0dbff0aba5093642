/** Where two JSON values differ, as paths (`spec.template.spec.containers[0].env[2].valueFrom`). */
import { isObject, type Json } from "./stack";

export interface Difference {
  readonly path: string;
  readonly left: Json | undefined;
  readonly right: Json | undefined;
}

export function jsonDifferences(left: Json | undefined, right: Json | undefined, path = ""): Difference[] {
  if (isObject(left) && isObject(right)) {
    const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort();
    return keys.flatMap((key) => jsonDifferences(left[key], right[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(left) && Array.isArray(right) && left.length === right.length) {
    return left.flatMap((item, i) => jsonDifferences(item, right[i], `${path}[${i}]`));
  }
  return JSON.stringify(left) === JSON.stringify(right) ? [] : [{ path, left, right }];
}
