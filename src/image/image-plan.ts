import { existsSync } from "fs";
import { join, normalize } from "path";
import type { Project } from "projen";
import type { PoetryDockerImageOptions } from "./image-options";
import { renderObjectFile } from "../poetry/in-memory-file";
import { parsePoetryVersion } from "../poetry/poetry-commands";
import type { PoetryRelease } from "../poetry/poetry-commands";
import {
  defaultPackage,
  moduleNameOf,
  readPyproject,
  tryReadPyprojectFile,
} from "../poetry/pyproject";
import type { PyprojectFacts } from "../poetry/pyproject";
import {
  newestSatisfying,
  satisfiesConstraint,
  SUPPORTED_PYTHON_VERSIONS,
} from "../poetry/python-versions";

/** The default Poetry version: a current 2.x release. */
export const DEFAULT_POETRY_VERSION = "2.2.1";

/** Everything the Dockerfile and .dockerignore are written from. */
export interface ImagePlan {
  readonly pythonVersion: string;
  readonly builderImage: string;
  readonly runtimeImage: string;
  readonly poetryVersion: string;
  readonly poetry: PoetryRelease;

  /** Files the dependency install needs, copied first. */
  readonly dependencyFiles: string[];

  /** Path dependencies, copied before the dependency install. */
  readonly pathDependencies: string[];

  /** Editable path dependencies, whose source the runtime image needs. */
  readonly editableDependencies: string[];

  /** Files and folders the root package install needs; empty when none. */
  readonly rootSources: string[];

  /** Files and folders copied into the runtime image. */
  readonly runtimeSources: string[];

  readonly command: string[];
  readonly options: PoetryDockerImageOptions;
  readonly workdir: string;
}

/** Reads the project's pyproject.toml and resolves every choice. */
export function planImage(
  project: Project,
  options: PoetryDockerImageOptions,
): ImagePlan {
  const facts = loadPyproject(project);
  const problems: string[] = [];
  const pythonVersion = choosePython(facts, options, problems);
  const poetry = parsePoetryVersion(
    options.poetryVersion ?? DEFAULT_POETRY_VERSION,
  )!;
  if (!facts.packageMode && poetry.major < 2 && poetry.minor < 8) {
    problems.push(
      `${facts.file}: package-mode = false needs Poetry 1.8 or newer, but ` +
        `poetryVersion is ${options.poetryVersion}; raise poetryVersion, or ` +
        "declare packages = [] instead.",
    );
  }
  const rootSources = facts.packageMode
    ? rootSourcesOf(project, facts, problems)
    : [];
  const command = chooseCommand(facts, options, problems);
  const pathDependencies = facts.pathDependencies.map((dep) => ({
    path: insideContext(dep.path, `${facts.file}: path dependency`, problems),
    develop: dep.develop,
  }));
  if (problems.length > 0) {
    throw new Error(formatProblems(problems));
  }

  const repository = options.baseImageRepository ?? "python";
  const release = options.debianRelease ?? "bookworm";
  const poetryVersion = options.poetryVersion ?? DEFAULT_POETRY_VERSION;
  const packages = rootSources.filter((path) => !facts.readme.includes(path));
  return {
    pythonVersion,
    builderImage: image(
      `${repository}:${pythonVersion}-${release}`,
      options.builderImageDigest,
    ),
    runtimeImage: image(
      `${repository}:${pythonVersion}-slim-${release}`,
      options.runtimeImageDigest,
    ),
    poetryVersion,
    poetry,
    dependencyFiles: ["pyproject.toml", "poetry.lock", "poetry.toml"],
    pathDependencies: pathDependencies.map((dep) => dep.path),
    editableDependencies: pathDependencies
      .filter((dep) => dep.develop)
      .map((dep) => dep.path),
    rootSources,
    runtimeSources: options.sources ?? packages,
    command,
    options,
    workdir: options.workdir ?? "/app",
  };
}

/** Joins problems into one error message, one per line. */
export function formatProblems(problems: string[]): string {
  const count =
    problems.length === 1 ? "a problem" : `${problems.length} problems`;
  return `PoetryDockerImage: ${count} to fix in .projenrc or pyproject.toml:\n${problems
    .map((p) => `  - ${p}`)
    .join("\n")}`;
}

function image(reference: string, digest?: string): string {
  return digest ? `${reference}@${digest}` : reference;
}

