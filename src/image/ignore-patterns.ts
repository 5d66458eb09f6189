import ignore from "@balena/dockerignore";
import type { ImagePlan } from "./image-plan";

/**
 * What a Python project keeps out of its build context: secrets, version
 * control, local venvs, caches and build output, and the tooling of the
 * repository around the app.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  // secrets and credentials
  ".env",
  ".env.*",
  "**/.env",
  "**/.env.*",
  "*.pem",
  "*.key",
  ".npmrc",
  ".pypirc",
  ".netrc",
  ".aws",
  ".ssh",
  // version control
  ".git",
  ".gitignore",
  ".gitattributes",
  ".hg",
  ".svn",
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

/** Every path the Dockerfile copies from the build context. */
export function copiedPaths(plan: ImagePlan): string[] {
  return [
    ...plan.dependencyFiles,
    ...plan.pathDependencies,
    ...plan.rootSources,
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
  // caches inside a re-included folder stay out
  return [...patterns, ...reincludes, "**/__pycache__", "**/*.py[cod]"];
}
