/**
 * Python versions this library chooses from when `pythonVersion` is not
 * given: the newest patch release of each supported minor version at the
 * time of this release, newest first. Pin `pythonVersion` for any other.
 */
export const SUPPORTED_PYTHON_VERSIONS: readonly string[] = [
  "3.14.0",
  "3.13.9",
  "3.12.12",
  "3.11.14",
  "3.10.19",
];

type Version = number[];

function parseVersion(text: string): Version {
  return text.split(".").map((part) => Number(part));
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function bump(version: Version, index: number): Version {
  const next = version.slice(0, index + 1);
  next[index] = (next[index] ?? 0) + 1;
  return next;
}

const CLAUSE = /^(\^|~=|~|===|==|!=|>=|<=|>|<|=)?\s*(\d+(?:\.\d+)*)(\.\*)?$/;

/** Whether `version` satisfies one clause, such as `^3.11` or `<3.13`. */
function satisfiesClause(version: Version, clause: string): boolean {
  if (clause === "*" || clause === "") return true;
  const match = CLAUSE.exec(clause);
  if (!match) {
    throw new Error(
      `cannot read the version constraint ${JSON.stringify(clause)}`,
    );
  }
  const [, op = "==", text, wildcard] = match;
  const bound = parseVersion(text);
  const prefixMatch = () =>
    bound.every((part, i) => (version[i] ?? 0) === part);
  const exact = wildcard !== undefined || bound.length < 3;
  switch (op) {
    case "^": {
      const major = bound.findIndex((part) => part !== 0);
      const upper = bump(bound, major === -1 ? bound.length - 1 : major);
      return compare(version, bound) >= 0 && compare(version, upper) < 0;
    }
    case "~":
      return (
        compare(version, bound) >= 0 &&
        compare(version, bump(bound, Math.min(1, bound.length - 1))) < 0
      );
    case "~=":
      return (
        compare(version, bound) >= 0 &&
        compare(version, bump(bound, Math.max(0, bound.length - 2))) < 0
      );
    case ">=":
      return compare(version, bound) >= 0;
    case "<=":
      return compare(version, bound) <= 0 || (exact && prefixMatch());
    case ">":
      return (
        compare(version, bound) > 0 && !(exact && wildcard && prefixMatch())
      );
    case "<":
      return compare(version, bound) < 0;
    case "!=":
      return exact ? !prefixMatch() : compare(version, bound) !== 0;
    default:
      return exact ? prefixMatch() : compare(version, bound) === 0;
  }
}

/**
 * Whether a Python version satisfies a Poetry or PEP 440 constraint:
 * clauses joined by `,` (or spaces) must all hold, alternatives joined by
 * `||` need only one. Throws for syntax it cannot read.
 */
export function satisfiesConstraint(
  version: string,
  constraint: string,
): boolean {
  const v = parseVersion(version);
  return constraint.split(/\|\|?/).some((alternative) =>
    alternative
      .trim()
      .replace(/(\^|~=|~|===|==|!=|>=|<=|>|<|=)\s+/g, "$1")
      .split(/\s*,\s*|\s+/)
      .every((clause) => satisfiesClause(v, clause.trim())),
  );
}

/** The newest supported Python version that satisfies the constraint. */
export function newestSatisfying(constraint: string): string | undefined {
  return SUPPORTED_PYTHON_VERSIONS.find((v) =>
    satisfiesConstraint(v, constraint),
  );
}
