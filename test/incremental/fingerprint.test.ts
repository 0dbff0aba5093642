/** The keyed digests the cache keeps: different inputs never share one, and the key matters. */
import { fingerprint, NotFingerprintable } from "../../lib/incremental/fingerprint";

const key = Buffer.alloc(32, 1);

describe("fingerprint", () => {
  test.each([
    [["ab"], ["a", "b"]],
    [{ a: "1" }, { a: 1 }],
    [
      { a: 1, b: 2 },
      { b: 2, a: 1 },
    ],
    [{ a: undefined }, {}],
    [[null], [undefined]],
    ["\ud800", "\ud801"],
    [new Map([["a", 1]]), { a: 1 }],
    [0, -0],
    ["é", "e\u0301"],
  ])("tells %j from %j", (one, other) => {
    expect(fingerprint(key, one)).not.toBe(fingerprint(key, other));
  });

  test("is the same for the same value, and depends on the key", () => {
    const value = { spec: { env: { secrets: { PIN: { value: "1234" } } } } };
    expect(fingerprint(key, value)).toBe(fingerprint(key, structuredClone(value)));
    expect(fingerprint(Buffer.alloc(32, 2), value)).not.toBe(fingerprint(key, value));
  });

  test("refuses what it cannot see into (a function, a class instance)", () => {
    expect(() => fingerprint(key, { f: () => 1 })).toThrow(NotFingerprintable);
    expect(() => fingerprint(key, { d: new Date(0) })).toThrow(NotFingerprintable);
  });
});
