import { existsSync } from "fs";
import { isAbsolute, join, normalize } from "path";
import type { Project } from "projen";
import { isNeverCopied } from "./ignore-patterns";
import type { PoetryDockerImageOptions } from "./image-options";
import { assertPath, assertSingleLine } from "../dockerfile/escaping";
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
import { detectWebFramework } from "../poetry/web-frameworks";
import type { WebServer } from "../poetry/web-frameworks";

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
  if (!facts.packageMode && poetry.major < 2 && poetry.minor < 8) {
    problems.push(
      `${facts.file}: package-mode = false needs Poetry 1.8 or newer, but ` +
        `poetryVersion is ${options.poetryVersion}; raise poetryVersion, or ` +
        "declare packages = [] instead.",
    );
  }
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
  const readme =
    packagePaths.length === 0
      ? []
      : facts.readme.map((path) =>
          contextPath(path, `${facts.file}: readme`, problems),
        );
  const runtimeSources =
    options.sources ??
    [
      ...new Set([
        ...(packagePaths.length > 0 ? packagePaths : layout.topLevelCode()),
        ...(serving.server?.sources ?? []),
      ]),
    ].map((path) => contextPath(path, "runtime source", problems));
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

/** A relative path without `./`, doubled or trailing slashes. */
function cleanPath(path: string): string {
  return normalize(path).replace(/\/+$/, "");
}

/**
 * A path from pyproject.toml that the Dockerfile copies, cleaned; a path
 * outside the build context, one Docker cannot copy as written, or a
 * secret is a problem naming `what`.
 */
function contextPath(path: string, what: string, problems: string[]): string {
  const shown = JSON.stringify(path);
  const clean = cleanPath(path);
  if (isAbsolute(path) || clean === ".." || clean.startsWith("../")) {
    problems.push(
      `${what} ${shown} lies outside the project directory, the Docker build ` +
        "context; move it inside the project.",
    );
    return clean;
  }
  if (clean === "" || clean === ".") {
    problems.push(
      `${what} ${shown} is the whole project directory; name a folder or file inside it.`,
    );
    return clean;
  }
  try {
    assertPath(clean, `${what} ${shown}:`);
  } catch (e) {
    problems.push((e as Error).message);
    return clean;
  }
  if (isNeverCopied(clean)) {
    problems.push(
      `${what} ${shown} is a secret or version-control path, which the ` +
        ".dockerignore always keeps out of the image; move the code elsewhere.",
    );
  }
  return clean;
}

/** How the container starts: its command, and the detected server if used. */
interface Serving {
  readonly command: string[];
  readonly port?: number;
  readonly server?: WebServer;
}

/**
 * The container's command: the option, else the single console script,
 * else the detected web framework's server, else the one top-level script
 * of an app without a package. A detected framework's build-time steps
 * apply whichever command is chosen.
 */
function chooseServing(
  facts: PyprojectFacts,
  layout: AppLayout,
  options: PoetryDockerImageOptions,
  problems: string[],
): Serving {
  const detection =
    options.detectFramework === false
      ? undefined
      : detectWebFramework(layout, facts.dependencies);
  const server =
    detection && "server" in detection ? detection.server : undefined;
  if (options.command !== undefined) {
    return { command: options.command, server };
  }
  if (facts.scripts.length === 1) {
    try {
      assertSingleLine(facts.scripts[0], `${facts.file}: console script`);
    } catch (e) {
      problems.push((e as Error).message);
    }
    return { command: [facts.scripts[0]], server };
  }
  if (server) {
    const port = options.port ?? server.defaultPort;
    return { command: server.command(port), port, server };
  }
  const main = layout.packages.length === 0 ? mainScript(layout) : undefined;
  if (main !== undefined) {
    return { command: ["python", main] };
  }
  problems.push(commandProblem(facts, detection));
  return { command: [] };
}

/** The single top-level script with a `__main__` guard, if exactly one. */
function mainScript(layout: AppLayout): string | undefined {
  const scripts = layout
    .topLevelCode()
    .filter(
      (path) =>
        path.endsWith(".py") &&
        /^if\s+__name__\s*==\s*["']__main__["']/m.test(layout.read(path)),
    );
  return scripts.length === 1 ? scripts[0] : undefined;
}

function commandProblem(
  facts: PyprojectFacts,
  detection: ReturnType<typeof detectWebFramework>,
): string {
  const hint = 'set the command option, such as command: ["myapp"].';
  if (detection && "problem" in detection) {
    return (
      `the container needs a command: ${detection.framework} is among the main ` +
      `dependencies of ${facts.file}, but ${detection.problem}; fix that, or ${hint}`
    );
  }
  const count = facts.scripts.length === 0 ? "no" : "several";
  const found = facts.scripts.length === 0 ? "none" : facts.scripts.join(", ");
  return (
    `the container needs a command: ${facts.file} declares ${count} console scripts ` +
    `(${found}) and no web framework was found; ${hint}`
  );
}