/**
 * The pyproject.toml as this synth will write it when projen manages it
 * (the copy on disk may be stale), else the file on disk.
 */
function loadPyproject(project: Project): PyprojectFacts {
  const managed = project.tryFindObjectFile("pyproject.toml");
  const text = managed
    ? renderObjectFile(managed)
    : tryReadPyprojectFile(project.outdir);
  if (text === undefined) {
    throw new Error(
      `PoetryDockerImage: no pyproject.toml in ${project.outdir}; ` +
        'add one (or use a Poetry python.PythonProject), then run "npx projen" again.',
    );
  }
  return readPyproject(text, "pyproject.toml");
}

function choosePython(
  facts: PyprojectFacts,
  options: PoetryDockerImageOptions,
  problems: string[],
): string {
  const where = `${facts.file}${facts.python?.line ? `:${facts.python.line}` : ""}`;
  const constraint = facts.python?.constraint;
  try {
    if (options.pythonVersion !== undefined) {
      if (
        constraint !== undefined &&
        !satisfiesConstraint(options.pythonVersion, constraint)
      ) {
        problems.push(
          `pythonVersion ${options.pythonVersion} does not satisfy the Python constraint ` +
            `"${constraint}" at ${where}; change one of them.`,
        );
      }
      return options.pythonVersion;
    }
    if (constraint === undefined) {
      problems.push(
        `${facts.file} declares no Python version (requires-python, or python in ` +
          "[tool.poetry.dependencies]); add one, or set the pythonVersion option.",
      );
      return "";
    }
    const chosen = newestSatisfying(constraint);
    if (chosen === undefined) {
      problems.push(
        `no supported Python (${SUPPORTED_PYTHON_VERSIONS.join(", ")}) satisfies ` +
          `"${constraint}" at ${where}; widen the constraint or set pythonVersion.`,
      );
    }
    return chosen ?? "";
  } catch (e) {
    problems.push(
      `${where}: ${(e as Error).message}; use a constraint such as ">=3.11,<3.14".`,
    );
    return "";
  }
}

function rootSourcesOf(
  project: Project,
  facts: PyprojectFacts,
  problems: string[],
): string[] {
  const packages = facts.packages ?? defaultPackages(project, facts, problems);
  const paths = packages.map((pkg) => {
    const path = insideContext(pkg.path, `${facts.file}: package`, problems);
    if (
      !existsSync(join(project.outdir, pkg.path.replace(/\*.*$/, ""))) &&
      !isSample(project, pkg.path)
    ) {
      problems.push(
        `${facts.file}: package "${pkg.path}" does not exist in ${project.outdir}; ` +
          "create it or fix tool.poetry.packages.",
      );
    }
    return path;
  });
  // packages = [] declares no root package: nothing to install
  return paths.length === 0 ? [] : [...facts.readme, ...paths];
}

function defaultPackages(
  project: Project,
  facts: PyprojectFacts,
  problems: string[],
) {
  if (facts.name === undefined) {
    problems.push(
      `${facts.file} has no project name; add [project] name or [tool.poetry] name.`,
    );
    return [];
  }
  const found = defaultPackage(project.outdir, facts.name);
  return [found ?? { path: moduleNameOf(facts.name), from: "" }];
}

/** Whether projen itself writes this package (a new project's sample code). */
function isSample(project: Project, path: string): boolean {
  const moduleName = (project as { moduleName?: string }).moduleName;
  return moduleName !== undefined && moduleName === path;
}

function insideContext(path: string, what: string, problems: string[]): string {
  const clean = normalize(path).replace(/\/+$/, "");
  if (clean.startsWith("..") || clean.startsWith("/")) {
    problems.push(
      `${what} "${path}" lies outside the project directory, the Docker build ` +
        "context; move it inside the project.",
    );
  }
  return clean;
}

function chooseCommand(
  facts: PyprojectFacts,
  options: PoetryDockerImageOptions,
  problems: string[],
): string[] {
  if (options.command !== undefined) {
    return options.command;
  }
  if (facts.scripts.length === 1) {
    return [facts.scripts[0]];
  }
  const found = facts.scripts.length === 0 ? "none" : facts.scripts.join(", ");
  problems.push(
    `the container needs a command: ${facts.file} declares ${facts.scripts.length === 0 ? "no" : "several"} ` +
      `console scripts (${found}); set the command option, such as command: ["myapp"].`,
  );
  return [];
}
