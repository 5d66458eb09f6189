import ignore from "@balena/dockerignore";
import type { ImagePlan } from "./image-plan";

/** Files that hold credentials. */
const SECRETS = [
  ".env",
  ".env.*",
  "*.pem",
  "*.key",
  ".npmrc",
  ".pypirc",
  ".netrc",
  ".aws",
  ".ssh",
];

const VERSION_CONTROL = [".git", ".hg", ".svn"];

/** Secrets and version control, at any depth: never copied into an image. */
const NEVER_COPIED = [...SECRETS, ...VERSION_CONTROL].map((p) => `**/${p}`);

/**
 * What a Python project keeps out of its build context: secrets, version
 * control, local venvs, caches and build output, and the tooling of the
 * repository around the app.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  // secrets and credentials
  ...SECRETS,
  "**/.env",
  "**/.env.*",
  // version control
  ...VERSION_CONTROL,
  ".gitignore",
  ".gitattributes",
  // local environments and caches
  ".venv",
  "venv",
  "**/__pycache__",
  "**/*.py[cod]",
  ".pytest_cache",
  ".mypy_cache",
  ".ruff_cache",
  ".tox",
  ".nox",
  ".coverage",
  "htmlcov",
  ".cache",
  // build output and editor files
  "dist",
  "build",
  "*.egg-info",
  ".idea",
  ".vscode",
  "**/.DS_Store",
  // repository tooling around the app
  "node_modules",
  ".projen",
  ".projenrc.*",
  "Dockerfile",
  ".dockerignore",
];

const neverCopied = ignore().add(NEVER_COPIED);

/**
 * Whether a path is or lies in a secret or version-control file, which the
 * .dockerignore always keeps out, so the Dockerfile must not copy it.
 */
export function isNeverCopied(path: string): boolean {
  return neverCopied.ignores(path);
}

/** Every path the Dockerfile copies from the build context. */
export function copiedPaths(plan: ImagePlan): string[] {
  return [
    ...plan.dependencyFiles,
    ...plan.pathDependencies,
    ...plan.readme,
    ...(plan.stubRoot ? [] : plan.rootPackages.map((pkg) => pkg.path)),
    ...plan.runtimeSources,
  ];
}

/**
 * The .dockerignore patterns: the defaults, then a re-include for each
 * copied path that a default would hide, so the build never misses a file
 * it copies.
 */
export function ignorePatterns(plan: ImagePlan): string[] {
  const patterns = [...DEFAULT_EXCLUDES];
  const matcher = ignore().add(patterns);
  const hidden = [...new Set(copiedPaths(plan))].filter((path) =>
    matcher.ignores(path),
  );
  if (hidden.length === 0) {
    return patterns;
  }
  const reincludes = hidden.flatMap((path) => [`!${path}`, `!${path}/**`]);
  // secrets and caches inside a re-included folder stay out
  return [
    ...patterns,
    ...reincludes,
    ...NEVER_COPIED,
    "**/__pycache__",
    "**/*.py[cod]",
  ];
}
