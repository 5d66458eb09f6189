import { existsSync } from "fs";
import { join } from "path";
import type { Project } from "projen";
import { cleanPath, contextPath } from "./context-paths";
import type { PoetryDockerImageOptions } from "./image-options";
import { chooseServing } from "./serving";
import type { Serving } from "./serving";
import { AppLayout } from "../poetry/app-layout";
import { renderObjectFile } from "../poetry/in-memory-file";
import {
  parsePoetryVersion,
  readsDependencyGroups,
} from "../poetry/poetry-commands";
import type { PoetryRelease } from "../poetry/poetry-commands";
import {
  defaultPackage,
  moduleNameOf,
  readPyproject,
  tryReadPyprojectFile,
} from "../poetry/pyproject";
import type { PackageSource, PyprojectFacts } from "../poetry/pyproject";
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

  /** Dependency groups besides main, left out of the install. */
  readonly excludedGroups: string[];

  /** Files the dependency install needs, copied first. */
  readonly dependencyFiles: string[];

  /** Path dependencies, copied before the dependency install. */
  readonly pathDependencies: string[];

  /** Editable path dependencies, whose source the runtime image needs. */
  readonly editableDependencies: string[];

  /** Readme files, which Poetry reads to install the root package. */
  readonly readme: string[];

  /** The root packages; empty when the project installs none. */
  readonly rootPackages: RootPackage[];

  /**
   * Whether the root package is installed against empty stand-ins of its
   * packages rather than their source. Poetry installs the root package in
   * editable mode (a `.pth` file naming the project folder), so the venv
   * does not depend on the source, and a source change then re-runs no
   * install at all. Not with a build script, which needs the source.
   */
  readonly stubRoot: boolean;

  /** Files and folders copied into the runtime image. */
  readonly runtimeSources: string[];

  readonly command: string[];

  /** The port to EXPOSE: the option, else the detected server's. */
  readonly port?: number;

  /** Runtime environment: the detected server's, then the option's. */
  readonly env: Record<string, string>;

  /** Commands run in the runtime stage at build time, such as collectstatic. */
  readonly runtimeBuildCommands: string[];

  readonly options: PoetryDockerImageOptions;
  readonly workdir: string;
}

/** A root package: a folder, or a single module file. */
export interface RootPackage {
  readonly path: string;
  readonly file: boolean;
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
  checkPackageMode(facts, poetry, options, problems);
  const packages = facts.packageMode
    ? rootPackagesOf(project, facts, problems)
    : [];
  const layout = new AppLayout(project.outdir, packages);
  const serving = chooseServing(facts, layout, options, problems);
  const pathDependencies = facts.pathDependencies.map((dep) => ({
    path: contextPath(dep.path, `${facts.file}: path dependency`, problems),
    develop: dep.develop,
  }));
  const packagePaths = packages.map((pkg) => cleanPath(pkg.path));
  const { readme, runtimeSources } = chooseSources(
    facts,
    packagePaths,
    layout,
    serving,
    options,
    problems,
  );
  if (problems.length > 0) {
    throw new Error(formatProblems(problems));
  }

  const repository = options.baseImageRepository ?? "python";
  const release = options.debianRelease ?? "bookworm";
  const poetryVersion = options.poetryVersion ?? DEFAULT_POETRY_VERSION;
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
    excludedGroups: [
      ...new Set([
        ...facts.groups.poetry,
        ...(readsDependencyGroups(poetry) ? facts.groups.standard : []),
      ]),
    ],
    dependencyFiles: ["pyproject.toml", "poetry.lock", "poetry.toml"],
    pathDependencies: pathDependencies.map((dep) => dep.path),
    editableDependencies: pathDependencies
      .filter((dep) => dep.develop)
      .map((dep) => dep.path),
    readme,
    rootPackages: packagePaths.map((path) => ({
      path,
      file: path.endsWith(".py"),
    })),
    stubRoot: !facts.buildScript,
    runtimeSources,
    command: serving.command,
    port: options.port ?? serving.port,
    env: { ...serving.server?.env, ...options.env },
    runtimeBuildCommands: serving.server?.buildCommands ?? [],
    options,
    workdir: options.workdir ?? "/app",
  };
}

/** `package-mode = false` is a Poetry 1.8 feature. */
function checkPackageMode(
  facts: PyprojectFacts,
  poetry: PoetryRelease,
  options: PoetryDockerImageOptions,
  problems: string[],
): void {
  if (!facts.packageMode && poetry.major < 2 && poetry.minor < 8) {
    problems.push(
      `${facts.file}: package-mode = false needs Poetry 1.8 or newer, but ` +
        `poetryVersion is ${options.poetryVersion}; raise poetryVersion, or ` +
        "declare packages = [] instead.",
    );
  }
}

/**
 * The readme files the root install needs, and what the runtime image
 * receives: the option, else the packages (or an app's top-level code)
 * plus what a detected web framework needs.
 */
function chooseSources(
  facts: PyprojectFacts,
  packagePaths: string[],
  layout: AppLayout,
  serving: Serving,
  options: PoetryDockerImageOptions,
  problems: string[],
): { readme: string[]; runtimeSources: string[] } {
  const hasRoot = packagePaths.length > 0;
  const readme = hasRoot
    ? facts.readme.map((path) =>
        contextPath(path, `${facts.file}: readme`, problems),
      )
    : [];
  const code = hasRoot ? packagePaths : layout.topLevelCode();
  const runtimeSources =
    options.sources ??
    [...new Set([...code, ...(serving.server?.sources ?? [])])].map((path) =>
      contextPath(path, "runtime source", problems),
    );
  return { readme, runtimeSources };
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

/** The root packages, checked to exist inside the build context. */
function rootPackagesOf(
  project: Project,
  facts: PyprojectFacts,
  problems: string[],
): PackageSource[] {
  const packages = facts.packages ?? defaultPackages(project, facts, problems);
  const where = `${facts.file}${facts.packagesLine ? `:${facts.packagesLine}` : ""}`;
  for (const pkg of packages) {
    const shown = JSON.stringify(pkg.path);
    contextPath(pkg.path, `${facts.file}: package`, problems);
    if (/[*?[]/.test(pkg.path)) {
      // COPY would flatten the folders a glob matches into one
      problems.push(
        `${where}: package ${shown} is a glob, which a COPY instruction cannot ` +
          "copy folder by folder; list each package in tool.poetry.packages.",
      );
    } else if (
      !existsSync(join(project.outdir, pkg.path)) &&
      !isSample(project, pkg.path)
    ) {
      problems.push(
        `${where}: package ${shown} does not exist in ${project.outdir}; ` +
          "create it or fix tool.poetry.packages.",
      );
    }
  }
  // packages = [] declares no root package: nothing to install
  return packages;
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
