import {
  newestSatisfying,
  satisfiesConstraint,
} from "../../src/poetry/python-versions";

describe("satisfiesConstraint", () => {
  test.each([
    ["3.12.12", "^3.11", true],
    ["3.11.14", "^3.12", false],
    ["3.12.12", ">=3.10,<3.13", true],
    ["3.13.9", ">=3.10,<3.13", false],
    ["3.12.12", ">=3.10 <3.13", true],
    ["3.12.12", "~3.12", true],
    ["3.13.9", "~3.12", false],
    ["3.13.9", "~=3.12", true],
    ["3.12.12", "~=3.12.1", true],
    ["3.13.9", "~=3.12.1", false],
    ["3.11.14", "==3.11.*", true],
    ["3.11.14", "3.11", true],
    ["3.12.12", "3.11", false],
    ["3.12.12", "!=3.12.*", false],
    ["3.12.12", "<=3.12", true],
    ["3.10.19", "^3.12 || ~3.10", true],
    ["3.12.12", "*", true],
  ])("%s satisfies %j: %s", (version, constraint, expected) => {
    expect(satisfiesConstraint(version, constraint)).toBe(expected);
  });

  test("refuses syntax it cannot read", () => {
    expect(() => satisfiesConstraint("3.12.12", ">=three")).toThrow(
      /cannot read the version constraint ">=three"/,
    );
  });
});

describe("newestSatisfying", () => {
  test("picks the newest supported version inside the constraint", () => {
    expect(newestSatisfying(">=3.10,<3.13")).toBe("3.12.12");
    expect(newestSatisfying("^3.11")).toBe("3.14.0");
  });

  test("finds nothing for a constraint no supported version meets", () => {
    expect(newestSatisfying("<3.8")).toBeUndefined();
  });
});
