import { closest, editDistance } from "../lib/suggest";

const SPEC_FIELDS = ["namespace", "createNamespace", "image", "resources", "backoffLimit", "completions"];

describe("closest", () => {
  test("suggests createNamespace for create_namespace (case and separators ignored)", () => {
    expect(closest("create_namespace", SPEC_FIELDS)).toBe("createNamespace");
  });

  test("suggests backoffLimit for backofLimit (one letter missing)", () => {
    expect(closest("backofLimit", SPEC_FIELDS)).toBe("backoffLimit");
  });

  test("suggests the exact field for a different case", () => {
    expect(closest("IMAGE", SPEC_FIELDS)).toBe("image");
  });

  test("suggests nothing when no name is close", () => {
    expect(closest("schedule", SPEC_FIELDS)).toBeUndefined();
  });

  test("suggests nothing from an empty list", () => {
    expect(closest("image", [])).toBeUndefined();
  });

  test("allows more edits for longer words", () => {
    expect(closest("completionz", SPEC_FIELDS)).toBe("completions");
    expect(closest("compleshuns", SPEC_FIELDS)).toBe("completions");
  });
});

describe("editDistance", () => {
  test.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
    ["backofflimit", "backoflimit", 1],
    ["same", "same", 0],
  ])("between %p and %p is %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});
