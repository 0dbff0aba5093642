import { compareQuantities, parseQuantity } from "../../../lib/manifest/k8s/quantity";

function compare(a: string, b: string): number {
  const [left, right] = [parseQuantity(a), parseQuantity(b)];
  if (!left || !right) throw new Error(`not quantities: ${a}, ${b}`);
  return Math.sign(compareQuantities(left, right));
}

describe("parseQuantity", () => {
  test.each([
    ["1", 1n, 1n],
    ["1000m", 1000n, 1000n],
    ["0.5", 5n, 10n],
    [".5", 5n, 10n],
    ["1.", 1n, 1n],
    ["1Ki", 1024n, 1n],
    ["1Gi", 1073741824n, 1n],
    ["1G", 1000000000n, 1n],
    ["2e3", 2000n, 1n],
    ["2E3", 2000n, 1n],
    ["15e-1", 15n, 10n],
    ["100n", 100n, 1000000000n],
    ["+3", 3n, 1n],
    ["-3", -3n, 1n],
  ])("reads %s exactly as %s/%s", (text, numerator, denominator) => {
    const parsed = parseQuantity(text);
    expect(parsed).toBeDefined();
    // The fraction need not be reduced; compare cross-multiplied.
    expect(parsed!.numerator * denominator).toBe(numerator * parsed!.denominator);
  });

  test.each(["", "1.5.5", "1 Gi", "1gi", "1KiB", "Mi", "m", "1e", "1e1001", "abc", "0x10", "1,5"])(
    "rejects %p",
    (text) => {
      expect(parseQuantity(text)).toBeUndefined();
    },
  );
});

describe("compareQuantities", () => {
  test.each([
    ["1", "1000m", 0],
    ["0.5", "500m", 0],
    ["1k", "1000", 0],
    ["1e3", "1k", 0],
    ["1e-3", "1m", 0],
    ["0.001k", "1", 0],
    ["1Gi", "1G", 1],
    ["1G", "1Gi", -1],
    ["1024Mi", "1Gi", 0],
    ["100Mi", "1Gi", -1],
    ["50m", "1000m", -1],
    ["2", "1999m", 1],
    ["-1", "0", -1],
  ])("compares %s with %s as %i", (a, b, expected) => {
    expect(compare(a, b)).toBe(expected);
  });
});
